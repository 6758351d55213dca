#pragma once
// Runs plans A, B, ... one after the other, each as `edgetwin sweep PLAN --seeds 1..N --jobs J
// --fresh --out DIR/plan-X` (a child process: the twin never runs inside the studio), follows
// the sweep's progress lines, and reads each campaign back (`campaign::read_plan_run`). Cancel
// sends SIGTERM: the sweep stops its runs and records them as cancelled. A sweep that fails
// (exit 2, a crash, a program that cannot start) ends the comparison with its stderr. Qt Core.
#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <vector>

#include "edgetwin/campaign/plan_compare.hpp"

namespace edgetwin::gui {

struct ComparePlan {
  QString name;  // "A", "B", ...
  QString file;  // the scenario file the sweep runs
};

class PlanCompareRunner : public QObject {
  Q_OBJECT
 public:
  static constexpr int kSeedsMax = 1000;  // a studio comparison, not a nightly campaign
  static constexpr qint64 kStderrBytesMax = 16 * 1024;

  explicit PlanCompareRunner(QObject* parent = nullptr);
  ~PlanCompareRunner() override;

  void setProgram(const QString& edgetwin_path) { program_ = edgetwin_path; }
  // Runs every plan with seeds 1..seeds into out_dir/plan-<name>. False (nothing started)
  // while running, with fewer than two plans, or seeds outside 1..kSeedsMax.
  bool start(const std::vector<ComparePlan>& plans, int seeds, int jobs, const QString& out_dir);
  void cancel();
  bool isRunning() const;
  // The plans read back after a successful comparison, in the order given.
  const std::vector<campaign::PlanRun>& results() const { return results_; }
  // The command line of plan i's sweep, as a user could type it.
  QStringList arguments(int plan) const;

 signals:
  // runs done (all plans) out of the total, and the sweep's latest progress line.
  void progressChanged(int done, int total, const QString& line);
  // ok: every plan ran (its runs may have failed assertions: exit 1 is a result, not an error).
  void finished(bool ok, const QString& error);

 private:
  void startPlan();
  void readStderr();
  void onFinished(int exit_code, QProcess::ExitStatus status);
  void fail(const QString& error);

  QString program_;
  std::vector<ComparePlan> plans_;
  int seeds_ = 0;
  int jobs_ = 1;
  QString out_dir_;
  std::size_t current_ = 0;
  int current_done_ = 0;
  QProcess* process_ = nullptr;
  QByteArray stderr_;
  bool cancelled_ = false;
  std::vector<campaign::PlanRun> results_;
};

}  // namespace edgetwin::gui
