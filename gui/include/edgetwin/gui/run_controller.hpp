#pragma once
// Runs `edgetwin run SCENARIO --events - --result FILE` as a child process and turns its stdout
// into events and progress. The child is never trusted: a crash, a non-JSON line, an endless
// line or an unknown exit status ends in an error outcome, never in a GUI crash. Qt Core only.
#include <QByteArray>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QString>

namespace edgetwin::gui {

struct RunProgress {
  double sim_s = 0;       // simulated time of the latest event
  double duration_s = 0;  // the scenario's duration
  double wall_s = 0;      // since the child started
  bool finished = false;  // the child completed the run (100 %)

  double fraction() const;   // 0..1
  double speedup() const;    // simulated seconds per wall second (0 until known)
  double eta_s() const;      // wall seconds left at the current speed (-1 until known)
};

struct RunOutcome {
  bool completed = false;  // the simulation ran to the end (exit 0 or 1, clean stream)
  bool passed = false;     // exit 0: every expectation held
  int exit_code = -1;
  QString error;           // why it did not complete (empty when it did)
  QString result_path;     // the run result, when completed
  QString stderr_tail;     // the child's last words (summary, diagnostics)
};

class RunController : public QObject {
  Q_OBJECT
 public:
  static constexpr qint64 kLineBytesMax = 1 << 20;   // an event line longer than this is garbage
  static constexpr int kGarbageLinesMax = 20;        // then the child is stopped
  static constexpr qint64 kStderrBytesMax = 16 * 1024;
  static constexpr qint64 kProgressIntervalMs = 100;

  explicit RunController(QObject* parent = nullptr);
  ~RunController() override;

  void setProgram(const QString& edgetwin_path) { program_ = edgetwin_path; }
  QString program() const { return program_; }
  // False (and nothing started) while a run is in progress.
  bool start(const QString& scenario_path, double duration_s, const QString& result_path);
  void cancel();
  bool isRunning() const;
  const RunProgress& progress() const { return progress_; }
  int garbageLines() const { return garbage_lines_; }

 signals:
  void started();
  void eventReceived(const QJsonObject& event);
  void progressChanged(const edgetwin::gui::RunProgress& progress);
  void finished(const edgetwin::gui::RunOutcome& outcome);

 private:
  void readStdout();
  void readStderr();
  void handleLine(const QByteArray& line);
  void noteGarbage(const QByteArray& line, const QString& why);
  void onFinished(int exit_code, QProcess::ExitStatus status);
  void onError(QProcess::ProcessError error);
  void finish(RunOutcome outcome);
  void publishProgress(bool force);

  QString program_;
  QProcess* process_ = nullptr;
  QString result_path_;
  RunProgress progress_;
  QElapsedTimer wall_;
  QElapsedTimer since_progress_;
  QByteArray stderr_tail_;
  int garbage_lines_ = 0;
  QString first_garbage_;
  bool cancelled_ = false;
};

}  // namespace edgetwin::gui

Q_DECLARE_METATYPE(edgetwin::gui::RunProgress)
Q_DECLARE_METATYPE(edgetwin::gui::RunOutcome)
