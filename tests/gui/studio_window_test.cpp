// edgetwin-studio end to end on the offscreen platform: the real window, the real `edgetwin`
// child process, and a fake child that crashes.
#include <set>

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "edgetwin/gui/diagnostics_panel.hpp"
#include "edgetwin/gui/fleet_filter_model.hpp"
#include "edgetwin/gui/fleet_model.hpp"
#include "edgetwin/gui/fleet_tile_view.hpp"
#include "edgetwin/gui/main_window.hpp"
#include "edgetwin/gui/planner_panel.hpp"
#include "edgetwin/gui/results_panel.hpp"
#include "edgetwin/gui/run_controller.hpp"
#include "edgetwin/gui/run_panel.hpp"
#include "edgetwin/gui/site_detail_panel.hpp"
#include "edgetwin/model/fault_kinds.hpp"

using namespace edgetwin::gui;

namespace {

const QString kScenarios = EDGETWIN_SCENARIOS_DIR;

bool run_to_end(MainWindow& w) {
  QSignalSpy done(&w, &MainWindow::runFinished);
  return w.startRun() && done.wait(120000);
}

}  // namespace

class StudioWindowTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
  void opensThe400SiteFleet();
  void runsAShortScenarioEndToEnd();
  void malformedFileShowsTheErrorInPlace();
  void crashingChildIsReportedAndTheGuiStaysUp();
  void plannerSavesAValidScenario();
};

void StudioWindowTest::opensThe400SiteFleet() {
  MainWindow w(EDGETWIN_BIN);
  w.resize(1366, 768);
  w.show();
  QVERIFY(w.openFile(kScenarios + "/smart-community-400.fleet.json"));
  QCOMPARE(w.fleetModel()->rowCount(), 400);
  QCOMPARE(w.fleetModel()->stateCounts()[static_cast<int>(SiteState::Running)], 400);
  // Every tile is on screen without scrolling in the fleet tab at 1366x768.
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  const QRect last = w.tileView()->tileRect(399);
  QVERIFY2(w.tileView()->parentWidget()->height() >= last.bottom(),
           qPrintable(QString("last tile ends at %1").arg(last.bottom())));
  QCOMPARE(w.detailPanel()->site(), QString("s001"));
  QVERIFY(w.detailPanel()->toPlainText().contains("s001-b"));
  // Search narrows the tiles; a click on a tile shows it in the detail panel.
  w.fleetFilter()->setSearchText("s37");
  QCOMPARE(w.fleetFilter()->rowCount(), 10);
  QTest::mouseClick(w.tileView(), Qt::LeftButton, {}, w.tileView()->tileRect(2).center());
  QCOMPARE(w.detailPanel()->site(), QString("s372"));
}

void StudioWindowTest::runsAShortScenarioEndToEnd() {
  MainWindow w(EDGETWIN_BIN);
  w.show();
  QVERIFY(w.openFile(kScenarios + "/box-crash.scenario.json"));
  std::set<SiteState> seen;
  connect(w.fleetModel(), &FleetModel::statesChanged, this,
          [&] { seen.insert(w.fleetModel()->state(w.fleetModel()->row("s001"))); });
  QVERIFY(run_to_end(w));
  // s001-a crashed: the tile went through failed over and back to running.
  QVERIFY(seen.count(SiteState::FailedOver) == 1);
  QCOMPARE(w.fleetModel()->state(w.fleetModel()->row("s001")), SiteState::Running);
  QCOMPARE(w.runPanel()->progressPercent(), 100);
  QVERIFY(w.runPanel()->errorText().isEmpty());
  QVERIFY(w.resultsPanel()->metrics()->hasResult());
  QCOMPARE(w.resultsPanel()->failoverSamples(), 1);
  // Scrubbing back to the middle of the crash shows the failover again.
  w.runPanel()->scrubTo(400);
  QCOMPARE(w.fleetModel()->state(w.fleetModel()->row("s001")), SiteState::FailedOver);
  // Pausing the display holds the tiles; the history keeps everything.
  QVERIFY(w.runPanel()->history().size() > 20);
  // The HTML report comes from `edgetwin report`.
  QTemporaryDir dir;
  QSignalSpy exported(w.resultsPanel(), &ResultsPanel::exportFinished);
  w.resultsPanel()->exportHtml(dir.filePath("report.html"));
  QVERIFY(exported.wait(60000));
  QVERIFY2(exported.front().front().toBool(), qPrintable(exported.front().back().toString()));
  QVERIFY(QFile(dir.filePath("report.html")).size() > 1000);
}

void StudioWindowTest::malformedFileShowsTheErrorInPlace() {
  QTemporaryDir dir;
  const QString path = dir.filePath("bad.scenario.json");
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write("{\n  \"format\": \"edgetwin.scenario/v1\",\n  \"name\": \"bad\",\n  \"fleet\": \n");
  f.close();
  MainWindow w(EDGETWIN_BIN);
  w.show();
  QVERIFY(!w.openFile(path));
  QVERIFY(w.diagnostics()->isVisible());
  QCOMPARE(w.diagnostics()->count(), 1);
  QVERIFY2(w.diagnostics()->messageAt(0).startsWith(path + ":5:"), qPrintable(w.diagnostics()->messageAt(0)));
  QVERIFY(!w.startRun());  // nothing to run
  QVERIFY(w.openFile(kScenarios + "/wan-cut.scenario.json"));  // and the window still works
  QVERIFY(!w.diagnostics()->isVisible());
}

void StudioWindowTest::crashingChildIsReportedAndTheGuiStaysUp() {
  QTemporaryDir dir;
  const QString fake = dir.filePath("edgetwin");
  QFile f(fake);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write("#!/bin/sh\necho '{\"t\":300,\"kind\":\"fault.start\",\"fault\":\"wan-down\",\"target\":\"s002\"}'\n"
          "printf '\\001\\002garbage{{'\necho\nexit 139\n");
  f.close();
  f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
  MainWindow w(fake);
  w.show();
  QVERIFY(w.openFile(kScenarios + "/wan-cut.scenario.json"));
  QSignalSpy done(&w, &MainWindow::runFinished);
  QVERIFY(w.startRun());
  QVERIFY(done.wait(10000));
  QCOMPARE(done.front().front().toBool(), false);
  QVERIFY2(w.runPanel()->errorText().contains("not events"), qPrintable(w.runPanel()->errorText()));
  QVERIFY(w.runPanel()->progressPercent() < 100);
  QVERIFY(!w.resultsPanel()->metrics()->hasResult());
  // The event that did arrive was shown, and the window takes the next run.
  QCOMPARE(w.fleetModel()->state(w.fleetModel()->row("s002")), SiteState::Degraded);
  QVERIFY(w.startRun());
  QVERIFY(done.wait(10000));
}

void StudioWindowTest::plannerSavesAValidScenario() {
  MainWindow w(EDGETWIN_BIN);
  QVERIFY(w.openFile(kScenarios + "/smart-community-400.fleet.json"));
  QCOMPARE(w.fleetModel()->rowCount(), 400);
  // The kinds offered are the format's table, each with what it does as its tooltip.
  const auto* kinds = w.planner()->findChild<QComboBox*>("faultKind");
  QVERIFY(kinds != nullptr);
  QCOMPARE(static_cast<std::size_t>(kinds->count()), edgetwin::model::fault_kinds().size());
  for (int i = 0; i < kinds->count(); ++i) {
    const auto* kind = edgetwin::model::find_fault_kind(kinds->itemText(i).toStdString());
    QVERIFY(kind != nullptr);
    QCOMPARE(kinds->itemData(i, Qt::ToolTipRole).toString().toStdString(),
             std::string(kind->effect));
  }
  w.planner()->faults()->addTimed("box-crash", "s010/s010-a", 120, 60);
  w.planner()->faults()->addTimed("wan-down", "s011", 200, 0);
  QTemporaryDir dir;
  const QString path = dir.filePath("plan.scenario.json");
  QVERIFY(w.planner()->saveTo(path));
  const ScenarioDocument saved = ScenarioDocument::open(path);
  QVERIFY(saved.ok());
  QCOMPARE(saved.faults().size(), std::size_t{2});
  QVERIFY(!saved.faults()[1].contains("for_s"));  // "until end"
  // A fault on a site the fleet does not have is refused, in place.
  w.planner()->faults()->addTimed("box-crash", "s999/s999-a", 10, 10);
  QVERIFY(!w.planner()->saveTo(dir.filePath("bad.scenario.json")));
  QVERIFY(!QFile::exists(dir.filePath("bad.scenario.json")));
}

QTEST_MAIN(StudioWindowTest)
#include "studio_window_test.moc"
