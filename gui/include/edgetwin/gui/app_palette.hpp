#pragma once
// Light and dark palettes for the whole studio. The state colours of the tiles (tile_palette.hpp)
// stay the same in both: they differ in lightness and carry a letter, so they stay apart on
// either background and for colour-blind users.
#include <QPalette>

namespace edgetwin::gui {

QPalette studio_palette(bool dark);
// Sets the application palette (every widget repaints).
void apply_studio_palette(bool dark);

}  // namespace edgetwin::gui
