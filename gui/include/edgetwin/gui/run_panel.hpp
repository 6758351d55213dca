#pragma once
// Watching a run: start and cancel, progress (simulated time, speed-up, ETA), the fleet tiles
// changing colour as events stream in, the event timeline filtered by site and kind, pausing the
// display (events keep being recorded) and, after the run, scrubbing back through its history.
#include <vector>

#include <QJsonObject>
#include <QWidget>

#include "edgetwin/gui/run_controller.hpp"

class QAbstractItemModel;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSlider;
class QTableView;

namespace edgetwin::gui {

class EventFilterModel;
class EventTableModel;
class FleetModel;
class FleetTileView;

class RunPanel : public QWidget {
  Q_OBJECT
 public:
  static constexpr std::size_t kHistoryMax = 2'000'000;  // events kept for scrubbing

  RunPanel(FleetModel* fleet, QAbstractItemModel* tiles, RunController* run, QWidget* parent = nullptr);

  // Clears the previous run's history and display (before a new run or a new file).
  void reset();
  void setPaused(bool paused);
  bool isPaused() const { return paused_; }
  // Shows the fleet as it was at simulated time t_s (after a run).
  void scrubTo(double t_s);
  const std::vector<QJsonObject>& history() const { return history_; }
  int progressPercent() const;
  QString errorText() const;
  QString progressText() const;
  FleetTileView* tileView() const { return tiles_; }
  EventTableModel* events() const { return events_; }

 signals:
  void runRequested();
  void siteSelected(const QString& site);

 private:
  QWidget* buildControls();
  QWidget* buildTimeline();
  void onEvent(const QJsonObject& event);
  void onProgress(const RunProgress& progress);
  void onFinished(const RunOutcome& outcome);
  void catchUp();
  void refreshKinds();

  FleetModel* fleet_;
  RunController* run_;
  EventTableModel* events_;
  EventFilterModel* filter_;
  std::vector<QJsonObject> history_;
  std::size_t applied_ = 0;  // history_[0, applied_) is on display
  bool paused_ = false;
  double duration_s_ = 0;
  FleetTileView* tiles_;
  QPushButton* start_;
  QPushButton* cancel_;
  QCheckBox* pause_;
  QProgressBar* progress_;
  QLabel* status_;
  QLabel* error_;
  QSlider* scrub_;
  QLabel* scrub_label_;
  QLineEdit* site_filter_;
  QComboBox* kind_filter_;
  QTableView* table_;
};

}  // namespace edgetwin::gui
