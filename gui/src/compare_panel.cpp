#include "edgetwin/gui/compare_panel.hpp"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QPen>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "edgetwin/gui/number_format.hpp"

namespace edgetwin::gui {
namespace {

// Okabe-Ito: told apart by colour-blind readers too (blue, orange, green, purple, ...).
const QColor kPlanColours[] = {QColor(0x00, 0x72, 0xb2), QColor(0xe6, 0x9f, 0x00),
                               QColor(0x00, 0x9e, 0x73), QColor(0xcc, 0x79, 0xa7),
                               QColor(0x56, 0xb4, 0xe9), QColor(0xd5, 0x5e, 0x00)};

QChartView* make_view(QWidget* parent) {
  auto* chart = new QChart;
  chart->setMargins(QMargins(4, 4, 4, 4));
  chart->legend()->setAlignment(Qt::AlignBottom);
  auto* view = new QChartView(chart, parent);
  view->setRenderHint(QPainter::Antialiasing);
  view->setMinimumSize(300, 180);
  return view;
}

QChart* reset_chart(QChartView* view, const QString& title) {
  QChart* chart = view->chart();
  chart->removeAllSeries();
  for (QAbstractAxis* axis : chart->axes()) {
    chart->removeAxis(axis);
    delete axis;
  }
  chart->setTitle(title);
  return chart;
}

// An axis from 0 with ticks on round values; a count (`whole`) ticks on whole numbers only.
QValueAxis* value_axis(QChart* chart, Qt::Alignment where, const QString& title, double max,
                       bool whole = false) {
  auto* axis = new QValueAxis;
  axis->setTitleText(title);
  const double step =
      whole ? std::max(1.0, nice_step(max > 0 ? max : 1)) : nice_step(max > 0 ? max : 1);
  axis->setRange(0, std::max(step, std::ceil((max > 0 ? max : 1) / step) * step));
  axis->setTickType(QValueAxis::TicksDynamic);
  axis->setTickAnchor(0);
  axis->setTickInterval(step);
  axis->setLabelFormat(step >= 1 ? "%.0f" : "%g");
  chart->addAxis(axis, where);
  return axis;
}

QString letter(int i) { return QString(QChar('A' + i)); }

}  // namespace

ComparePanel::ComparePanel(QWidget* parent)
    : QWidget(parent),
      work_(std::make_unique<QTemporaryDir>()),
      runner_(new PlanCompareRunner(this)),
      list_(new QListWidget(this)),
      seeds_(new QSpinBox(this)),
      jobs_(new QSpinBox(this)),
      add_file_(new QPushButton(tr("Add scenario file…"), this)),
      add_current_(new QPushButton(tr("Add the planner's scenario"), this)),
      remove_(new QPushButton(tr("Remove plan"), this)),
      run_(new QPushButton(tr("Run plans (Ctrl+R)"), this)),
      cancel_(new QPushButton(tr("Cancel"), this)),
      progress_(new QProgressBar(this)),
      status_(new QLabel(this)),
      diff_status_(new QLabel(this)),
      table_view_(new QTableView(this)),
      diff_view_(new QTableView(this)),
      rollout_(make_view(this)),
      failover_(make_view(this)) {
  list_->setMaximumHeight(86);
  seeds_->setRange(1, PlanCompareRunner::kSeedsMax);
  seeds_->setValue(3);
  seeds_->setPrefix(tr("seeds 1.."));
  jobs_->setRange(1, 64);
  jobs_->setValue(2);
  jobs_->setSuffix(tr(" at once"));
  auto* buttons = new QVBoxLayout;
  for (QWidget* w : {static_cast<QWidget*>(add_file_), static_cast<QWidget*>(add_current_),
                     static_cast<QWidget*>(remove_)})
    buttons->addWidget(w);
  auto* runs = new QGridLayout;
  runs->addWidget(seeds_, 0, 0);
  runs->addWidget(jobs_, 0, 1);
  runs->addWidget(run_, 1, 0);
  runs->addWidget(cancel_, 1, 1);
  auto* top = new QHBoxLayout;
  top->addWidget(list_, 1);
  top->addLayout(buttons);
  top->addLayout(runs);
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  // The label column as wide as its text, the plans sharing the rest equally: every plan stays
  // in view side by side, a long value (a description) is elided and whole in its tooltip.
  for (QTableView* v : {table_view_, diff_view_}) {
    v->verticalHeader()->hide();
    v->verticalHeader()->setDefaultSectionSize(20);
    v->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    v->horizontalHeader()->setTextElideMode(Qt::ElideRight);
    v->setWordWrap(false);
    v->setTextElideMode(Qt::ElideRight);
  }
  table_view_->setModel(&table_);
  diff_view_->setModel(&diff_);
  for (QTableView* v : {table_view_, diff_view_}) {
    // Column 0 (labels, pointers) fits its text whenever the model resets.
    connect(v->model(), &QAbstractItemModel::modelReset, v,
            [v] { v->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents); });
    v->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  }
  auto* diff_box = new QWidget(this);
  auto* diff_layout = new QVBoxLayout(diff_box);
  diff_layout->setContentsMargins(0, 0, 0, 0);
  diff_layout->addWidget(diff_status_);
  diff_layout->addWidget(diff_view_, 1);
  auto* left = new QSplitter(Qt::Vertical, this);
  left->addWidget(table_view_);
  left->addWidget(diff_box);
  left->setSizes({330, 170});
  auto* right = new QSplitter(Qt::Vertical, this);
  right->addWidget(rollout_);
  right->addWidget(failover_);
  auto* split = new QSplitter(this);
  split->setObjectName("compareSplitter");
  split->addWidget(left);
  split->addWidget(right);
  split->setSizes({780, 560});
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(progress_);
  layout->addWidget(status_);
  layout->addWidget(split, 1);
  connect(add_file_, &QPushButton::clicked, this, &ComparePanel::addFileDialog);
  connect(add_current_, &QPushButton::clicked, this, &ComparePanel::addCurrentRequested);
  connect(remove_, &QPushButton::clicked, this, [this] { removePlan(list_->currentRow()); });
  connect(run_, &QPushButton::clicked, this, &ComparePanel::runPlans);
  connect(cancel_, &QPushButton::clicked, this, &ComparePanel::cancel);
  connect(runner_, &PlanCompareRunner::progressChanged, this, &ComparePanel::onProgress);
  connect(runner_, &PlanCompareRunner::finished, this, &ComparePanel::onFinished);
  setControlsRunning(false);
  refreshPlans();
}

ComparePanel::~ComparePanel() = default;

bool ComparePanel::addPlan(const QString& scenario_file, const QString& title) {
  if (planCount() >= kPlansMax || isRunning()) return false;
  plans_.push_back({letter(planCount()), QFileInfo(scenario_file).absoluteFilePath(),
                    title.isEmpty() ? QFileInfo(scenario_file).fileName() : title});
  refreshPlans();
  return true;
}

QString ComparePanel::nextPlanCopyPath() const {
  return QDir(work_->path()).filePath(QString("planner-copy-%1.scenario.json").arg(copies_ + 1));
}

bool ComparePanel::addPlanText(const std::string& text, const QString& title) {
  if (planCount() >= kPlansMax || isRunning()) return false;
  const QString path = nextPlanCopyPath();
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly) ||
      file.write(text.data(), static_cast<qint64>(text.size())) < 0)
    return false;
  ++copies_;
  return addPlan(path, title);
}

void ComparePanel::removePlan(int index) {
  if (index < 0 || index >= planCount() || isRunning()) return;
  plans_.erase(plans_.begin() + index);
  for (int i = 0; i < planCount(); ++i) plans_[static_cast<std::size_t>(i)].name = letter(i);
  refreshPlans();
}

void ComparePanel::setSeeds(int seeds) { seeds_->setValue(seeds); }
void ComparePanel::setJobs(int jobs) { jobs_->setValue(jobs); }

void ComparePanel::addFileDialog() {
  const QStringList files = QFileDialog::getOpenFileNames(
      this, tr("Add plans"), {}, tr("Scenario (*.scenario.json);;All files (*)"));
  for (const QString& f : files) addPlan(f);
}

// The list, the diff of the plans' files (read afresh: a plan may have been edited on disk),
// and the results of an earlier comparison cleared: they belong to other plans.
void ComparePanel::refreshPlans() {
  list_->clear();
  std::vector<campaign::Json> documents;
  QStringList labels, problems;
  for (const auto& p : plans_) {
    list_->addItem(QString("%1   %2   (%3)").arg(p.name, p.title, p.file));
    labels << QString("%1: %2").arg(p.name, p.title);
    std::string error;
    if (auto doc = campaign::load_plan_document(p.file.toStdString(), error))
      documents.push_back(std::move(*doc));
    else
      problems << QString::fromStdString(error);
  }
  if (problems.isEmpty())
    diff_.setPlans(documents, labels);
  else
    diff_.setPlans({}, {});
  if (!problems.isEmpty())
    diff_status_->setText(tr("Cannot compare the files: %1").arg(problems.join("; ")));
  else if (plans_.size() < 2)
    diff_status_->setText(
        tr("What differs between the plans' files (their fleets inlined) shows here."));
  else
    diff_status_->setText(tr("What differs between the plans' files (fleets inlined): %n place(s)",
                             "", static_cast<int>(diff_.rows().size())));
  table_.clear();
  fillRolloutChart();
  fillFailoverChart();
  progress_->setValue(0);
  status_->setText(plans_.size() < 2
                       ? tr("Add two or more plans: scenario files, or the planner's scenario as "
                            "edited (add it, edit, add it again).")
                       : tr("%1 plans. Run them (Ctrl+R): each seed of each plan is an `edgetwin "
                            "sweep` run.")
                             .arg(plans_.size()));
  setControlsRunning(false);
}

bool ComparePanel::runPlans() {
  if (plans_.size() < 2 || isRunning()) return false;
  std::vector<ComparePlan> plans;
  for (const auto& p : plans_) plans.push_back({p.name, p.file});
  table_.clear();
  fillRolloutChart();
  fillFailoverChart();
  if (!runner_->start(plans, seeds_->value(), jobs_->value(), QDir(work_->path()).filePath("runs")))
    return false;
  setControlsRunning(true);
  return true;
}

void ComparePanel::cancel() { runner_->cancel(); }

void ComparePanel::onProgress(int done, int total, const QString& line) {
  progress_->setRange(0, std::max(total, 1));
  progress_->setValue(done);
  status_->setText(line);
}

void ComparePanel::onFinished(bool ok, const QString& error) {
  setControlsRunning(false);
  if (!ok) {
    status_->setText(tr("<span style='color:#b71c1c'>The comparison stopped: %1</span>")
                         .arg(error.toHtmlEscaped().replace('\n', "<br>")));
    emit compareFinished(false);
    return;
  }
  QStringList labels;
  for (const auto& p : plans_) labels << QString("%1: %2").arg(p.name, p.title);
  table_.setPlans(runner_->results(), labels);
  fillRolloutChart();
  fillFailoverChart();
  status_->setText(tr("%1 plans x %2 seeds. Each cell: p50 / p95 / max over the seeds. Plan "
                      "folders: %3")
                       .arg(plans_.size())
                       .arg(seeds_->value())
                       .arg(QDir(work_->path()).filePath("runs")));
  emit compareFinished(true);
}

void ComparePanel::fillRolloutChart() {
  QChart* chart =
      reset_chart(rollout_, tr("Rollout progress: sites ready (each plan's median seed)"));
  double t_max = 0, sites_max = 0;
  const auto& plans = table_.plans();
  for (std::size_t i = 0; i < plans.size(); ++i) {
    const auto& p = plans[i];
    if (p.rollout_progress.empty()) continue;
    auto* line = new QLineSeries;
    line->setName(
        tr("%1 (seed %2)").arg(QString::fromStdString(p.name)).arg(p.rollout_seed.value_or(0)));
    line->setPen(QPen(kPlanColours[i % std::size(kPlanColours)], 2.5));
    line->setPointsVisible(true);
    for (const auto& [t, n] : p.rollout_progress) {
      line->append(t, n);
      t_max = std::max(t_max, t);
      sites_max = std::max(sites_max, n);
    }
    chart->addSeries(line);
  }
  if (chart->series().isEmpty()) {
    chart->setTitle(plans.empty()
                        ? tr("Rollout progress: run the plans to see it")
                        : tr("Rollout progress: no plan has a rollout that finished a wave"));
    return;
  }
  value_axis(chart, Qt::AlignBottom, tr("simulated time (s)"), t_max);
  value_axis(chart, Qt::AlignLeft, tr("sites ready"), sites_max, true);
  for (QAbstractSeries* s : chart->series())
    for (QAbstractAxis* axis : chart->axes()) s->attachAxis(axis);
  chart->legend()->show();
}

void ComparePanel::fillFailoverChart() {
  QChart* chart = reset_chart(failover_, tr("VIP failover time per site, all seeds"));
  const auto& plans = table_.plans();
  std::vector<std::vector<double>> samples;
  std::size_t total = 0;
  for (const auto& p : plans) {
    samples.push_back(p.failover_samples);
    total += p.failover_samples.size();
  }
  if (total == 0) {
    chart->setTitle(plans.empty() ? tr("VIP failover: run the plans to see it")
                                  : tr("VIP failover: no failover in any run"));
    return;
  }
  const auto h = campaign::shared_histogram(samples, kFailoverBins);
  auto* series = new QBarSeries;
  int most = 0;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    auto* set = new QBarSet(tr("%1 (%n failover(s))", "", static_cast<int>(samples[i].size()))
                                .arg(QString::fromStdString(plans[i].name)));
    set->setColor(kPlanColours[i % std::size(kPlanColours)]);
    set->setBorderColor(kPlanColours[i % std::size(kPlanColours)]);
    for (const int c : h.counts[i]) {
      *set << c;
      most = std::max(most, c);
    }
    series->append(set);
  }
  QStringList labels;
  const double width = h.edges[1] - h.edges[0];
  const int decimals = width >= 10 ? 0 : (width >= 1 ? 1 : 2);
  for (std::size_t b = 0; b + 1 < h.edges.size(); ++b)
    labels << format_number(h.edges[b], decimals);
  auto* axis_x = new QBarCategoryAxis;
  axis_x->append(labels);
  axis_x->setTitleText(tr("seconds (bin start, %1 s bins)").arg(format_number(width, decimals)));
  axis_x->setTruncateLabels(false);
  chart->addAxis(axis_x, Qt::AlignBottom);
  value_axis(chart, Qt::AlignLeft, tr("site failovers"), most, true);
  chart->addSeries(series);
  for (QAbstractAxis* axis : chart->axes()) series->attachAxis(axis);
  chart->legend()->show();
}

void ComparePanel::setControlsRunning(bool running) {
  for (QWidget* w : {static_cast<QWidget*>(add_file_), static_cast<QWidget*>(add_current_),
                     static_cast<QWidget*>(remove_), static_cast<QWidget*>(seeds_),
                     static_cast<QWidget*>(jobs_)})
    w->setEnabled(!running);
  run_->setEnabled(!running && plans_.size() >= 2);
  cancel_->setEnabled(running);
}

QString ComparePanel::status() const { return status_->text(); }

int ComparePanel::rolloutSeries() const {
  return static_cast<int>(rollout_->chart()->series().size());
}

int ComparePanel::failoverBarSets() const {
  const auto series = failover_->chart()->series();
  return series.isEmpty() ? 0 : static_cast<int>(static_cast<QBarSeries*>(series.front())->count());
}

}  // namespace edgetwin::gui
