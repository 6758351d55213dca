#include "edgetwin/gui/main_window.hpp"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QUndoGroup>
#include <QUndoStack>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include "edgetwin/gui/app_palette.hpp"
#include "edgetwin/gui/compare_panel.hpp"
#include "edgetwin/gui/diagnostics_panel.hpp"
#include "edgetwin/gui/fleet_plan.hpp"
#include "edgetwin/gui/fleet_plan_panel.hpp"
#include "edgetwin/gui/fleet_filter_model.hpp"
#include "edgetwin/gui/fleet_model.hpp"
#include "edgetwin/gui/fleet_tile_view.hpp"
#include "edgetwin/gui/planner_panel.hpp"
#include "edgetwin/gui/results_panel.hpp"
#include "edgetwin/gui/run_controller.hpp"
#include "edgetwin/gui/run_panel.hpp"
#include "edgetwin/gui/site_detail_panel.hpp"
#include "edgetwin/gui/tile_palette.hpp"

namespace edgetwin::gui {
namespace {

enum FleetPage { TilesPage, ErrorsPage };

QSettings settings() { return QSettings("edgetwin", "edgetwin-studio"); }

}  // namespace

MainWindow::MainWindow(const QString& edgetwin_path, QWidget* parent)
    : QMainWindow(parent),
      edgetwin_path_(edgetwin_path),
      fleet_(new FleetModel(this)),
      filter_(new FleetFilterModel(this)),
      run_(new RunController(this)),
      tabs_(new QTabWidget(this)) {
  filter_->setSourceModel(fleet_);
  run_->setProgram(edgetwin_path_);
  planner_ = new PlannerPanel(this);
  run_panel_ = new RunPanel(fleet_, filter_, run_, this);
  results_ = new ResultsPanel(this);
  results_->setProgram(edgetwin_path_);
  tabs_->addTab(buildFleetTab(), tr("&Fleet"));
  tabs_->addTab(planner_, tr("&Planner"));
  tabs_->addTab(run_panel_, tr("&Run"));
  tabs_->addTab(results_, tr("R&esults"));
  fleet_plan_ = new FleetPlanPanel(this);
  tabs_->addTab(fleet_plan_, tr("Fleet p&lan"));
  compare_ = new ComparePanel(this);
  compare_->setProgram(edgetwin_path_);
  tabs_->addTab(compare_, tr("&Compare"));
  connect(compare_, &ComparePanel::addCurrentRequested, this, &MainWindow::addPlannerPlan);
  setCentralWidget(tabs_);
  buildMenus();
  connect(run_panel_, &RunPanel::runRequested, this, &MainWindow::startRun);
  connect(run_panel_, &RunPanel::siteSelected, this, &MainWindow::selectSite);
  connect(planner_, &PlannerPanel::saveRequested, this, &MainWindow::saveDialog);
  connect(results_, &ResultsPanel::exportRequested, this, &MainWindow::exportDialog);
  connect(results_, &ResultsPanel::exportFinished, this,
          [this](bool, const QString& message) { statusBar()->showMessage(message, 10000); });
  connect(run_, &RunController::finished, this, [this](const RunOutcome& o) {
    onRunFinished(o.completed, o.result_path, o.error);
  });
  connect(fleet_, &FleetModel::statesChanged, this, [this] { legend_->setCounts(fleet_->stateCounts()); });
  setWindowTitle(tr("edgetwin studio"));
  resize(1280, 720);  // fits a 1366x768 laptop with its panel and title bar
  restoreSettings();
}

MainWindow::~MainWindow() = default;

QWidget* MainWindow::buildFleetTab() {
  auto* page = new QWidget(this);
  search_ = new QLineEdit(page);
  search_->setPlaceholderText(tr("Search sites (Ctrl+F): s001, s12 …"));
  search_->setClearButtonEnabled(true);
  search_->setMinimumWidth(240);
  search_->setMaximumWidth(300);
  legend_ = new StateLegend(page);
  auto* bar = new QHBoxLayout;
  bar->addWidget(search_);
  bar->addWidget(legend_, 1);
  tiles_ = new FleetTileView(page);
  tiles_->setModel(filter_);
  auto* scroll = new QScrollArea(page);
  scroll->setWidget(tiles_);
  scroll->setWidgetResizable(true);
  detail_ = new SiteDetailPanel(page);
  detail_->setFleetModel(fleet_);
  auto* split = new QSplitter(page);
  split->setObjectName("fleetSplitter");
  split->addWidget(scroll);
  split->addWidget(detail_);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  diagnostics_ = new DiagnosticsPanel(page);
  fleet_stack_ = new QStackedWidget(page);
  fleet_stack_->insertWidget(TilesPage, split);
  fleet_stack_->insertWidget(ErrorsPage, diagnostics_);
  auto* layout = new QVBoxLayout(page);
  layout->addLayout(bar);
  layout->addWidget(fleet_stack_, 1);
  connect(search_, &QLineEdit::textChanged, filter_, &FleetFilterModel::setSearchText);
  connect(legend_, &StateLegend::stateFilterChanged, filter_, &FleetFilterModel::setStateFilter);
  connect(tiles_, &FleetTileView::siteSelected, this, &MainWindow::selectSite);
  return page;
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::openDialog);
  file->addAction(tr("&Save scenario as…"), QKeySequence::Save, this, &MainWindow::saveDialog);
  file->addAction(tr("&Export HTML report…"), QKeySequence(Qt::CTRL | Qt::Key_E), this, &MainWindow::exportDialog);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
  auto* save_fleet = new QAction(tr("Save &fleet plan as…"), this);
  file->insertAction(file->actions().at(2), save_fleet);
  save_fleet->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
  connect(save_fleet, &QAction::triggered, this, &MainWindow::saveFleetDialog);
  recent_menu_ = new QMenu(tr("Open &recent"), this);
  file->insertMenu(file->actions().at(1), recent_menu_);
  connect(recent_menu_, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
  // One Undo and one Redo for both editors: the Fleet plan's stack on its tab, the scenario's
  // (Planner) everywhere else, named after the edit they take back ("Undo wave size edit").
  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  undo_group_ = new QUndoGroup(this);
  undo_group_->addStack(planner_->undoStack());
  undo_group_->addStack(fleet_plan_->plan()->undoStack());
  undo_group_->setActiveStack(planner_->undoStack());
  connect(tabs_, &QTabWidget::currentChanged, this, [this](int tab) {
    undo_group_->setActiveStack(tab == FleetPlanTab ? fleet_plan_->plan()->undoStack() : planner_->undoStack());
  });
  QAction* undo = undo_group_->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = undo_group_->createRedoAction(this, tr("&Redo"));
  redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
  edit->addAction(undo);
  edit->addAction(redo);
  QMenu* run = menuBar()->addMenu(tr("&Run"));
  run->addAction(tr("&Run scenario"), QKeySequence(Qt::Key_F5), this, &MainWindow::startRun);
  run->addAction(tr("&Cancel run"), QKeySequence(Qt::Key_Escape), run_, &RunController::cancel);
  run->addAction(tr("&Pause or resume display"), QKeySequence(Qt::CTRL | Qt::Key_P), this,
                 [this] { run_panel_->setPaused(!run_panel_->isPaused()); });
  run->addSeparator();
  run->addAction(tr("Add the planner's scenario as a &plan"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A),
                 this, &MainWindow::addPlannerPlan);
  run->addAction(tr("Run and compare p&lans"), QKeySequence(Qt::CTRL | Qt::Key_R), this, [this] {
    showTab(CompareTab);
    compare_->runPlans();
  });
  run->addAction(tr("Cancel &comparison"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), compare_,
                 &ComparePanel::cancel);
  QMenu* view = menuBar()->addMenu(tr("&View"));
  const QString names[] = {tr("&Fleet"), tr("&Planner"), tr("&Run"), tr("R&esults"), tr("Fleet p&lan"),
                           tr("&Compare plans")};
  for (int t = FleetTab; t <= CompareTab; ++t)
    view->addAction(names[t], QKeySequence(Qt::CTRL | (Qt::Key_1 + t)), this,
                    [this, t] { showTab(static_cast<Tab>(t)); });
  QAction* dark = view->addAction(tr("&Dark palette"));
  dark->setCheckable(true);
  dark->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
  dark->setChecked(settings().value("darkPalette", false).toBool());
  if (dark->isChecked()) apply_studio_palette(true);
  connect(dark, &QAction::toggled, this, [](bool on) {
    apply_studio_palette(on);
    settings().setValue("darkPalette", on);
  });
  view->addAction(tr("Find &site"), QKeySequence::Find, this, [this] {
    showTab(FleetTab);
    search_->setFocus();
    search_->selectAll();
  });
}

void MainWindow::showTab(Tab tab) { tabs_->setCurrentIndex(tab); }

bool MainWindow::openFile(const QString& path) {
  if (!confirmDiscardPlan()) return false;
  if (run_->isRunning()) run_->cancel();
  document_ = std::make_unique<ScenarioDocument>(ScenarioDocument::open(path));
  run_panel_->reset();
  results_->clear();
  planner_->setDocument(document_.get());
  setWindowTitle(tr("%1 — edgetwin studio").arg(QFileInfo(path).fileName()));
  legend_->setVisible(document_->ok());  // no fleet, nothing to count or search
  search_->setVisible(document_->ok());
  if (!document_->ok()) {
    diagnostics_->showDiagnostics(document_->errors(), document_->sourceText(),
                                  tr("nothing was loaded. Fix the file and open it again (Ctrl+O)."));
    fleet_stack_->setCurrentIndex(ErrorsPage);
    fleet_->setFleet({});
    showTab(FleetTab);
    statusBar()->showMessage(tr("%1 has errors").arg(path));
    if (!document_->isScenario()) fleet_plan_->openFleet(path);  // the same errors in the Fleet plan view
    return false;
  }
  fleet_stack_->setCurrentIndex(TilesPage);
  fleet_->setFleet(*document_->fleet());
  results_->setFleet(*document_->fleet());
  if (!document_->fleet()->sites.empty()) selectSite(QString::fromStdString(document_->fleet()->sites.front().name));
  statusBar()->showMessage(tr("%1: %2 sites, %3 boxes")
                               .arg(path)
                               .arg(document_->fleet()->sites.size())
                               .arg(document_->fleet()->box_count()));
  settings().setValue("lastFile", QFileInfo(path).absoluteFilePath());
  rememberRecent(path);
  // The Fleet plan edits the fleet file itself: the one opened, or the one the scenario names.
  const QString fleet_file = document_->isScenario() ? document_->fleetPath() : path;
  if (!fleet_file.isEmpty()) fleet_plan_->openFleet(fleet_file);
  return true;
}

bool MainWindow::startRun() {
  if (document_ == nullptr || !document_->ok() || run_->isRunning()) return false;
  planner_->commit();
  run_dir_ = std::make_unique<QTemporaryDir>();
  const QString scenario = run_dir_->filePath("scenario.json");
  const std::string text = document_->textFor(scenario);
  const auto errors = model::parse_scenario(text, scenario.toStdString()).errors;
  if (!errors.empty()) {
    planner_->showErrors(errors, QString::fromStdString(text));
    showTab(PlannerTab);
    return false;
  }
  QFile file(scenario);
  if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), static_cast<qint64>(text.size())) < 0)
    return false;
  file.close();
  run_panel_->reset();
  results_->clear();
  showTab(RunTab);
  return run_->start(scenario, document_->durationS(), run_dir_->filePath("result.json"));
}

void MainWindow::onRunFinished(bool completed, const QString& result_path, const QString& error) {
  if (completed) {
    const QString problem = results_->showRun(result_path, run_panel_->history());
    detail_->setRunResult(result_path);  // the site detail's monitoring tables and days
    statusBar()->showMessage(problem.isEmpty() ? tr("Run finished: see Results (Ctrl+4)") : problem);
  } else {
    statusBar()->showMessage(error);
  }
  emit runFinished(completed);
}

void MainWindow::selectSite(const QString& site) {
  tiles_->selectSite(site);
  run_panel_->tileView()->selectSite(site);
  detail_->showSite(site);
  if (fleet_plan_->plan()->isOpen()) fleet_plan_->selectSites(site);
}

void MainWindow::openDialog() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open fleet or scenario"), {},
                                                    tr("edgetwin files (*.json);;All files (*)"));
  if (!path.isEmpty()) openFile(path);
}

void MainWindow::saveDialog() {
  if (document_ == nullptr || !document_->ok()) return;
  showTab(PlannerTab);
  const QString path = QFileDialog::getSaveFileName(this, tr("Save scenario"), document_->path(),
                                                    tr("Scenario (*.scenario.json)"));
  if (path.isEmpty()) return;
  if (planner_->saveTo(path)) {
    statusBar()->showMessage(tr("Saved %1").arg(path), 10000);
    rememberRecent(path);
  }
}

void MainWindow::exportDialog() {
  if (!results_->metrics()->hasResult()) return;
  const QString path = QFileDialog::getSaveFileName(this, tr("Export HTML report"), "report.html",
                                                    tr("HTML (*.html)"));
  if (!path.isEmpty()) results_->exportHtml(path);
}

QStringList MainWindow::saveScreenshots(const QString& dir) {
  QDir().mkpath(dir);
  QStringList written;
  const char* names[] = {"fleet", "planner", "run", "results", "fleet-plan"};
  for (int t = FleetTab; t <= FleetPlanTab; ++t) {
    showTab(static_cast<Tab>(t));
    QApplication::processEvents();
    const QString path = QDir(dir).filePath(QString("%1.png").arg(names[t]));
    if (grab().save(path)) written << path;
  }
  return written;
}

void MainWindow::restoreSettings() {
  QSettings s = settings();
  restoreGeometry(s.value("geometry").toByteArray());
  restoreState(s.value("windowState").toByteArray());
  tabs_->setCurrentIndex(s.value("tab", 0).toInt());
  for (auto* split : findChildren<QSplitter*>())
    if (!split->objectName().isEmpty()) split->restoreState(s.value("splitter/" + split->objectName()).toByteArray());
}

bool MainWindow::confirmDiscardPlan() {
  return confirmDiscardScenario() && confirmDiscardFleetPlan();
}

bool MainWindow::confirmDiscardScenario() {
  if (document_ == nullptr || !planner_->isModified()) return true;
  showTab(PlannerTab);
  const auto answer = QMessageBox::question(
      this, tr("Unsaved scenario"),
      tr("The scenario %1 has unsaved changes. Save them?").arg(document_->path()),
      QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
  if (answer == QMessageBox::Cancel) return false;
  if (answer == QMessageBox::Discard) return true;
  saveDialog();
  return !planner_->isModified();
}

bool MainWindow::confirmDiscardFleetPlan() {
  if (!fleet_plan_->plan()->isModified()) return true;
  const auto answer = QMessageBox::question(
      this, tr("Unsaved fleet plan"),
      tr("The fleet plan %1 has unsaved changes. Save them?").arg(fleet_plan_->plan()->document().path()),
      QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
  if (answer == QMessageBox::Cancel) return false;
  if (answer == QMessageBox::Discard) return true;
  saveFleetDialog();
  return !fleet_plan_->plan()->isModified();
}

void MainWindow::saveFleetDialog() {
  if (!fleet_plan_->plan()->isOpen()) return;
  showTab(FleetPlanTab);
  const QString path = QFileDialog::getSaveFileName(this, tr("Save fleet plan"), fleet_plan_->plan()->document().path(),
                                                    tr("Fleet (*.fleet.json)"));
  if (path.isEmpty()) return;
  const QString errors = fleet_plan_->saveTo(path);
  statusBar()->showMessage(errors.isEmpty() ? tr("Saved %1").arg(path) : errors, 10000);
  if (errors.isEmpty()) rememberRecent(path);
}

void MainWindow::addPlannerPlan() {
  if (document_ == nullptr || !document_->ok() || !document_->isScenario()) {
    statusBar()->showMessage(tr("Open a scenario first: its plan is what the planner holds"), 10000);
    return;
  }
  planner_->commit();
  const QString path = compare_->nextPlanCopyPath();
  const std::string text = document_->textFor(path);
  const auto errors = model::parse_scenario(text, path.toStdString()).errors;
  if (!errors.empty()) {
    planner_->showErrors(errors, QString::fromStdString(text));
    showTab(PlannerTab);
    return;
  }
  const QString title = tr("%1 (planner, as edited)").arg(QFileInfo(document_->path()).fileName());
  if (compare_->addPlanText(text, title)) showTab(CompareTab);
}

void MainWindow::rememberRecent(const QString& path) {
  QSettings s = settings();
  QStringList recent = s.value("recentFiles").toStringList();
  const QString absolute = QFileInfo(path).absoluteFilePath();
  recent.removeAll(absolute);
  recent.prepend(absolute);
  while (recent.size() > 8) recent.removeLast();
  s.setValue("recentFiles", recent);
}

void MainWindow::fillRecentMenu() {
  recent_menu_->clear();
  const QStringList recent = settings().value("recentFiles").toStringList();
  for (int i = 0; i < recent.size(); ++i) {
    QAction* a = recent_menu_->addAction(QString("&%1 %2").arg(i + 1).arg(recent[i]));
    connect(a, &QAction::triggered, this, [this, path = recent[i]] { openFile(path); });
  }
  if (recent.isEmpty()) recent_menu_->addAction(tr("(none yet)"))->setEnabled(false);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!confirmDiscardPlan()) {
    event->ignore();
    return;
  }
  run_->cancel();
  compare_->cancel();
  QSettings s = settings();
  s.setValue("geometry", saveGeometry());
  s.setValue("windowState", saveState());
  s.setValue("tab", tabs_->currentIndex());
  for (auto* split : findChildren<QSplitter*>())
    if (!split->objectName().isEmpty()) s.setValue("splitter/" + split->objectName(), split->saveState());
  event->accept();
}

}  // namespace edgetwin::gui
