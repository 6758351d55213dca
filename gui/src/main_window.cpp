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
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include "edgetwin/gui/diagnostics_panel.hpp"
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
  QMenu* run = menuBar()->addMenu(tr("&Run"));
  run->addAction(tr("&Run scenario"), QKeySequence(Qt::Key_F5), this, &MainWindow::startRun);
  run->addAction(tr("&Cancel run"), QKeySequence(Qt::Key_Escape), run_, &RunController::cancel);
  run->addAction(tr("&Pause or resume display"), QKeySequence(Qt::CTRL | Qt::Key_P), this,
                 [this] { run_panel_->setPaused(!run_panel_->isPaused()); });
  QMenu* view = menuBar()->addMenu(tr("&View"));
  const QString names[] = {tr("&Fleet"), tr("&Planner"), tr("&Run"), tr("R&esults")};
  for (int t = FleetTab; t <= ResultsTab; ++t)
    view->addAction(names[t], QKeySequence(Qt::CTRL | (Qt::Key_1 + t)), this,
                    [this, t] { showTab(static_cast<Tab>(t)); });
  view->addAction(tr("Find &site"), QKeySequence::Find, this, [this] {
    showTab(FleetTab);
    search_->setFocus();
    search_->selectAll();
  });
}

void MainWindow::showTab(Tab tab) { tabs_->setCurrentIndex(tab); }

bool MainWindow::openFile(const QString& path) {
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
  if (planner_->saveTo(path)) statusBar()->showMessage(tr("Saved %1").arg(path), 10000);
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
  const char* names[] = {"fleet", "planner", "run", "results"};
  for (int t = FleetTab; t <= ResultsTab; ++t) {
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

void MainWindow::closeEvent(QCloseEvent* event) {
  run_->cancel();
  QSettings s = settings();
  s.setValue("geometry", saveGeometry());
  s.setValue("windowState", saveState());
  s.setValue("tab", tabs_->currentIndex());
  for (auto* split : findChildren<QSplitter*>())
    if (!split->objectName().isEmpty()) s.setValue("splitter/" + split->objectName(), split->saveState());
  event->accept();
}

}  // namespace edgetwin::gui
