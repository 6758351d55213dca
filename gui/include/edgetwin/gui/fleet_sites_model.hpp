#pragma once
// The sites of the fleet being planned, one row each (sorted by name, so rows stay put when an
// edit gives a generated site its own entry), with the capacity check of the reports library:
// requests against capacity and whether the site survives losing its largest box (N-1).
// Editable cells write the site's own entry through FleetPlan (validated, undoable); setForSites
// writes one field for many sites as one undo step (bulk edit). Rows also carry FleetModel's
// StateRole (running = N-1 ok, offline = N-1 risk) so FleetTileView can paint them as tiles.
#include <QAbstractTableModel>
#include <QStringList>
#include <vector>

#include "edgetwin/gui/fleet_plan.hpp"

namespace edgetwin::gui {

class FleetSitesModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    Name,
    N1,  // the verdict first: it is what the view is for
    CpuRequests,
    MemoryRequests,
    GpuRequests,
    Boxes,
    Hardware,
    System,
    LanCidr,
    ServiceCidr,
    WanMbps,
    WanLatencyMs,
    ColumnCount
  };
  enum Role { N1RiskRole = Qt::UserRole + 100 };

  explicit FleetSitesModel(FleetPlan* plan, QObject* parent = nullptr);

  // The JSON pointer inside a site that an editable column writes ("" for read-only columns).
  static QString fieldPointer(int column);
  // The value a cell's text stands for in the file: a number where the column holds one, else the
  // text (the model then says what it expected).
  static FleetPlan::Json fieldValue(int column, const QVariant& value);

  // Writes `value` into column `column` of every site in `sites` as one undo step; the model's
  // message when refused, "" when done.
  QString setForSites(const QStringList& sites, int column, const QVariant& value);
  // Same for site_defaults (every site that does not override the field).
  QString setDefault(int column, const QVariant& value);
  // What the model would say about that edit, without making it ("" = valid).
  QString checkForSites(const QStringList& sites, int column, const QVariant& value) const;

  QString siteName(int row) const;
  int row(const QString& site) const;  // -1 when unknown
  int n1RiskCount() const;
  const model::Site* site(int row) const;
  const reports::SiteN1* capacity(int row) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

 private:
  struct Row {
    QString name;
    int site = -1;      // index into fleet().sites
    int capacity = -1;  // index into capacity().sites
  };
  void rebuild();
  QVariant display(const Row& r, int column) const;
  QString tooltip(const Row& r) const;

  FleetPlan* plan_;
  std::vector<Row> rows_;
};

}  // namespace edgetwin::gui
