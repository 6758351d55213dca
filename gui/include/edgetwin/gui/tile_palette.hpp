#pragma once
// How site states look (tile colours, chosen to stay apart for common colour-vision deficiencies
// by also differing in lightness), and the legend that doubles as a state filter.
#include <optional>
#include <vector>

#include <QColor>
#include <QToolButton>
#include <QWidget>

#include "edgetwin/gui/site_state.hpp"

namespace edgetwin::gui {

QColor state_fill(SiteState state);
QColor state_text(SiteState state);  // readable on state_fill
// The state as a letter in the tile's corner ("" for running) and a hatch over the worst states,
// so a tile reads the same without colour (issue 19).
QString state_letter(SiteState state);
Qt::BrushStyle state_pattern(SiteState state);

class StateLegend : public QWidget {
  Q_OBJECT
 public:
  explicit StateLegend(QWidget* parent = nullptr);
  // Updates the counts shown beside each state (indexed by int(SiteState)).
  void setCounts(const std::vector<int>& counts);

 signals:
  // The user picked one state to show, or none (all states).
  void stateFilterChanged(std::optional<edgetwin::gui::SiteState> state);

 private:
  void onToggled(int state, bool checked);

  std::vector<QToolButton*> buttons_;
};

}  // namespace edgetwin::gui
