#pragma once
// edgetwin-studio's window: tabs Fleet, Planner, Run, Results, Fleet plan, Compare over shared
// models. Owns the open
// document, the run controller and the temporary files a run writes.
#include <memory>

#include <QMainWindow>
#include <QTemporaryDir>

#include "edgetwin/gui/scenario_document.hpp"

class QLineEdit;
class QMenu;
class QStackedWidget;
class QUndoGroup;
class QTabWidget;

namespace edgetwin::gui {

class ComparePanel;
class DiagnosticsPanel;
class FleetPlanPanel;
class FleetFilterModel;
class FleetModel;
class FleetTileView;
class PlannerPanel;
class ResultsPanel;
class RunController;
class RunPanel;
class SiteDetailPanel;
class StateLegend;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  enum Tab { FleetTab, PlannerTab, RunTab, ResultsTab, FleetPlanTab, CompareTab };

  // `edgetwin_path`: the command-line twin the studio runs (its own bin dir by default).
  explicit MainWindow(const QString& edgetwin_path, QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens a fleet or scenario file; false (errors shown in place) when it is invalid.
  bool openFile(const QString& path);
  // Runs what the planner holds; false when nothing valid is open or a run is in progress.
  bool startRun();
  void showTab(Tab tab);
  // Shows `site` in the detail panel and marks its tile.
  void selectSite(const QString& site);
  // Saves a PNG of each tab into `dir` (fleet.png, planner.png, run.png, results.png).
  QStringList saveScreenshots(const QString& dir);

  FleetModel* fleetModel() const { return fleet_; }
  FleetFilterModel* fleetFilter() const { return filter_; }
  FleetTileView* tileView() const { return tiles_; }
  SiteDetailPanel* detailPanel() const { return detail_; }
  DiagnosticsPanel* diagnostics() const { return diagnostics_; }
  PlannerPanel* planner() const { return planner_; }
  RunPanel* runPanel() const { return run_panel_; }
  ResultsPanel* resultsPanel() const { return results_; }
  FleetPlanPanel* fleetPlanPanel() const { return fleet_plan_; }
  ComparePanel* comparePanel() const { return compare_; }
  RunController* runController() const { return run_; }
  const ScenarioDocument* document() const { return document_.get(); }

 signals:
  void runFinished(bool completed);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  QWidget* buildFleetTab();
  void buildMenus();
  void openDialog();
  void saveDialog();
  void exportDialog();
  void onRunFinished(bool completed, const QString& result_path, const QString& error);
  void restoreSettings();
  // Fleet plan (issue 19): unsaved-changes prompt, save dialog, recent files.
  // Unsaved-changes questions, scenario (Planner) first: false when the user cancels.
  bool confirmDiscardPlan();
  bool confirmDiscardScenario();
  bool confirmDiscardFleetPlan();
  void saveFleetDialog();
  void rememberRecent(const QString& path);
  void fillRecentMenu();
  // Compare (issue 19): the planner's scenario, as edited, added as a plan.
  void addPlannerPlan();

  QString edgetwin_path_;
  std::unique_ptr<ScenarioDocument> document_;
  std::unique_ptr<QTemporaryDir> run_dir_;
  FleetModel* fleet_;
  FleetFilterModel* filter_;
  RunController* run_;
  QTabWidget* tabs_;
  QStackedWidget* fleet_stack_;
  StateLegend* legend_;
  QLineEdit* search_;
  FleetTileView* tiles_;
  SiteDetailPanel* detail_;
  DiagnosticsPanel* diagnostics_;
  PlannerPanel* planner_;
  RunPanel* run_panel_;
  ResultsPanel* results_;
  FleetPlanPanel* fleet_plan_;
  ComparePanel* compare_;
  QMenu* recent_menu_ = nullptr;
  QUndoGroup* undo_group_ = nullptr;
};

}  // namespace edgetwin::gui
