#include "edgetwin/gui/app_palette.hpp"

#include <QApplication>
#include <QStyle>

namespace edgetwin::gui {

QPalette studio_palette(bool dark) {
  if (!dark) return QApplication::style()->standardPalette();
  QPalette p;
  const QColor window(0x2b, 0x2b, 0x2b);
  const QColor base(0x1e, 0x1e, 0x1e);
  const QColor text(0xe8, 0xe8, 0xe8);
  const QColor muted(0x8a, 0x8a, 0x8a);
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, window);
  p.setColor(QPalette::ToolTipBase, base);
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::PlaceholderText, muted);
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, window);
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::BrightText, Qt::white);
  p.setColor(QPalette::Link, QColor(0x64, 0xb5, 0xf6));
  p.setColor(QPalette::Highlight, QColor(0x42, 0x7f, 0xc4));
  p.setColor(QPalette::HighlightedText, Qt::white);
  for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
    p.setColor(QPalette::Disabled, role, muted);
  return p;
}

void apply_studio_palette(bool dark) { QApplication::setPalette(studio_palette(dark)); }

}  // namespace edgetwin::gui
