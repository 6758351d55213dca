// The "Fleet plan" view (issue 19): its models under QAbstractItemModelTester while they change,
// every edit validated by the model and undoable to the exact bytes, the capacity check from the
// reports library, saves `edgetwin validate` accepts, and files that fail to load.
#include "edgetwin/gui/fleet_plan.hpp"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QProcess>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include "edgetwin/gui/app_palette.hpp"
#include "edgetwin/gui/expect_list_model.hpp"
#include "edgetwin/gui/fleet_apps_model.hpp"
#include "edgetwin/gui/fleet_model.hpp"
#include "edgetwin/gui/fleet_plan_panel.hpp"
#include "edgetwin/gui/fleet_sites_model.hpp"
#include "edgetwin/gui/main_window.hpp"
#include "edgetwin/gui/metrics_model.hpp"
#include "edgetwin/gui/number_format.hpp"
#include "edgetwin/gui/planner_panel.hpp"
#include "edgetwin/gui/scenario_extras_panel.hpp"
#include "edgetwin/gui/site_state.hpp"
#include "edgetwin/gui/tile_palette.hpp"
#include "edgetwin/model/fleet_io.hpp"
#include "edgetwin/reports/capacity.hpp"

using namespace edgetwin::gui;
using Mode = QAbstractItemModelTester::FailureReportingMode;
using Json = FleetPlan::Json;

namespace {

const QString kScenarios = EDGETWIN_SCENARIOS_DIR;
const QString kFleet400 = kScenarios + "/smart-community-400.fleet.json";
const QString kFleet2 = kScenarios + "/two-site.fleet.json";

QByteArray read_all(const QString& path) {
  QFile f(path);
  f.open(QIODevice::ReadOnly);
  return f.readAll();
}

void write_all(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(bytes);
}

// `edgetwin validate FILE`: exit code and output.
std::pair<int, QString> validate(const QString& path) {
  QProcess p;
  p.start(EDGETWIN_BIN, {"validate", path});
  p.waitForFinished(60000);
  return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError())};
}

const edgetwin::model::Site* find_site(const FleetPlan& plan, const std::string& name) {
  return plan.document().fleet()->find_site(name);
}

}  // namespace

class FleetPlanTest : public QObject {
  Q_OBJECT
 private slots:
  void modelsPassTheTesterThroughEditsAndUndo();
  void editSaveAndValidateAccepts();
  void bulkEditOfARangeIsOneUndoStep();
  void badValueIsRefusedWithTheModelsMessage();
  void checkingAsYouTypeDoesNotChangeThePlan();
  void undoRestoresTheExactBytes();
  void smallerBoxesShowN1RiskFromTheReportsLibrary();
  void appEditsUpdateCapacityAtOnce();
  void haAndHardwarePresetEdits();
  void generateSitesFromTheTemplate();
  void fleetThatFailsToLoadOpensAsItsError();
  void numbersAreFormattedForPeople();
  void statesReadWithoutColourInBothPalettes();
  void scenarioEditorWritesEverySection();
  void unsavedPlanAsksBeforeClosingAndFilesAreRecent();
};

void FleetPlanTest::modelsPassTheTesterThroughEditsAndUndo() {
  FleetPlan plan;
  FleetSitesModel sites(&plan);
  FleetAppsModel apps(&plan);
  QAbstractItemModelTester t1(&sites, Mode::QtTest);
  QAbstractItemModelTester t2(&apps, Mode::QtTest);
  QVERIFY(plan.open(kFleet400));
  QCOMPARE(sites.rowCount(), 400);
  QCOMPARE(apps.rowCount(), 6);
  QVERIFY(sites.setData(sites.index(sites.row("s350"), FleetSitesModel::WanMbps), "20"));
  QCOMPARE(sites.index(sites.row("s350"), FleetSitesModel::WanMbps).data().toString(),
           QString("20"));
  // The site got its own entry (it came from "generate"), yet its row did not move.
  QCOMPARE(sites.siteName(349), QString("s350"));
  QVERIFY(apps.setData(apps.index(apps.row("redis"), FleetAppsModel::Replicas), "1"));
  plan.undoStack()->undo();
  plan.undoStack()->undo();
  QVERIFY(!plan.isModified());
  QCOMPARE(sites.index(sites.row("s350"), FleetSitesModel::WanMbps).data().toString(),
           QString("100"));
}

void FleetPlanTest::editSaveAndValidateAccepts() {
  QTemporaryDir dir;
  const QString path = dir.filePath("plan.fleet.json");
  QVERIFY(QFile::copy(kFleet2, path));
  FleetPlanPanel panel;
  QVERIFY(panel.openFleet(path));
  auto* sites = panel.sitesModel();
  QVERIFY(sites->setData(sites->index(sites->row("s002"), FleetSitesModel::WanMbps), "35"));
  QVERIFY(panel.plan()->isModified());
  QCOMPARE(panel.saveTo(path), QString());
  QVERIFY(!panel.plan()->isModified());
  const auto [code, output] = validate(path);
  QVERIFY2(code == 0, qPrintable(output));
  const auto reread = edgetwin::model::load_fleet_file(path.toStdString());
  QVERIFY(reread.ok());
  QCOMPARE(reread.value->find_site("s002")->wan.mbps, 35.0);
  QCOMPARE(reread.value->find_site("s001")->wan.mbps, find_site(*panel.plan(), "s001")->wan.mbps);
}

void FleetPlanTest::bulkEditOfARangeIsOneUndoStep() {
  FleetPlanPanel panel;
  QVERIFY(panel.openFleet(kFleet400));
  panel.selectSites("s301-s400");
  QCOMPARE(panel.selectedSites().size(), 100);
  QCOMPARE(panel.applyField(FleetSitesModel::WanMbps, "20"), QString());
  QCOMPARE(panel.plan()->undoStack()->count(), 1);
  const FleetPlan& plan = *panel.plan();
  QCOMPARE(find_site(plan, "s301")->wan.mbps, 20.0);
  QCOMPARE(find_site(plan, "s400")->wan.mbps, 20.0);
  QCOMPARE(find_site(plan, "s300")->wan.mbps, 100.0);
  QCOMPARE(static_cast<int>(plan.document().fleet()->sites.size()), 400);
  panel.plan()->undoStack()->undo();
  QCOMPARE(QByteArray::fromStdString(plan.document().text()), read_all(kFleet400));
}

void FleetPlanTest::badValueIsRefusedWithTheModelsMessage() {
  FleetPlan plan;
  FleetSitesModel sites(&plan);
  QVERIFY(plan.open(kFleet2));
  const std::string before = plan.document().text();
  // The manual: the service range must not overlap the LAN.
  const std::string overlapping = plan.document().edited([](Json& doc) {
    FleetPlanDocument::setSiteField(doc, "s001", "/service_cidr", "192.168.1.128/25");
  });
  const auto expected = edgetwin::model::parse_fleet(overlapping, kFleet2.toStdString()).errors;
  QVERIFY(!expected.empty());
  QSignalSpy refused(&plan, &FleetPlan::editRefused);
  QVERIFY(!sites.setData(sites.index(sites.row("s001"), FleetSitesModel::ServiceCidr),
                         "192.168.1.128/25"));
  QCOMPARE(refused.count(), 1);
  QCOMPARE(refused.at(0).at(0).toString(), short_message(expected.front()));
  QVERIFY(refused.at(0).at(0).toString().contains("overlap"));
  // A string where the model wants a number: its own words again.
  const QString m = sites.setForSites({"s001"}, FleetSitesModel::WanMbps, "fast");
  QVERIFY(!m.isEmpty());
  QCOMPARE(plan.document().text(), before);
  QCOMPARE(plan.undoStack()->count(), 0);
}

void FleetPlanTest::checkingAsYouTypeDoesNotChangeThePlan() {
  FleetPlan plan;
  FleetSitesModel sites(&plan);
  QVERIFY(plan.open(kFleet2));
  const std::string before = plan.document().text();
  QVERIFY(!sites.checkForSites({"s001"}, FleetSitesModel::LanCidr, "192.168.1.0/33").isEmpty());
  // Another LAN leaves the NAS outside it: the manual's rule, in the model's words.
  QVERIFY(sites.checkForSites({"s001"}, FleetSitesModel::LanCidr, "10.0.0.0/24")
              .contains("NAS address"));
  QCOMPARE(sites.checkForSites({"s001"}, FleetSitesModel::WanMbps, "50"), QString());
  QCOMPARE(plan.document().text(), before);
}

void FleetPlanTest::undoRestoresTheExactBytes() {
  QTemporaryDir dir;
  const QString path = dir.filePath("compact.fleet.json");
  // Formatted unlike the studio writes it (one line, 4-space nothing): undo must give it back.
  const QByteArray original =
      QByteArray::fromStdString(Json::parse(read_all(kFleet2).toStdString()).dump()) + "\n";
  write_all(path, original);
  FleetPlanPanel panel;
  QVERIFY(panel.openFleet(path));
  auto* sites = panel.sitesModel();
  QVERIFY(sites->setData(sites->index(0, FleetSitesModel::WanLatencyMs), "45"));
  QVERIFY(sites->setData(sites->index(1, FleetSitesModel::Boxes), "3"));
  QVERIFY(QByteArray::fromStdString(panel.plan()->document().text()) != original);
  panel.plan()->undoStack()->undo();
  panel.plan()->undoStack()->undo();
  QCOMPARE(QByteArray::fromStdString(panel.plan()->document().text()), original);
  QCOMPARE(panel.saveTo(path), QString());
  QCOMPARE(read_all(path), original);
  panel.plan()->undoStack()->redo();
  QCOMPARE(sites->index(0, FleetSitesModel::WanLatencyMs).data().toString(), QString("45"));
}

void FleetPlanTest::smallerBoxesShowN1RiskFromTheReportsLibrary() {
  FleetPlanPanel panel;
  QVERIFY(panel.openFleet(kFleet400));
  auto* sites = panel.sitesModel();
  QCOMPARE(sites->n1RiskCount(), 0);
  // A 24-core box: each site's 26 requested cores no longer fit on one box.
  QCOMPARE(
      panel.plan()->edit("small box",
                         [](Json& doc) {
                           doc["hardware"]["edgebox-lite"] = Json{
                               {"cpus", 24}, {"memory_gib", 128}, {"ssd_gib", 480}, {"gpus", 1}};
                         }),
      QString());
  panel.selectSites("s391..s400");
  QCOMPARE(panel.applyField(FleetSitesModel::Hardware, "edgebox-lite"), QString());
  QCOMPARE(sites->n1RiskCount(), 10);
  const int r = sites->row("s395");
  QVERIFY(sites->index(r, 0).data(FleetSitesModel::N1RiskRole).toBool());
  QCOMPARE(sites->index(r, 0).data(FleetModel::StateRole).toInt(),
           static_cast<int>(SiteState::Offline));
  QVERIFY(sites->index(r, FleetSitesModel::N1).data().toString().startsWith("RISK"));
  QVERIFY(!sites->index(sites->row("s390"), 0).data(FleetSitesModel::N1RiskRole).toBool());
  // The same verdict as the reports library on the text the plan holds.
  const auto fleet = edgetwin::model::parse_fleet(panel.plan()->document().text(), "x").value;
  QCOMPARE(edgetwin::reports::compute_capacity(*fleet).n1_risk_sites(), 10);
  panel.selectSites("s395");
  QVERIFY(panel.capacityText().contains("N-1 RISK"));
  QVERIFY(panel.capacityText().contains("s395-a"));
  QVERIFY(panel.capacityText().contains(QString::fromUtf8("×")));  // overcommit per box
}

void FleetPlanTest::appEditsUpdateCapacityAtOnce() {
  FleetPlan plan;
  FleetSitesModel sites(&plan);
  FleetAppsModel apps(&plan);
  QVERIFY(plan.open(kFleet400));
  const double before = sites.capacity(0)->requests.cpus;
  const int row = apps.row("video-analytics");
  QVERIFY(apps.setData(apps.index(row, FleetAppsModel::Replicas), "2"));
  QCOMPARE(sites.capacity(0)->requests.cpus, before + 8);  // one more 8-core replica per site
  QCOMPARE(sites.capacity(0)->requests.gpus, 2.0);
  QCOMPARE(sites.n1RiskCount(), 400);  // two GPUs wanted, one left with a box down
  QVERIFY(!apps.setData(apps.index(row, FleetAppsModel::Cpu), "lots"));
  QVERIFY(apps.setData(apps.index(apps.row("mysql"), FleetAppsModel::UseCpu), "3"));
  QCOMPARE(plan.document().fleet()->apps.at("mysql").use.cpu, 3.0);
  QVERIFY(!apps.setData(apps.index(apps.row("redis"), FleetAppsModel::Data), "oracle-rac"));
  QCOMPARE(plan.document().fleet()->apps.at("redis").data, std::string("redis-ha"));
  QVERIFY(apps.setData(apps.index(apps.row("redis"), FleetAppsModel::Data), ""));  // stateless
  QCOMPARE(plan.document().fleet()->apps.at("redis").data, std::string());
}

void FleetPlanTest::haAndHardwarePresetEdits() {
  FleetPlan plan;
  QVERIFY(plan.open(kFleet2));
  QCOMPARE(plan.edit("async",
                     [](Json& doc) {
                       doc["ha"]["replication"] = "async";
                       doc["ha"]["semi_sync_timeout_ms"] = 2500;
                       doc["ha"]["witness"] = "cloud";
                     }),
           QString());
  QCOMPARE(plan.document().fleet()->ha.replication, std::string("async"));
  QCOMPARE(plan.document().fleet()->ha.semi_sync_timeout_ms, 2500);
  QVERIFY(!plan.edit("bad witness", [](Json& doc) { doc["ha"]["witness"] = "oracle"; }).isEmpty());
  QCOMPARE(plan.edit("preset",
                     [](Json& doc) {
                       doc["hardware"]["edgebox-2"] = FleetPlanDocument::edgeBoxHardware();
                     }),
           QString());
  QCOMPARE(plan.document().fleet()->hardware.at("edgebox-2").cpus, 40);
  QCOMPARE(plan.document().fleet()->hardware.at("edgebox-2").gpus, 1);
}

void FleetPlanTest::generateSitesFromTheTemplate() {
  FleetPlanPanel panel;
  QVERIFY(panel.openFleet(kFleet2));
  auto* sites = panel.sitesModel();
  QAbstractItemModelTester tester(sites, Mode::QtTest);
  QCOMPARE(panel.plan()->edit("generate",
                              [](Json& doc) {
                                doc["generate"] = Json{{"count", 40}, {"name", "g{:02}"}};
                              }),
           QString());
  QCOMPARE(sites->rowCount(), 40);
  QCOMPARE(panel.applyField(FleetSitesModel::WanMbps, "50", true), QString());
  // The two listed sites and 38 generated ones (g01-g38): 40 in all, the template's WAN on those.
  QCOMPARE(find_site(*panel.plan(), "g38")->wan.mbps, 50.0);
  QCOMPARE(find_site(*panel.plan(), "s002")->wan.mbps, 20.0);  // its own value wins
  panel.plan()->undoStack()->undo();
  panel.plan()->undoStack()->undo();
  QCOMPARE(sites->rowCount(), 2);
}

void FleetPlanTest::fleetThatFailsToLoadOpensAsItsError() {
  QTemporaryDir dir;
  const QString path = dir.filePath("broken.fleet.json");
  QByteArray text = read_all(kFleet2);
  text.replace("\"mbps\": 100", "\"mbps\": \"fast\"");
  write_all(path, text);
  FleetPlan plan;
  QVERIFY(!plan.open(path));
  QVERIFY(!plan.document().errors().empty());
  const QString first = QString::fromStdString(plan.document().errors().front().to_string());
  QVERIFY2(first.contains(QRegularExpression("broken\\.fleet\\.json:\\d+:\\d+: ")),
           qPrintable(first));
  // Edits on a plan that did not load are refused, not a crash.
  QVERIFY(!plan.edit("x", [](Json& doc) { doc["name"] = "y"; }).isEmpty());
  MainWindow window(EDGETWIN_BIN);
  QVERIFY(!window.openFile(path));
  window.showTab(MainWindow::FleetPlanTab);
  QApplication::processEvents();
  QVERIFY(!window.fleetPlanPanel()->plan()->isOpen());
}

void FleetPlanTest::numbersAreFormattedForPeople() {
  QCOMPARE(format_number(1234567.8), QString("1,234,568"));
  QCOMPARE(format_number(2.0, 2), QString("2"));
  QCOMPARE(format_number(0.25, 2), QString("0.25"));
  QCOMPARE(format_bytes(3.25059e+08), QString("310 MiB"));
  QCOMPARE(format_bytes(512), QString("512 B"));
  QCOMPARE(format_percent(0.784), QString("78 %"));
  // The results' metrics table: the rehearsal pulls 3,458,832,793,600 bytes of images.
  QTemporaryDir dir;
  const QString path = dir.filePath("result.json");
  write_all(path, R"({"format":"edgetwin.result/v1","scenario":"x","seed":7,"sim_time_s":900,"passed":true,
    "metrics":{"image_bytes_pulled":3458832793600,"lost_writes":0},"assertions":[]})");
  MetricsModel metrics;
  QCOMPARE(metrics.loadFile(path), QString());
  QCOMPARE(metrics.index(0, MetricsModel::Value).data().toString(), QString("3,458,832,793,600"));
  // Chart ticks on round values: the rehearsal's 4,191 s axis in steps of 1,000, not 838.184.
  QCOMPARE(nice_step(4191.84), 1000.0);
  QCOMPARE(nice_step(400), 100.0);
  QCOMPARE(nice_step(3.6), 1.0);
  QCOMPARE(nice_step(0.3), 0.1);
}

void FleetPlanTest::statesReadWithoutColourInBothPalettes() {
  // Every state but running carries its own letter, so no state depends on hue alone.
  QSet<QString> letters;
  for (int s = 0; s < kSiteStateCount; ++s) {
    const auto state = static_cast<SiteState>(s);
    if (state == SiteState::Running) continue;
    QVERIFY(!state_letter(state).isEmpty());
    letters.insert(state_letter(state));
  }
  QCOMPARE(static_cast<int>(letters.size()), kSiteStateCount - 1);
  QVERIFY(studio_palette(true).color(QPalette::Base).lightness() < 64);
  QVERIFY(studio_palette(true).color(QPalette::Text).lightness() > 192);
  // The tiles' text stays readable on their fill in either palette (the fills do not change).
  for (int s = 0; s < kSiteStateCount; ++s) {
    const auto state = static_cast<SiteState>(s);
    QVERIFY(std::abs(state_fill(state).lightness() - state_text(state).lightness()) > 90);
  }
}

void FleetPlanTest::scenarioEditorWritesEverySection() {
  MainWindow window(EDGETWIN_BIN);
  QVERIFY(window.openFile(kScenarios + "/rollout-400.scenario.json"));
  ScenarioExtrasPanel* extras = window.planner()->extras();
  extras->setStart("factory");
  QCOMPARE(extras->setRolloutApp("mysql", "8.4", 520), QString());
  QCOMPARE(
      extras->setSectionText(
          "workloads", R"([{"kind": "writes", "app": "mysql", "sites": "all", "rate_per_s": 5}])"),
      QString());
  QVERIFY(!extras->setSectionText("grants", "[ {").isEmpty());  // not JSON yet: nothing written
  QCOMPARE(extras->setSectionText("grants", ""), QString());
  const int before = extras->expectModel()->rowCount();
  extras->addExpectation("rollout_total_s", "", "", "", "7200");
  QCOMPARE(extras->message(), QString());
  // A bound that is not a number: the model's own message, and the entry can be taken back.
  extras->addExpectation("lost_writes", "", "", "", "none");
  QVERIFY(!extras->message().isEmpty());
  extras->expectModel()->remove(extras->expectModel()->rowCount() - 1);
  QCOMPARE(extras->message(), QString());
  QCOMPARE(extras->expectModel()->rowCount(), before + 1);

  QTemporaryDir dir;
  const QString path = dir.filePath("plan.scenario.json");
  QVERIFY(window.planner()->saveTo(path));
  const auto [code, output] = validate(path);
  QVERIFY2(code == 0, qPrintable(output));
  const Json saved = Json::parse(read_all(path).toStdString());
  QCOMPARE(saved["start"].get<std::string>(), std::string("factory"));
  QCOMPARE(saved["rollout"]["apps"]["mysql"]["version"].get<std::string>(), std::string("8.4"));
  QCOMPARE(saved["rollout"]["apps"]["mysql"]["image_mib"].get<double>(), 520.0);
  QCOMPARE(saved["rollout"]["apps"]["video-analytics"]["version"].get<std::string>(),
           std::string("5.1"));
  QCOMPARE(saved["workloads"][0]["kind"].get<std::string>(), std::string("writes"));
  QCOMPARE(saved["expect"].back()["metric"].get<std::string>(), std::string("rollout_total_s"));
  QVERIFY(!saved.contains("grants"));
}

void FleetPlanTest::unsavedPlanAsksBeforeClosingAndFilesAreRecent() {
  MainWindow window(EDGETWIN_BIN);
  QVERIFY(window.openFile(kFleet2));
  const QStringList recent =
      QSettings("edgetwin", "edgetwin-studio").value("recentFiles").toStringList();
  // contains, not first: another studio test process may open a file at the same moment.
  QVERIFY(recent.contains(QFileInfo(kFleet2).absoluteFilePath()));
  window.show();
  auto* sites = window.fleetPlanPanel()->sitesModel();
  QVERIFY(sites->setData(sites->index(0, FleetSitesModel::WanMbps), "30"));
  // The question comes up; Cancel keeps the window and the edit.
  bool asked = false;
  QTimer::singleShot(0, this, [&] {
    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
    if (box == nullptr) return;
    asked = true;
    box->button(QMessageBox::Cancel)->click();
  });
  QVERIFY(!window.close());
  QVERIFY(asked);
  QVERIFY(window.isVisible());
  QVERIFY(window.fleetPlanPanel()->plan()->isModified());
  // Undoing the edit leaves nothing unsaved: closing asks nothing.
  window.fleetPlanPanel()->plan()->undoStack()->undo();
  QVERIFY(!window.fleetPlanPanel()->plan()->isModified());
  QVERIFY(window.close());
}

QTEST_MAIN(FleetPlanTest)
#include "fleet_plan_test.moc"
