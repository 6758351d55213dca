// The studio's item models and run controller on Qt Core alone (no widgets), each model checked
// by QAbstractItemModelTester while it changes.
#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "edgetwin/model/scenario.hpp"
#include "edgetwin/gui/event_filter_model.hpp"
#include "edgetwin/gui/event_table_model.hpp"
#include "edgetwin/gui/fault_list_model.hpp"
#include "edgetwin/gui/fleet_filter_model.hpp"
#include "edgetwin/gui/fleet_model.hpp"
#include "edgetwin/gui/metrics_model.hpp"
#include "edgetwin/gui/run_controller.hpp"
#include "edgetwin/gui/scenario_document.hpp"
#include "edgetwin/model/fleet_io.hpp"

using namespace edgetwin::gui;
using Mode = QAbstractItemModelTester::FailureReportingMode;

namespace {

const QString kScenarios = EDGETWIN_SCENARIOS_DIR;

QJsonObject make_event(double t, const QString& kind, QJsonObject fields) {
  fields["t"] = t;
  fields["kind"] = kind;
  return fields;
}

edgetwin::model::Fleet two_sites() {
  return *edgetwin::model::load_fleet_file((kScenarios + "/two-site.fleet.json").toStdString()).value;
}

QString write_script(const QTemporaryDir& dir, const QByteArray& body) {
  const QString path = dir.filePath("fake-edgetwin.sh");
  QFile f(path);
  f.open(QIODevice::WriteOnly);
  f.write("#!/bin/sh\n" + body);
  f.close();
  f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
  return path;
}

}  // namespace

class StudioModelsTest : public QObject {
  Q_OBJECT
 private slots:
  void boxCrashFailsOverThenRecovers();
  void wanOutageMakesSiteOfflineInTheCloudsView();
  void rolloutEventsShowRollingOutUntilReady();
  void replayShowsTheFleetAtAnEarlierTime();
  void fleetFilterMatchesNamesAndStates();
  void eventFilterBySiteAndKind();
  void metricsModelReadsAResult();
  void faultListEditsRoundTrip();
  void malformedScenarioGivesLineAndMessage();
  void savedScenarioValidatesAndReopens();
  void editingTheRolloutKeepsWhatTheFormDoesNotShow();
  void runControllerStreamsARealRunToCompletion();
  void runControllerReportsAChildPrintingGarbageAndCrashing();
  void runControllerReportsAChildKilledBySignal();
  void runControllerReportsAMissingProgram();
};

void StudioModelsTest::boxCrashFailsOverThenRecovers() {
  FleetModel fleet;
  QAbstractItemModelTester tester(&fleet, Mode::QtTest);
  fleet.setFleet(two_sites());
  QCOMPARE(fleet.rowCount(), 2);
  const int s001 = fleet.row("s001");
  fleet.applyEvent(make_event(3, "vip.claim", {{"site", "s001"}, {"box", "s001-a"}}));
  QCOMPARE(fleet.state(s001), SiteState::Running);
  fleet.applyEvent(make_event(300, "fault.start", {{"fault", "box-crash"}, {"target", "s001/s001-a"}}));
  fleet.applyEvent(make_event(300, "vip.release", {{"site", "s001"}, {"box", "s001-a"}}));
  QCOMPARE(fleet.state(s001), SiteState::Degraded);  // a box is down, nobody holds the VIP yet
  fleet.applyEvent(make_event(303, "vip.claim", {{"site", "s001"}, {"box", "s001-b"}}));
  QCOMPARE(fleet.state(s001), SiteState::FailedOver);
  QCOMPARE(fleet.data(fleet.index(s001), FleetModel::VipOwnerRole).toString(), QString("s001-b"));
  fleet.applyEvent(make_event(600, "fault.end", {{"fault", "box-crash"}, {"target", "s001/s001-a"}}));
  fleet.applyEvent(make_event(603, "vip.release", {{"site", "s001"}, {"box", "s001-b"}}));
  fleet.applyEvent(make_event(603, "vip.claim", {{"site", "s001"}, {"box", "s001-a"}}));
  QCOMPARE(fleet.state(s001), SiteState::Running);
  QCOMPARE(fleet.state(fleet.row("s002")), SiteState::Running);
}

void StudioModelsTest::wanOutageMakesSiteOfflineInTheCloudsView() {
  FleetModel fleet;
  fleet.setFleet(two_sites());
  const int s002 = fleet.row("s002");
  fleet.applyEvent(make_event(300, "fault.start", {{"fault", "wan-down"}, {"target", "s002"}}));
  QCOMPARE(fleet.state(s002), SiteState::Degraded);
  for (const char* box : {"s002-a", "s002-b"})
    fleet.applyEvent(make_event(330, "node.status", {{"site", "s002"}, {"box", box}, {"to", "offline"}}));
  QCOMPARE(fleet.state(s002), SiteState::Offline);
  QCOMPARE(fleet.stateCounts()[static_cast<int>(SiteState::Offline)], 1);
  // An event about no known site (the cloud, a typo) changes nothing.
  QVERIFY(!fleet.applyEvent(make_event(331, "fault.start", {{"fault", "cloud-down"}, {"target", "cloud"}})));
}

void StudioModelsTest::rolloutEventsShowRollingOutUntilReady() {
  FleetModel fleet;
  fleet.setFleet(two_sites());
  fleet.applyEvent(make_event(10, "rollout.site", {{"site", "s001"}, {"to", "downloading"}}));
  QCOMPARE(fleet.state(0), SiteState::RollingOut);
  fleet.applyEvent(make_event(90, "rollout.site", {{"site", "s001"}, {"to", "ready"}}));
  QCOMPARE(fleet.state(0), SiteState::Running);
  fleet.applyEvent(make_event(95, "rollout.failed", {{"site", "s002"}}));
  QCOMPARE(fleet.state(1), SiteState::Degraded);
  // Activation is per box: the site rolls out until every box is activated.
  fleet.resetStates();
  fleet.applyEvent(make_event(1, "activation.phase", {{"site", "s001"}, {"box", "s001-a"}, {"to", "pending"}}));
  fleet.applyEvent(make_event(1, "activation.phase", {{"site", "s001"}, {"box", "s001-b"}, {"to", "pending"}}));
  fleet.applyEvent(make_event(9, "activation.phase", {{"site", "s001"}, {"box", "s001-a"}, {"to", "activated"}}));
  QCOMPARE(fleet.state(0), SiteState::RollingOut);
  fleet.applyEvent(make_event(9, "activation.gave_up", {{"site", "s001"}, {"box", "s001-b"}, {"phase", "pending"}}));
  QCOMPARE(fleet.state(0), SiteState::Degraded);
}

void StudioModelsTest::replayShowsTheFleetAtAnEarlierTime() {
  FleetModel fleet;
  QAbstractItemModelTester tester(&fleet, Mode::QtTest);
  fleet.setFleet(two_sites());
  const std::vector<QJsonObject> history{
      make_event(100, "fault.start", {{"fault", "site-power-loss"}, {"target", "s001"}}),
      make_event(200, "fault.end", {{"fault", "site-power-loss"}, {"target", "s001"}})};
  fleet.replay(history, 150);
  QCOMPARE(fleet.state(0), SiteState::Offline);
  fleet.replay(history, 250);
  QCOMPARE(fleet.state(0), SiteState::Running);
  fleet.replay(history, 50);
  QCOMPARE(fleet.state(0), SiteState::Running);
}

void StudioModelsTest::fleetFilterMatchesNamesAndStates() {
  FleetModel fleet;
  fleet.setFleet(*edgetwin::model::load_fleet_file((kScenarios + "/smart-community-400.fleet.json").toStdString()).value);
  FleetFilterModel filter;
  filter.setSourceModel(&fleet);
  QAbstractItemModelTester tester(&filter, Mode::QtTest);
  QCOMPARE(filter.rowCount(), 400);
  filter.setSearchText("s00");
  QCOMPARE(filter.rowCount(), 9);  // s001..s009
  filter.setSearchText("S010, s399");
  QCOMPARE(filter.rowCount(), 2);
  filter.setSearchText("");
  filter.setStateFilter(SiteState::Offline);
  QCOMPARE(filter.rowCount(), 0);
  fleet.applyEvent(make_event(1, "fault.start", {{"fault", "site-power-loss"}, {"target", "s123"}}));
  QCOMPARE(filter.rowCount(), 1);  // the filter follows state changes
  QCOMPARE(filter.index(0, 0).data().toString(), QString("s123"));
}

void StudioModelsTest::eventFilterBySiteAndKind() {
  EventTableModel events;
  EventFilterModel filter;
  filter.setSourceModel(&events);
  QAbstractItemModelTester tester(&filter, Mode::QtTest);
  events.appendEvent(make_event(1, "vrrp.state", {{"site", "s001"}, {"box", "s001-a"}}));
  events.appendEvent(make_event(2, "vip.claim", {{"site", "s001"}, {"box", "s001-a"}}));
  events.appendEvent(make_event(3, "vrrp.priority", {{"site", "s002"}, {"box", "s002-a"}}));
  events.appendEvent(make_event(4, "fault.start", {{"by", "twin"}, {"fault", "wan-down"}, {"target", "s002"}}));
  filter.setSite("S002");
  QCOMPARE(filter.rowCount(), 2);  // fault events belong to their target's site
  filter.setKindPrefix("vrrp");
  QCOMPARE(filter.rowCount(), 1);
  filter.setSite("");
  QCOMPARE(filter.rowCount(), 2);
  QCOMPARE(events.lastRowAtOrBefore(2.5), 1);
  QCOMPARE(events.lastRowAtOrBefore(0.5), -1);
}

void StudioModelsTest::metricsModelReadsAResult() {
  QTemporaryDir dir;
  const QString path = dir.filePath("result.json");
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(R"({"format":"edgetwin.result/v1","scenario":"x","seed":7,"sim_time_s":900,"passed":false,
    "metrics":{"vip_failover_s":{"count":2,"p50":3.0,"p99":3.2,"max":3.2,"by_site":{"s001":3.0,"s002":3.2}},
               "lost_writes":0,"nodes_running":[[0,0],[5,4],[300,3]]},
    "assertions":[{"expect":{"metric":"lost_writes","max":0},"actual":0,"passed":true},
                  {"expect":{"metric":"vip_failover_s","max":3},"actual":3.2,"passed":false}]})");
  f.close();
  MetricsModel metrics;
  QAbstractItemModelTester tester(&metrics, Mode::QtTest);
  QCOMPARE(metrics.loadFile(path), QString());
  QCOMPARE(metrics.rowCount(), 2);  // the series is charted, not tabulated
  QCOMPARE(metrics.index(1, MetricsModel::Metric).data().toString(), QString("vip_failover_s"));
  QCOMPARE(metrics.index(1, MetricsModel::Max).data().toString(), QString("3.200"));
  QCOMPARE(metrics.index(1, MetricsModel::WorstSite).data().toString(), QString("s002"));
  QCOMPARE(metrics.bySite("vip_failover_s").size(), std::size_t{2});
  QCOMPARE(metrics.series("nodes_running").back().second, 3.0);
  QCOMPARE(metrics.assertionsFailed(), 1);
  QVERIFY(!metrics.loadFile(dir.filePath("missing.json")).isEmpty());
}

void StudioModelsTest::faultListEditsRoundTrip() {
  FaultListModel faults;
  QAbstractItemModelTester tester(&faults, Mode::QtTest);
  faults.setFaults(nlohmann::ordered_json::parse(
      R"([{"at_s":900,"kind":"link-degrade","target":"s002","for_s":60,"latency_ms":200}])"));
  QVERIFY(faults.addTimed("box-crash", "s001/s001-a", 600, 300));
  QVERIFY(faults.addRandom("box-crash", "*", 0.5, 600));
  QCOMPARE(faults.rowCount(), 3);
  QVERIFY(faults.setData(faults.index(1, FaultListModel::At), "120"));
  QVERIFY(!faults.setData(faults.index(1, FaultListModel::At), "soon"));
  QVERIFY(!faults.setData(faults.index(2, FaultListModel::At), "5"));  // random faults have no time
  const auto out = faults.faults();
  QCOMPARE(out[0]["at_s"].get<double>(), 120.0);  // sorted by time
  QCOMPARE(out[1]["latency_ms"].get<int>(), 200);  // fields without a column survive
  QCOMPARE(out[2]["random"]["rate_per_day"].get<double>(), 0.5);
  faults.removeFault(0);
  QCOMPARE(faults.rowCount(), 2);
}

void StudioModelsTest::malformedScenarioGivesLineAndMessage() {
  QTemporaryDir dir;
  const QString path = dir.filePath("bad.scenario.json");
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(QString("{\n  \"format\": \"edgetwin.scenario/v1\",\n  \"name\": \"bad\",\n  \"fleet\": \"%1\",\n"
                  "  \"duration_s\": \"long\"\n}\n").arg(kScenarios + "/two-site.fleet.json").toUtf8());
  f.close();
  const ScenarioDocument doc = ScenarioDocument::open(path);
  QVERIFY(!doc.ok());
  QCOMPARE(doc.errors().size(), std::size_t{1});
  QCOMPARE(doc.errors()[0].line, 5);
  QVERIFY(QString::fromStdString(doc.errors()[0].message).contains("number"));
  QVERIFY(doc.sourceText().contains("\"long\""));
}

void StudioModelsTest::savedScenarioValidatesAndReopens() {
  ScenarioDocument doc = ScenarioDocument::open(kScenarios + "/box-crash.scenario.json");
  QVERIFY(doc.ok());
  RolloutPlan plan;
  plan.system = "smart-community";
  plan.wave_sites = 10;
  plan.upgrade_app = "parking";
  plan.upgrade_version = "2.4";
  doc.setRollout(plan);
  QTemporaryDir dir;
  const QString path = dir.filePath("plans/mine.scenario.json");
  QDir().mkpath(dir.filePath("plans"));
  QVERIFY(doc.save(path).empty());
  const ScenarioDocument again = ScenarioDocument::open(path);
  QVERIFY(again.ok());
  QCOMPARE(again.rollout()->wave_sites, 10);
  QCOMPARE(again.rollout()->upgrade_version, std::string("2.4"));
  QCOMPARE(again.fleet()->sites.size(), std::size_t{2});  // the fleet path was made relative
  // An invalid plan is refused with its diagnostics and nothing is written.
  doc.setDurationS(-5);
  const QString bad = dir.filePath("bad.scenario.json");
  QVERIFY(!doc.save(bad).empty());
  QVERIFY(!QFile::exists(bad));
}

// The rehearsal upgrades five apps with new image sizes and a site timeout; the form shows one
// app. Saving after a form edit must not drop the rest (a run would roll out something else).
void StudioModelsTest::editingTheRolloutKeepsWhatTheFormDoesNotShow() {
  ScenarioDocument doc = ScenarioDocument::open(kScenarios + "/rehearsal-400.scenario.json");
  QVERIFY(doc.ok());
  auto plan = doc.rollout();
  QVERIFY(plan.has_value());
  plan->wave_sites = 80;
  doc.setRollout(plan);
  QTemporaryDir dir;
  const QString path = dir.filePath("rehearsal-edited.scenario.json");
  QVERIFY(doc.save(path).empty());
  const ScenarioDocument again = ScenarioDocument::open(path);
  QVERIFY(again.ok());
  QCOMPARE(again.rollout()->wave_sites, 80);
  const auto parsed = edgetwin::model::load_scenario_file(path.toStdString());
  QVERIFY(parsed.ok());
  const auto& spec = parsed.value->rollout_spec;
  QVERIFY(spec.has_value());
  QCOMPARE(spec->site_timeout_s, 900.0);
  int upgraded = 0;
  for (const auto& app : spec->apps) {
    if (app.name == "video-analytics") QCOMPARE(app.image_mib, 2600.0);
    upgraded += app.version != again.fleet()->apps.at(app.name).version;
  }
  QCOMPARE(upgraded, 5);
}

void StudioModelsTest::runControllerStreamsARealRunToCompletion() {
  QTemporaryDir dir;
  RunController run;
  run.setProgram(EDGETWIN_BIN);
  QSignalSpy done(&run, &RunController::finished);
  int events = 0;
  connect(&run, &RunController::eventReceived, this, [&] { ++events; });
  QVERIFY(run.start(kScenarios + "/box-crash.scenario.json", 900, dir.filePath("result.json")));
  QVERIFY(!run.start(kScenarios + "/box-crash.scenario.json", 900, dir.filePath("other.json")));
  QVERIFY(done.wait(60000));
  const auto outcome = done.front().front().value<RunOutcome>();
  QVERIFY2(outcome.completed, qPrintable(outcome.error));
  QVERIFY(outcome.passed);
  QVERIFY(events > 20);
  QCOMPARE(run.progress().fraction(), 1.0);
  QVERIFY(QFile::exists(outcome.result_path));
  QVERIFY(outcome.stderr_tail.contains("PASSED"));
}

void StudioModelsTest::runControllerReportsAChildPrintingGarbageAndCrashing() {
  QTemporaryDir dir;
  RunController run;
  run.setProgram(write_script(dir, "echo '{\"t\":1.5,\"kind\":\"box.boot\",\"site\":\"s001\"}'\n"
                                   "echo 'Segmentation fault (core dumped)'\necho oops >&2\nexit 139\n"));
  QSignalSpy done(&run, &RunController::finished);
  QSignalSpy events(&run, &RunController::eventReceived);
  QVERIFY(run.start("any.scenario.json", 900, dir.filePath("result.json")));
  QVERIFY(done.wait(10000));
  const auto outcome = done.front().front().value<RunOutcome>();
  QVERIFY(!outcome.completed);
  QCOMPARE(events.size(), 1);  // the good line before the garbage still counts
  QCOMPARE(outcome.exit_code, 139);
  QVERIFY2(outcome.error.contains("not events"), qPrintable(outcome.error));
  QVERIFY(outcome.stderr_tail.contains("oops"));
  QVERIFY(run.progress().fraction() < 1.0);
}

void StudioModelsTest::runControllerReportsAChildKilledBySignal() {
  QTemporaryDir dir;
  RunController run;
  run.setProgram(write_script(dir, "echo '{\"t\":1,\"kind\":\"box.boot\"}'\nkill -SEGV $$\n"));
  QSignalSpy done(&run, &RunController::finished);
  QVERIFY(run.start("any.scenario.json", 900, dir.filePath("result.json")));
  QVERIFY(done.wait(10000));
  const auto outcome = done.front().front().value<RunOutcome>();
  QVERIFY(!outcome.completed);
  QVERIFY2(outcome.error.contains("crashed"), qPrintable(outcome.error));
}

void StudioModelsTest::runControllerReportsAMissingProgram() {
  RunController run;
  run.setProgram("/nonexistent/edgetwin");
  QSignalSpy done(&run, &RunController::finished);
  QVERIFY(run.start("any.scenario.json", 900, "/tmp/unused.json"));
  QVERIFY(done.wait(10000));
  QVERIFY(done.front().front().value<RunOutcome>().error.contains("cannot start"));
}

QTEST_GUILESS_MAIN(StudioModelsTest)
#include "studio_models_test.moc"
