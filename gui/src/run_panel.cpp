#include "edgetwin/gui/run_panel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSet>
#include <QSlider>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "edgetwin/gui/event_filter_model.hpp"
#include "edgetwin/gui/event_table_model.hpp"
#include "edgetwin/gui/fleet_model.hpp"
#include "edgetwin/gui/fleet_tile_view.hpp"

namespace edgetwin::gui {
namespace {

QString clock(double s) {
  const auto total = static_cast<qint64>(s);
  return QString("%1:%2:%3").arg(total / 3600).arg(total / 60 % 60, 2, 10, QChar('0')).arg(total % 60, 2, 10, QChar('0'));
}

}  // namespace

RunPanel::RunPanel(FleetModel* fleet, QAbstractItemModel* tiles, RunController* run, QWidget* parent)
    : QWidget(parent),
      fleet_(fleet),
      run_(run),
      events_(new EventTableModel(this)),
      filter_(new EventFilterModel(this)),
      tiles_(new FleetTileView(this)) {
  filter_->setSourceModel(events_);
  tiles_->setModel(tiles);
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(tiles_);
  scroll->setWidgetResizable(true);
  auto* right = new QWidget(this);
  auto* right_layout = new QVBoxLayout(right);
  right_layout->setContentsMargins(0, 0, 0, 0);
  right_layout->addWidget(buildControls());
  right_layout->addWidget(buildTimeline(), 1);
  auto* split = new QSplitter(this);
  split->setObjectName("runSplitter");
  split->addWidget(scroll);
  split->addWidget(right);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(split);
  connect(tiles_, &FleetTileView::siteSelected, this, &RunPanel::siteSelected);
  connect(tiles_, &FleetTileView::siteSelected, site_filter_, &QLineEdit::setText);
  connect(run_, &RunController::eventReceived, this, &RunPanel::onEvent);
  connect(run_, &RunController::progressChanged, this, &RunPanel::onProgress);
  connect(run_, &RunController::finished, this, &RunPanel::onFinished);
  connect(run_, &RunController::started, this, [this] {
    start_->setEnabled(false);
    cancel_->setEnabled(true);
    scrub_->setEnabled(false);
  });
}

QWidget* RunPanel::buildControls() {
  auto* box = new QWidget(this);
  auto* grid = new QGridLayout(box);
  grid->setContentsMargins(0, 0, 0, 0);
  start_ = new QPushButton(tr("Run (F5)"), box);
  cancel_ = new QPushButton(tr("Cancel (Esc)"), box);
  cancel_->setEnabled(false);
  pause_ = new QCheckBox(tr("Pause display (Ctrl+P)"), box);
  progress_ = new QProgressBar(box);
  progress_->setRange(0, 100);
  progress_->setValue(0);
  status_ = new QLabel(tr("Not run yet"), box);
  error_ = new QLabel(box);
  error_->setWordWrap(true);
  error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  error_->setStyleSheet("color:#b71c1c; font-weight:bold");
  error_->hide();
  scrub_ = new QSlider(Qt::Horizontal, box);
  scrub_->setEnabled(false);
  scrub_->setToolTip(tr("After the run: drag to see the fleet at any moment"));
  scrub_label_ = new QLabel(tr("history"), box);
  grid->addWidget(start_, 0, 0);
  grid->addWidget(cancel_, 0, 1);
  grid->addWidget(pause_, 0, 2);
  grid->addWidget(progress_, 1, 0, 1, 3);
  grid->addWidget(status_, 2, 0, 1, 3);
  grid->addWidget(error_, 3, 0, 1, 3);
  grid->addWidget(scrub_label_, 4, 0);
  grid->addWidget(scrub_, 4, 1, 1, 2);
  connect(start_, &QPushButton::clicked, this, &RunPanel::runRequested);
  connect(cancel_, &QPushButton::clicked, run_, &RunController::cancel);
  connect(pause_, &QCheckBox::toggled, this, &RunPanel::setPaused);
  connect(scrub_, &QSlider::valueChanged, this, [this](int v) { scrubTo(v); });
  return box;
}

QWidget* RunPanel::buildTimeline() {
  auto* box = new QWidget(this);
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* filters = new QHBoxLayout;
  site_filter_ = new QLineEdit(box);
  site_filter_->setPlaceholderText(tr("site (all)"));
  site_filter_->setClearButtonEnabled(true);
  kind_filter_ = new QComboBox(box);
  kind_filter_->setEditable(true);
  kind_filter_->setMinimumContentsLength(14);
  kind_filter_->lineEdit()->setPlaceholderText(tr("kind (all)"));
  filters->addWidget(new QLabel(tr("Timeline:"), box));
  filters->addWidget(site_filter_);
  filters->addWidget(kind_filter_);
  layout->addLayout(filters);
  table_ = new QTableView(box);
  table_->setModel(filter_);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setDefaultSectionSize(20);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setColumnWidth(EventTableModel::Time, 72);
  table_->setColumnWidth(EventTableModel::Site, 44);
  table_->setColumnWidth(EventTableModel::Box, 56);
  table_->setColumnWidth(EventTableModel::Kind, 112);
  layout->addWidget(table_);
  connect(site_filter_, &QLineEdit::textChanged, filter_, &EventFilterModel::setSite);
  connect(kind_filter_, &QComboBox::currentTextChanged, filter_, &EventFilterModel::setKindPrefix);
  return box;
}

void RunPanel::reset() {
  history_.clear();
  applied_ = 0;
  events_->clear();
  fleet_->resetStates();
  progress_->setValue(0);
  error_->hide();
  scrub_->setEnabled(false);
  status_->setText(tr("Not run yet"));
}

void RunPanel::onEvent(const QJsonObject& event) {
  if (history_.size() >= kHistoryMax) return;  // the display stops; the run goes on
  history_.push_back(event);
  if (!paused_) catchUp();
}

void RunPanel::catchUp() {
  for (; applied_ < history_.size(); ++applied_) {
    fleet_->applyEvent(history_[applied_]);
    events_->appendEvent(history_[applied_]);
  }
  if (!paused_ && !table_->isHidden()) table_->scrollToBottom();
}

void RunPanel::setPaused(bool paused) {
  paused_ = paused;
  if (pause_->isChecked() != paused) pause_->setChecked(paused);
  if (!paused_) catchUp();
}

void RunPanel::onProgress(const RunProgress& p) {
  duration_s_ = p.duration_s;
  progress_->setValue(static_cast<int>(p.fraction() * 100 + 1e-9));
  const QString eta = p.eta_s() < 0 ? tr("?") : clock(p.eta_s());
  status_->setText(tr("simulated %1 of %2 · %3× real time · ETA %4 · %5 events")
                       .arg(clock(p.sim_s), clock(p.duration_s))
                       .arg(p.speedup(), 0, 'f', 0)
                       .arg(eta)
                       .arg(history_.size()));
}

void RunPanel::onFinished(const RunOutcome& outcome) {
  start_->setEnabled(true);
  cancel_->setEnabled(false);
  catchUp();
  refreshKinds();
  error_->setVisible(!outcome.completed);
  if (!outcome.completed) {
    const QString tail = outcome.stderr_tail.right(600);
    error_->setText(outcome.error + (tail.isEmpty() ? "" : "\n" + tail));
  }
  onProgress(run_->progress());
  scrub_->blockSignals(true);
  scrub_->setRange(0, static_cast<int>(duration_s_));
  scrub_->setValue(scrub_->maximum());
  scrub_->blockSignals(false);
  scrub_->setEnabled(!history_.empty());
  scrub_label_->setText(tr("at %1").arg(clock(duration_s_)));
}

void RunPanel::refreshKinds() {
  QSet<QString> kinds;
  for (const QJsonObject& e : history_) kinds.insert(e.value("kind").toString());
  QStringList sorted(kinds.begin(), kinds.end());
  sorted.sort();
  const QString current = kind_filter_->currentText();
  kind_filter_->clear();
  kind_filter_->addItem("");
  kind_filter_->addItems(sorted);
  kind_filter_->setCurrentText(current);
}

void RunPanel::scrubTo(double t_s) {
  if (run_->isRunning()) return;
  setPaused(false);
  fleet_->replay(history_, t_s);
  scrub_label_->setText(tr("at %1").arg(clock(t_s)));
  if (scrub_->value() != static_cast<int>(t_s)) scrub_->setValue(static_cast<int>(t_s));
  const int row = events_->lastRowAtOrBefore(t_s);
  if (row < 0) return;
  const QModelIndex shown = filter_->mapFromSource(events_->index(row, 0));
  if (shown.isValid()) table_->scrollTo(shown, QAbstractItemView::PositionAtCenter);
  if (shown.isValid()) table_->selectRow(shown.row());
}

int RunPanel::progressPercent() const { return progress_->value(); }
QString RunPanel::errorText() const { return error_->isHidden() ? QString() : error_->text(); }
QString RunPanel::progressText() const { return status_->text(); }

}  // namespace edgetwin::gui
