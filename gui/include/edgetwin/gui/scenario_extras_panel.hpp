#pragma once
// The rest of the scenario beside the planner's forms (issue 19): how the fleet starts (running
// or from the factory), the rollout's per-app versions and image sizes and its site timeout, the
// workloads, operations, grants and console steps (as JSON, checked by the model as you type),
// and the `expect` entries with their metric picked from the model's list. Every change goes
// into the ScenarioDocument at once; the model's verdict on the whole scenario shows below.
#include <QWidget>

#include "edgetwin/gui/scenario_document.hpp"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableView;
class QTableWidget;

namespace edgetwin::gui {

class ExpectListModel;

class ScenarioExtrasPanel : public QWidget {
  Q_OBJECT
 public:
  static constexpr const char* kSections[] = {"workloads", "operations", "grants", "console"};

  explicit ScenarioExtrasPanel(QWidget* parent = nullptr);

  void setDocument(ScenarioDocument* document);  // not owned
  ExpectListModel* expectModel() const { return expect_; }
  // Writes a JSON section (one of kSections) from its text; "" when the JSON parses (the
  // model's verdict is in message()), else what is wrong with the JSON.
  QString setSectionText(const QString& key, const QString& text);
  void setStart(const QString& start);
  // The version and image size `app` is rolled out at ("" / 0 = as the fleet says).
  QString setRolloutApp(const QString& app, const QString& version, double image_mib);
  void addExpectation(const QString& metric, const QString& site, const QString& app,
                      const QString& min, const QString& max);
  QString message() const;  // the model's first error about the scenario, "" when valid

 signals:
  // The scenario changed through this panel (not when it loads one): the planner's undo
  // records it.
  void edited();

 private:
  QWidget* buildStart();
  QWidget* buildSections();
  QWidget* buildExpect();
  void load();
  void validate();
  void writeRolloutApps();

  ScenarioDocument* document_ = nullptr;
  bool loading_ = false;
  QComboBox* start_;
  QDoubleSpinBox* site_timeout_;
  QTableWidget* rollout_apps_;
  std::vector<QPlainTextEdit*> sections_;
  ExpectListModel* expect_;
  QTableView* expect_table_;
  QComboBox* metric_;
  QLineEdit* expect_site_;
  QLineEdit* expect_app_;
  QLineEdit* expect_min_;
  QLineEdit* expect_max_;
  QLabel* message_;
};

}  // namespace edgetwin::gui
