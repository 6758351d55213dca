#include "edgetwin/gui/plan_compare_runner.hpp"

#include <QDir>
#include <QRegularExpression>

namespace edgetwin::gui {
namespace {

QString tail(const QByteArray& bytes) { return QString::fromUtf8(bytes).trimmed().right(1500); }

}  // namespace

PlanCompareRunner::PlanCompareRunner(QObject* parent) : QObject(parent) {}

PlanCompareRunner::~PlanCompareRunner() {
  if (!isRunning()) return;
  // The window is closing: stop the sweep (it stops its runs on SIGTERM) without reporting.
  process_->disconnect(this);
  process_->terminate();
  if (!process_->waitForFinished(5000)) process_->kill();
}

bool PlanCompareRunner::isRunning() const {
  return process_ != nullptr && process_->state() != QProcess::NotRunning;
}

QStringList PlanCompareRunner::arguments(int plan) const {
  const auto& p = plans_.at(static_cast<std::size_t>(plan));
  return {"sweep",
          p.file,
          "--seeds",
          QString("1..%1").arg(seeds_),
          "--jobs",
          QString::number(jobs_),
          "--fresh",
          "--out",
          QDir(out_dir_).filePath("plan-" + p.name)};
}

bool PlanCompareRunner::start(const std::vector<ComparePlan>& plans, int seeds, int jobs,
                              const QString& out_dir) {
  if (isRunning() || plans.size() < 2 || seeds < 1 || seeds > kSeedsMax) return false;
  plans_ = plans;
  seeds_ = seeds;
  jobs_ = std::max(1, jobs);
  out_dir_ = out_dir;
  current_ = 0;
  cancelled_ = false;
  results_.clear();
  startPlan();
  return true;
}

void PlanCompareRunner::startPlan() {
  if (process_ != nullptr) process_->deleteLater();
  process_ = new QProcess(this);
  process_->setStandardOutputFile(QProcess::nullDevice());  // the sweep's summary: not needed
  connect(process_, &QProcess::readyReadStandardError, this, &PlanCompareRunner::readStderr);
  connect(process_, &QProcess::finished, this, &PlanCompareRunner::onFinished);
  connect(process_, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
    if (e == QProcess::FailedToStart)
      fail(tr("cannot start %1: %2").arg(program_, process_->errorString()));
  });
  stderr_.clear();
  current_done_ = 0;
  const int total = static_cast<int>(plans_.size()) * seeds_;
  emit progressChanged(static_cast<int>(current_) * seeds_, total,
                       tr("plan %1: starting %2 runs").arg(plans_[current_].name).arg(seeds_));
  process_->start(program_, arguments(static_cast<int>(current_)));
}

void PlanCompareRunner::readStderr() {
  stderr_ += process_->readAllStandardError();
  // Keep the tail only: a sweep of many seeds prints a line per tenth, but a broken one may not.
  if (stderr_.size() > kStderrBytesMax) stderr_ = stderr_.right(kStderrBytesMax);
  static const QRegularExpression runs(R"(runs (\d+)/(\d+) done)");
  const QList<QByteArray> lines = stderr_.split('\n');
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    const QString line = QString::fromUtf8(*it).trimmed();
    const auto m = runs.match(line);
    if (!m.hasMatch()) continue;
    current_done_ = m.captured(1).toInt();
    const int total = static_cast<int>(plans_.size()) * seeds_;
    emit progressChanged(static_cast<int>(current_) * seeds_ + current_done_, total,
                         tr("plan %1: %2").arg(plans_[current_].name, line));
    return;
  }
}

void PlanCompareRunner::onFinished(int exit_code, QProcess::ExitStatus status) {
  stderr_ += process_->readAllStandardError();
  const QString name = plans_[current_].name;
  if (cancelled_) return fail(tr("cancelled"));
  // 0: every run passed; 1: an assertion failed in some run. Both are results to compare.
  if (status != QProcess::NormalExit || (exit_code != 0 && exit_code != 1))
    return fail(tr("plan %1: edgetwin sweep %2:\n%3")
                    .arg(name,
                         status != QProcess::NormalExit
                             ? tr("crashed")
                             : tr("exited with status %1").arg(exit_code),
                         tail(stderr_)));
  std::string error;
  const QString dir = QDir(out_dir_).filePath("plan-" + name);
  auto plan = campaign::read_plan_run(name.toStdString(), dir.toStdString(), error);
  if (!plan) return fail(tr("plan %1: %2").arg(name, QString::fromStdString(error)));
  results_.push_back(std::move(*plan));
  if (++current_ < plans_.size()) return startPlan();
  const int total = static_cast<int>(plans_.size()) * seeds_;
  emit progressChanged(total, total, tr("%1 plans, %2 runs done").arg(plans_.size()).arg(total));
  emit finished(true, {});
}

void PlanCompareRunner::cancel() {
  if (!isRunning()) return;
  cancelled_ = true;
  process_->terminate();  // SIGTERM: the sweep cancels its runs and exits 130
}

void PlanCompareRunner::fail(const QString& error) {
  if (process_ != nullptr) process_->disconnect(this);
  results_.clear();
  emit finished(false, error);
}

}  // namespace edgetwin::gui
