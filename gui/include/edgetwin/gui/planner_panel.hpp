#pragma once
// The planner: forms for the scenario's basics, the rollout plan and the fault timeline. Edits
// go into the ScenarioDocument on commit(); saving validates through edgetwin::model and shows
// any error in place.
#include <QWidget>

#include "edgetwin/gui/fault_list_model.hpp"
#include "edgetwin/gui/scenario_document.hpp"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLineEdit;
class QSpinBox;
class QTableView;
class QUndoStack;

namespace edgetwin::gui {

class DiagnosticsPanel;
class ScenarioExtrasPanel;

class PlannerPanel : public QWidget {
  Q_OBJECT
 public:
  explicit PlannerPanel(QWidget* parent = nullptr);

  void setDocument(ScenarioDocument* document);  // not owned; nullptr disables the forms
  // Writes the forms into the document.
  void commit();
  // Commits, validates and writes `path`; false with the errors shown below the forms.
  bool saveTo(const QString& path);
  // Shows validation errors of `text` below the forms.
  void showErrors(const std::vector<model::Diagnostic>& errors, const QString& text);
  FaultListModel* faults() { return &faults_; }
  // Every edit of the scenario (forms, fault table, the extras) is one undo step; consecutive
  // edits of one field (typing a name) merge into one. Clean when opened or saved.
  QUndoStack* undoStack() const { return undo_; }
  bool isModified() const;
  ScenarioExtrasPanel* extras() const { return extras_; }

 signals:
  void saveRequested();  // the form's save button: the window asks where
  void saved(const QString& path);

 private:
  QWidget* buildBasics();
  QGroupBox* buildRollout();
  QGroupBox* buildFaults();
  void loadFromDocument();
  void addTimedFault();
  void addRandomFault();
  void watchEdits();
  void recordEdit(const QObject* source);
  // Puts the document back to `doc` and the forms with it (undo, redo).
  void restore(const ScenarioDocument::Json& doc);
  friend class ScenarioEditCommand;

  ScenarioDocument* document_ = nullptr;
  FaultListModel faults_;
  QLineEdit* name_;
  QDoubleSpinBox* duration_;
  QSpinBox* seed_;
  QGroupBox* rollout_;
  QComboBox* system_;
  QDoubleSpinBox* rollout_at_;
  QSpinBox* canary_;
  QSpinBox* wave_;
  QSpinBox* downloads_;
  QSpinBox* pause_;
  QComboBox* upgrade_app_;
  QLineEdit* upgrade_version_;
  QComboBox* fault_kind_;
  QComboBox* fault_target_;
  QDoubleSpinBox* fault_at_;
  QDoubleSpinBox* fault_for_;
  QDoubleSpinBox* fault_rate_;
  QTableView* fault_table_;
  DiagnosticsPanel* errors_;
  ScenarioExtrasPanel* extras_;  // start, rollout apps, workloads, operations, grants, expect
  QUndoStack* undo_;
  ScenarioDocument::Json snapshot_;  // the document as of the last recorded edit
  bool loading_ = false;             // forms filled from the document: not an edit
};

}  // namespace edgetwin::gui
