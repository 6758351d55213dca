#pragma once
// The Compare view (issue 19, "plans compared"): plans A, B, ... (scenario files, or copies of
// the planner's scenario as edited), each run over several seeds by `edgetwin sweep` in a child
// process, then side by side: the key metrics over seeds, what differs between the plans'
// files, the rollout progress of each on one time axis and their failover distributions
// overlaid. The numbers are the campaign library's (`campaign/plan_compare.hpp`).
#include <QStringList>
#include <QTemporaryDir>
#include <QWidget>
#include <memory>
#include <vector>

#include "edgetwin/gui/compare_models.hpp"
#include "edgetwin/gui/plan_compare_runner.hpp"

class QChartView;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;

namespace edgetwin::gui {

class ComparePanel : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kPlansMax = 6;  // letters A-F; a table still legible side by side
  static constexpr int kFailoverBins = 12;

  explicit ComparePanel(QWidget* parent = nullptr);
  ~ComparePanel() override;

  void setProgram(const QString& edgetwin_path) { runner_->setProgram(edgetwin_path); }
  // Adds a plan under the next letter; `title` describes it (default: the file's name). False
  // when kPlansMax plans are open or a comparison runs.
  bool addPlan(const QString& scenario_file, const QString& title = {});
  // Adds the planner's scenario as edited: `text` (a scenario whose fleet path is relative to
  // `written_as`'s folder) is written into the panel's own folder as a plan file.
  bool addPlanText(const std::string& text, const QString& title);
  // Where a planner copy is written (so that its fleet path can be made relative to it).
  QString nextPlanCopyPath() const;
  void removePlan(int index);
  int planCount() const { return static_cast<int>(plans_.size()); }
  void setSeeds(int seeds);
  void setJobs(int jobs);
  // Runs every plan; false when fewer than two plans are open or a comparison runs.
  bool runPlans();
  void cancel();
  bool isRunning() const { return runner_->isRunning(); }

  PlanCompareRunner* runner() const { return runner_; }
  const CompareTableModel* table() const { return &table_; }
  const PlanDiffModel* diff() const { return &diff_; }
  QString status() const;
  int rolloutSeries() const;  // lines in the rollout chart
  int failoverBarSets() const;

 signals:
  void addCurrentRequested();  // "Add the planner's scenario"
  void compareFinished(bool ok);

 private:
  struct Plan {
    QString name;  // letter
    QString file;
    QString title;
  };
  void addFileDialog();
  void refreshPlans();
  void onProgress(int done, int total, const QString& line);
  void onFinished(bool ok, const QString& error);
  void fillRolloutChart();
  void fillFailoverChart();
  void setControlsRunning(bool running);

  std::vector<Plan> plans_;
  int copies_ = 0;
  std::unique_ptr<QTemporaryDir> work_;
  PlanCompareRunner* runner_;
  CompareTableModel table_;
  PlanDiffModel diff_;
  QListWidget* list_;
  QSpinBox* seeds_;
  QSpinBox* jobs_;
  QPushButton* add_file_;
  QPushButton* add_current_;
  QPushButton* remove_;
  QPushButton* run_;
  QPushButton* cancel_;
  QProgressBar* progress_;
  QLabel* status_;
  QLabel* diff_status_;
  QTableView* table_view_;
  QTableView* diff_view_;
  QChartView* rollout_;
  QChartView* failover_;
};

}  // namespace edgetwin::gui
