#include "edgetwin/gui/run_controller.hpp"

#include <algorithm>

#include <QJsonDocument>

namespace edgetwin::gui {
namespace {

QString describe_exit(int code) {
  if (code == 2) return "edgetwin rejected the scenario (exit status 2)";
  // A shell reports a child killed by signal N as 128 + N.
  if (code > 128 && code < 160)
    return QString("edgetwin died with exit status %1 (signal %2: it crashed)").arg(code).arg(code - 128);
  return QString("edgetwin exited with unexpected status %1").arg(code);
}

}  // namespace

double RunProgress::fraction() const {
  if (finished) return 1.0;
  if (duration_s <= 0) return 0.0;
  return std::clamp(sim_s / duration_s, 0.0, 1.0);
}

double RunProgress::speedup() const { return wall_s > 0 ? sim_s / wall_s : 0.0; }

double RunProgress::eta_s() const {
  if (finished) return 0.0;
  const double speed = speedup();
  if (speed <= 0) return -1.0;
  return std::max(0.0, duration_s - sim_s) / speed;
}

RunController::RunController(QObject* parent) : QObject(parent) {}

RunController::~RunController() {
  if (!isRunning()) return;
  // Destroyed mid-run (window closed): stop the child without reporting to a dying GUI.
  process_->disconnect(this);
  process_->kill();
  process_->waitForFinished(2000);
}

bool RunController::isRunning() const {
  return process_ != nullptr && process_->state() != QProcess::NotRunning;
}

bool RunController::start(const QString& scenario_path, double duration_s,
                          const QString& result_path) {
  if (isRunning()) return false;
  if (process_ != nullptr) process_->deleteLater();
  process_ = new QProcess(this);
  connect(process_, &QProcess::readyReadStandardOutput, this, &RunController::readStdout);
  connect(process_, &QProcess::readyReadStandardError, this, &RunController::readStderr);
  connect(process_, &QProcess::finished, this, &RunController::onFinished);
  connect(process_, &QProcess::errorOccurred, this, &RunController::onError);
  result_path_ = result_path;
  progress_ = RunProgress{0, duration_s, 0, false};
  stderr_tail_.clear();
  garbage_lines_ = 0;
  first_garbage_.clear();
  cancelled_ = false;
  wall_.start();
  since_progress_.start();
  process_->start(program_, {"run", scenario_path, "--events", "-", "--result", result_path});
  emit started();
  publishProgress(true);
  return true;
}

void RunController::cancel() {
  if (!isRunning()) return;
  cancelled_ = true;
  process_->kill();
}

void RunController::readStdout() {
  while (process_->canReadLine()) handleLine(process_->readLine().trimmed());
  // A line with no end in sight: the child is not writing an event stream.
  if (process_->bytesAvailable() > kLineBytesMax) {
    noteGarbage(process_->read(200), "a line longer than 1 MiB");
    process_->readAll();
  }
}

void RunController::readStderr() {
  stderr_tail_.append(process_->readAllStandardError());
  if (stderr_tail_.size() > kStderrBytesMax) stderr_tail_ = stderr_tail_.right(kStderrBytesMax);
}

void RunController::handleLine(const QByteArray& line) {
  if (line.isEmpty()) return;
  QJsonParseError error{};
  const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
  const QJsonObject event = doc.object();
  if (!doc.isObject() || !event.value("t").isDouble() || !event.value("kind").isString()) {
    noteGarbage(line, doc.isObject() ? "an object without t and kind" : error.errorString());
    return;
  }
  progress_.sim_s = std::max(progress_.sim_s, event.value("t").toDouble());
  emit eventReceived(event);
  publishProgress(false);
}

void RunController::noteGarbage(const QByteArray& line, const QString& why) {
  if (++garbage_lines_ == 1)
    first_garbage_ = QString("'%1' (%2)").arg(QString::fromUtf8(line.left(120)), why);
  if (garbage_lines_ > kGarbageLinesMax && isRunning()) process_->kill();
}

void RunController::publishProgress(bool force) {
  if (!force && since_progress_.elapsed() < kProgressIntervalMs) return;
  since_progress_.restart();
  progress_.wall_s = static_cast<double>(wall_.elapsed()) / 1000.0;
  emit progressChanged(progress_);
}

void RunController::onFinished(int exit_code, QProcess::ExitStatus status) {
  readStdout();
  readStderr();
  RunOutcome out;
  out.exit_code = status == QProcess::NormalExit ? exit_code : -1;
  out.stderr_tail = QString::fromUtf8(stderr_tail_).trimmed();
  if (cancelled_) {
    out.error = QString("run cancelled at simulated t = %1 s").arg(progress_.sim_s, 0, 'f', 0);
  } else if (status == QProcess::CrashExit) {
    out.error = QString("edgetwin crashed at simulated t = %1 s").arg(progress_.sim_s, 0, 'f', 0);
  } else if (garbage_lines_ > 0) {
    out.error = QString("edgetwin printed %1 line(s) that are not events, first %2")
                    .arg(garbage_lines_)
                    .arg(first_garbage_);
  } else if (exit_code != 0 && exit_code != 1) {
    out.error = describe_exit(exit_code);
  }
  out.completed = out.error.isEmpty();
  out.passed = out.completed && exit_code == 0;
  if (out.completed) out.result_path = result_path_;
  progress_.finished = out.completed;
  if (out.completed) progress_.sim_s = progress_.duration_s;
  finish(out);
}

void RunController::onError(QProcess::ProcessError error) {
  // Only a failure to start has no finished() to follow; the rest is reported there.
  if (error != QProcess::FailedToStart) return;
  RunOutcome out;
  out.error = QString("cannot start %1: %2").arg(program_, process_->errorString());
  finish(out);
}

void RunController::finish(RunOutcome outcome) {
  publishProgress(true);
  emit finished(outcome);
}

}  // namespace edgetwin::gui
