// edgetwin-studio speed (QBENCHMARK; not run by ctest): opening the 400-site fleet (target under
// 1 s) and one full repaint of the fleet tile view (target under 16 ms, one frame at 60 Hz).
// Run: QT_QPA_PLATFORM=offscreen build/bin/bench_studio
#include <QApplication>
#include <QTest>

#include "edgetwin/gui/fleet_model.hpp"
#include "edgetwin/gui/fleet_tile_view.hpp"
#include "edgetwin/gui/main_window.hpp"
#include "edgetwin/gui/scenario_document.hpp"

using namespace edgetwin::gui;

namespace {
const QString kFleet400 = QString(EDGETWIN_SCENARIOS_DIR) + "/smart-community-400.fleet.json";
}

class BenchStudio : public QObject {
  Q_OBJECT
 private slots:
  void openFleetDocument();
  void openFleetInWindow();
  void repaintFleetView();
};

// Parsing and validating the 400-site fleet file, then filling the fleet model.
void BenchStudio::openFleetDocument() {
  FleetModel fleet;
  QBENCHMARK {
    const ScenarioDocument doc = ScenarioDocument::open(kFleet400);
    fleet.setFleet(*doc.fleet());
  }
  QCOMPARE(fleet.rowCount(), 400);
}

// What File > Open does: the above plus planner forms, capacity chart and detail panel.
void BenchStudio::openFleetInWindow() {
  MainWindow window("edgetwin");
  window.resize(1366, 768);
  window.show();
  QBENCHMARK { window.openFile(kFleet400); }
  QCOMPARE(window.fleetModel()->rowCount(), 400);
}

// One synchronous repaint of all 400 tiles, states mixed so every colour is drawn.
void BenchStudio::repaintFleetView() {
  FleetModel fleet;
  fleet.setFleet(*ScenarioDocument::open(kFleet400).fleet());
  for (int i = 0; i < 400; i += 7) {
    const QString site = QString("s%1").arg(i + 1, 3, 10, QChar('0'));
    fleet.applyEvent({{"t", 1.0}, {"kind", "fault.start"}, {"fault", "wan-down"}, {"target", site}});
  }
  FleetTileView view;
  view.setModel(&fleet);
  view.resize(1000, view.heightForWidth(1000));
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  QBENCHMARK { view.repaint(); }
}

QTEST_MAIN(BenchStudio)
#include "bench_studio.moc"
