// The Compare view (issue 19, "plans compared"): two tiny plans of the two-site fleet run through
// `edgetwin sweep` (2 seeds each), the table of key metrics checked against the runs' own result
// files, the diff of the plans' files, and a plan the sweep refuses shown with its stderr.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "edgetwin/gui/compare_panel.hpp"
#include "edgetwin/gui/main_window.hpp"

using namespace edgetwin::gui;
using Mode = QAbstractItemModelTester::FailureReportingMode;

namespace {

const QString kScenarios = EDGETWIN_SCENARIOS_DIR;

// box-crash (900 s, s001-a down for 300 s from t = 300) and a copy that crashes it for 120 s.
QString write_plan_b(const QTemporaryDir& dir, const QByteArray& replace_from,
                     const QByteArray& replace_to) {
  QFile in(kScenarios + "/box-crash.scenario.json");
  in.open(QIODevice::ReadOnly);
  QByteArray text = in.readAll();
  text.replace("\"two-site.fleet.json\"", ("\"" + kScenarios + "/two-site.fleet.json\"").toUtf8());
  text.replace(replace_from, replace_to);
  const QString path = dir.filePath("plan-b.scenario.json");
  QFile out(path);
  out.open(QIODevice::WriteOnly);
  out.write(text);
  return path;
}

QString cell(const QAbstractItemModel& m, int row, int column) {
  return m.data(m.index(row, column), Qt::DisplayRole).toString();
}

int row_of(const QAbstractItemModel& m, const QString& label) {
  for (int r = 0; r < m.rowCount(); ++r)
    if (cell(m, r, 0) == label) return r;
  return -1;
}

// The worst VIP failover of each run, read from the result files the sweep wrote.
std::vector<double> failovers_in(const QString& plan_dir) {
  std::vector<double> out;
  for (const QString& name :
       QDir(plan_dir).entryList({"seed-*.result.json"}, QDir::Files, QDir::Name)) {
    QFile f(QDir(plan_dir).filePath(name));
    f.open(QIODevice::ReadOnly);
    const QJsonObject metrics =
        QJsonDocument::fromJson(f.readAll()).object().value("metrics").toObject();
    out.push_back(metrics.value("vip_failover_s").toObject().value("max").toDouble());
  }
  return out;
}

}  // namespace

class ComparePlansTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
  void twoPlansSideBySide();
  void aPlanTheSweepRefusesShowsItsStderr();
};

void ComparePlansTest::twoPlansSideBySide() {
  QTemporaryDir dir;
  ComparePanel panel;
  panel.setProgram(EDGETWIN_BIN);
  QAbstractItemModelTester table_tester(const_cast<CompareTableModel*>(panel.table()),
                                        Mode::QtTest);
  QAbstractItemModelTester diff_tester(const_cast<PlanDiffModel*>(panel.diff()), Mode::QtTest);
  QVERIFY(panel.addPlan(kScenarios + "/box-crash.scenario.json"));
  QVERIFY(!panel.runPlans());  // one plan is nothing to compare
  QVERIFY(panel.addPlan(write_plan_b(dir, "\"for_s\": 300", "\"for_s\": 120"), "crash for 120 s"));

  // What differs: the fault's length only. The fleets are the same file by two different paths,
  // inlined, so they do not show.
  const QAbstractItemModel& diff = *panel.diff();
  QCOMPARE(diff.rowCount(), 1);
  QCOMPARE(cell(diff, 0, 0), QString("/faults/0/for_s"));
  QCOMPARE(cell(diff, 0, 1), QString("300"));
  QCOMPARE(cell(diff, 0, 2), QString("120"));

  panel.setSeeds(2);
  QSignalSpy done(&panel, &ComparePanel::compareFinished);
  QSignalSpy progress(panel.runner(), &PlanCompareRunner::progressChanged);
  QVERIFY(panel.runPlans());
  QVERIFY(panel.isRunning());
  QVERIFY(done.wait(120000));
  QVERIFY2(done.front().front().toBool(), qPrintable(panel.status()));
  QCOMPARE(progress.back().at(0).toInt(), 4);  // 2 plans x 2 seeds
  QCOMPARE(progress.back().at(1).toInt(), 4);

  const QAbstractItemModel& table = *panel.table();
  QCOMPARE(table.columnCount(), 3);
  QCOMPARE(table.headerData(1, Qt::Horizontal).toString(), QString("A: box-crash.scenario.json"));
  QCOMPARE(table.headerData(2, Qt::Horizontal).toString(), QString("B: crash for 120 s"));
  // Every run of both plans ran to its end: passed + failed = 2, none without a result.
  for (int plan : {1, 2}) {
    const QStringList runs = cell(table, 0, plan).split(" / ");
    QCOMPARE(runs.size(), 3);
    QCOMPARE(runs[0].toInt() + runs[1].toInt(), 2);
    QCOMPARE(runs[2], QString("0"));
  }
  // Both plans have the same fleet: the same N-1 verdict, a count.
  const int n1 = row_of(table, "N-1 risk sites");
  bool is_count = false;
  cell(table, n1, 1).toInt(&is_count);
  QVERIFY(is_count);
  QCOMPARE(cell(table, n1, 1), cell(table, n1, 2));
  // The failover row is the distribution of what the result files say, seed by seed.
  const int failover = row_of(table, "VIP failover (s)");
  QVERIFY(failover > 0);
  for (int plan : {0, 1}) {
    const QString plan_dir = panel.runner()->arguments(plan).last();
    const auto values = failovers_in(plan_dir);
    QCOMPARE(values.size(), std::size_t{2});
    QVERIFY(values[0] > 0 && values[1] > 0);
    const auto d = edgetwin::campaign::distribution(values);
    QCOMPARE(cell(table, failover, plan + 1),
             CompareTableModel::formatDistribution("vip_failover_s", d));
  }
  QVERIFY(row_of(table, "WAN bytes") > 0);
  QVERIFY(cell(table, row_of(table, "WAN bytes"), 1)
              .contains(QRegularExpression("^[0-9.,]+ [KMGT]?i?B / ")));
  QCOMPARE(panel.failoverBarSets(), 2);  // both plans' failovers overlaid
  QVERIFY(panel.status().contains("2 plans x 2 seeds"));
}

void ComparePlansTest::aPlanTheSweepRefusesShowsItsStderr() {
  QTemporaryDir dir;
  MainWindow window(EDGETWIN_BIN);
  window.resize(1366, 768);
  window.show();
  ComparePanel* panel = window.comparePanel();
  QVERIFY(panel->addPlan(kScenarios + "/box-crash.scenario.json"));
  QVERIFY(panel->addPlan(write_plan_b(dir, "\"duration_s\": 900", "\"duration_s\": \"long\"")));
  panel->setSeeds(1);
  QSignalSpy done(panel, &ComparePanel::compareFinished);
  QVERIFY(panel->runPlans());
  QVERIFY(done.wait(120000));
  QCOMPARE(done.front().front().toBool(), false);
  // The sweep's own message (file:line:column) is in the view, and the view is usable again.
  QVERIFY2(panel->status().contains("plan B: edgetwin sweep exited with status 2") &&
               panel->status().contains(".scenario.json:") &&
               panel->status().contains("duration_s"),
           qPrintable(panel->status()));
  QCOMPARE(panel->table()->rowCount(), 0);
  QVERIFY(!panel->isRunning());
  panel->removePlan(1);
  QVERIFY(panel->addPlan(kScenarios + "/box-crash.scenario.json", "again"));
  QCOMPARE(panel->planCount(), 2);
}

QTEST_MAIN(ComparePlansTest)
#include "compare_plans_test.moc"
