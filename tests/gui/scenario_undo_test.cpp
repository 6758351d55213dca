// The scenario editor's undo history and unsaved-changes question (issue 19, item 5): every edit
// of the Planner (forms, fault timeline, the extras) is one undo step, undo gives back the exact
// scenario, and opening another file or closing asks before an edit is lost.
#include <QApplication>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include "edgetwin/gui/fault_list_model.hpp"
#include "edgetwin/gui/main_window.hpp"
#include "edgetwin/gui/planner_panel.hpp"
#include "edgetwin/gui/scenario_extras_panel.hpp"

using namespace edgetwin::gui;

namespace {

const QString kScenarios = EDGETWIN_SCENARIOS_DIR;
const QString kBoxCrash = kScenarios + "/box-crash.scenario.json";

QLineEdit* name_field(PlannerPanel* planner) {
  for (auto* edit : planner->findChildren<QLineEdit*>())
    if (edit->accessibleName() == "name") return edit;
  return nullptr;
}

// Answers the next question box with `button`; `asked` tells whether one came up.
void answer_next_question(QObject* context, QMessageBox::StandardButton button, bool& asked) {
  QTimer::singleShot(0, context, [&asked, button] {
    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
    if (box == nullptr) return;
    asked = true;
    box->button(button)->click();
  });
}

QAction* edit_action(MainWindow& w, const QString& prefix) {
  for (QAction* menu : w.menuBar()->actions())
    if (menu->menu() != nullptr && menu->text() == "&Edit")
      for (QAction* a : menu->menu()->actions())
        if (a->text().startsWith(prefix)) return a;
  return nullptr;
}

}  // namespace

class ScenarioUndoTest : public QObject {
  Q_OBJECT
 private slots:
  // Closing a window saves its settings (geometry, splitters): in a folder of this test's own,
  // so that they reach neither the user's studio nor the other studio tests.
  void initTestCase() {
    QVERIFY(settings_dir_.isValid());
    qputenv("XDG_CONFIG_HOME", settings_dir_.path().toUtf8());
  }
  void everyEditIsAStepAndUndoGivesBackTheScenario();
  void unsavedScenarioAsksBeforeOpeningAnotherFile();

 private:
  QTemporaryDir settings_dir_;
};

void ScenarioUndoTest::everyEditIsAStepAndUndoGivesBackTheScenario() {
  MainWindow w(EDGETWIN_BIN);
  QVERIFY(w.openFile(kBoxCrash));
  w.show();
  w.showTab(MainWindow::PlannerTab);
  PlannerPanel* planner = w.planner();
  const std::string before = w.document()->textFor(kBoxCrash);
  QVERIFY(!planner->isModified());
  QLineEdit* name = name_field(planner);
  QVERIFY(name != nullptr);
  name->setFocus();
  name->end(false);
  QTest::keyClicks(name, "-b");  // two keystrokes, one step
  QCOMPARE(planner->undoStack()->count(), 1);
  planner->faults()->addTimed("wan-down", "s002", 100, 50);
  planner->extras()->setStart("factory");
  QCOMPARE(planner->undoStack()->count(), 3);
  QVERIFY(planner->isModified());
  // The Edit menu names the step it takes back, with its shortcut.
  QAction* undo = edit_action(w, "&Undo");
  QVERIFY(undo != nullptr);
  QCOMPARE(undo->shortcut(), QKeySequence(QKeySequence::Undo));
  QVERIFY2(undo->text().contains("start, rollout apps"), qPrintable(undo->text()));

  undo->trigger();
  QVERIFY(!w.document()->json().contains("start"));
  planner->undoStack()->undo();
  QCOMPARE(planner->faults()->rowCount(), 1);
  planner->undoStack()->undo();
  QCOMPARE(name->text(), QString("box-crash"));
  QCOMPARE(w.document()->textFor(kBoxCrash), before);  // byte for byte
  QVERIFY(!planner->isModified());

  planner->undoStack()->redo();
  planner->undoStack()->redo();
  planner->undoStack()->redo();
  QCOMPARE(name->text(), QString("box-crash-b"));
  QCOMPARE(planner->faults()->rowCount(), 2);
  QCOMPARE(w.document()->json()["start"].get<std::string>(), std::string("factory"));
  // Saving makes it clean; what was saved is the edited scenario.
  QTemporaryDir dir;
  QVERIFY(planner->saveTo(dir.filePath("edited.scenario.json")));
  QVERIFY(!planner->isModified());
}

void ScenarioUndoTest::unsavedScenarioAsksBeforeOpeningAnotherFile() {
  MainWindow w(EDGETWIN_BIN);
  QVERIFY(w.openFile(kBoxCrash));
  w.show();
  w.planner()->faults()->addTimed("wan-down", "s002", 100, 50);
  bool asked = false;
  answer_next_question(this, QMessageBox::Cancel, asked);
  QVERIFY(!w.openFile(kScenarios + "/wan-cut.scenario.json"));
  QVERIFY(asked);
  QCOMPARE(w.document()->path(), kBoxCrash);  // Cancel: still the edited scenario
  QCOMPARE(w.planner()->faults()->rowCount(), 2);
  asked = false;
  answer_next_question(this, QMessageBox::Cancel, asked);
  QVERIFY(!w.close());
  QVERIFY(asked && w.isVisible());
  asked = false;
  answer_next_question(this, QMessageBox::Discard, asked);
  QVERIFY(w.openFile(kScenarios + "/wan-cut.scenario.json"));
  QVERIFY(asked);
  QVERIFY(!w.planner()->isModified());
  QVERIFY(w.close());  // nothing unsaved: no question
}

QTEST_MAIN(ScenarioUndoTest)
#include "scenario_undo_test.moc"
