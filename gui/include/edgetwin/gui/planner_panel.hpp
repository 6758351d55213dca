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
};

}  // namespace edgetwin::gui
