#pragma once
// The "Fleet plan" view: the fleet file as an editable plan. Sites as tiles (red = N-1 risk) and
// as a table; a form that writes one or more fields to the selected sites (bulk edit) or to the
// site defaults (the template generated sites are made from), checked by the model as you type;
// site generation; hardware presets; HA, witness and replication; the apps table; and the
// selected site's capacity per box (requests, limits, overcommit) and N-1 verdict, from the
// reports library. Every change is one step of the plan's undo stack.
#include <QWidget>
#include <map>

#include "edgetwin/gui/fleet_plan.hpp"

class QComboBox;
class QItemSelectionModel;
class QLabel;
class QLineEdit;
class QRadioButton;
class QScrollArea;
class QSpinBox;
class QTableView;

namespace edgetwin::gui {

class FleetAppsModel;
class FleetSitesModel;
class FleetTileView;

class FleetPlanPanel : public QWidget {
  Q_OBJECT
 public:
  explicit FleetPlanPanel(QWidget* parent = nullptr);

  // Opens the fleet file to plan; false (its errors shown in place) when it does not load.
  bool openFleet(const QString& path);
  // Validates and writes the fleet; "" when saved, else the errors.
  QString saveTo(const QString& path);

  FleetPlan* plan() const { return plan_; }
  FleetSitesModel* sitesModel() const { return sites_; }
  FleetAppsModel* appsModel() const { return apps_; }
  FleetTileView* tileView() const { return tiles_; }
  // Selects sites by name, or an inclusive range "s301-s400" / "s301..s400" in name order.
  void selectSites(const QString& spec);
  QStringList selectedSites() const;
  // Writes `text` into `column` of the selection (or the defaults) as the form's Apply would.
  QString applyField(int column, const QString& text, bool to_defaults = false);
  QString capacityText() const;  // the detail panel's text
  QString messageText() const;   // the form's last message (refusal or check)

 signals:
  void saveRequested();

 private:
  QWidget* buildForm();
  QWidget* buildHaBox();
  QWidget* buildHardwareBox();
  void refresh();
  void fillForm();
  void checkField(int column);
  void applyForm();
  void showSite(const QString& site);
  void showMessage(const QString& message, bool error);

  FleetPlan* plan_;
  FleetSitesModel* sites_;
  FleetAppsModel* apps_;
  FleetTileView* tiles_;
  QScrollArea* tiles_scroll_;
  QTableView* table_;
  QTableView* apps_table_;
  QLabel* summary_;
  QLabel* detail_;
  QLabel* message_;
  QLineEdit* range_;
  QRadioButton* to_selection_;
  QRadioButton* to_defaults_;
  std::map<int, QLineEdit*> fields_;  // FleetSitesModel column -> its form field
  QSpinBox* generate_count_;
  QLineEdit* generate_name_;
  QComboBox* witness_;
  QComboBox* replication_;
  QSpinBox* semi_sync_ms_;
  QComboBox* preset_;
  QLineEdit* hw_name_;
  QSpinBox* hw_cpus_;
  QSpinBox* hw_memory_;
  QSpinBox* hw_gpus_;
  QString current_site_;
};

}  // namespace edgetwin::gui
