// The Fleet plan's live capacity check (QBENCHMARK; not run by ctest): one edit of the 400-site
// fleet (a replica count, a site's box type) recomputed end to end, target well under 100 ms:
// the edited JSON written out, validated by model::parse_fleet, capacity and N-1 recomputed by
// reports::compute_capacity, and the sites model and tiles told.
// Run: QT_QPA_PLATFORM=offscreen build/bin/bench_fleet_plan
#include <QApplication>
#include <QTest>

#include "edgetwin/gui/fleet_apps_model.hpp"
#include "edgetwin/gui/fleet_plan.hpp"
#include "edgetwin/gui/fleet_plan_panel.hpp"
#include "edgetwin/gui/fleet_sites_model.hpp"

using namespace edgetwin::gui;

namespace {
const QString kFleet400 = QString(EDGETWIN_SCENARIOS_DIR) + "/smart-community-400.fleet.json";
}

class BenchFleetPlan : public QObject {
  Q_OBJECT
 private slots:
  void replicaEditRecomputes400Sites();
  void boxTypeEditInTheView();
};

// Models only: change an app's replicas (every site's requests change), alternating 1 and 2.
void BenchFleetPlan::replicaEditRecomputes400Sites() {
  FleetPlan plan;
  FleetSitesModel sites(&plan);
  FleetAppsModel apps(&plan);
  QVERIFY(plan.open(kFleet400));
  const QModelIndex cell = apps.index(apps.row("parking"), FleetAppsModel::Replicas);
  int replicas = 1;
  QBENCHMARK {
    replicas = 3 - replicas;
    QVERIFY(apps.setData(cell, QString::number(replicas)));
  }
  QCOMPARE(sites.rowCount(), 400);
}

// Through the whole view (tiles, table, detail panel): one site's box type.
void BenchFleetPlan::boxTypeEditInTheView() {
  FleetPlanPanel panel;
  panel.resize(1366, 768);
  panel.show();
  QVERIFY(panel.openFleet(kFleet400));
  QVERIFY(panel.plan()
              ->edit("lite",
                     [](FleetPlan::Json& doc) {
                       doc["hardware"]["edgebox-lite"] = {
                           {"cpus", 24}, {"memory_gib", 128}, {"ssd_gib", 480}, {"gpus", 1}};
                     })
              .isEmpty());
  panel.selectSites("s200");
  bool lite = false;
  QBENCHMARK {
    lite = !lite;
    QVERIFY(
        panel.applyField(FleetSitesModel::Hardware, lite ? "edgebox-lite" : "edgebox").isEmpty());
    QApplication::processEvents();
  }
}

QTEST_MAIN(BenchFleetPlan)
#include "bench_fleet_plan.moc"
