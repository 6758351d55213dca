#pragma once
// The apps of the fleet being planned, one row each: version, image, replicas per site, requests
// and limits, priority, what the app really uses in the simulation, and its data service. Every
// cell edit goes through FleetPlan (the model validates it; one undo step).
#include <QAbstractTableModel>
#include <QStringList>

#include "edgetwin/gui/fleet_plan.hpp"

namespace edgetwin::gui {

class FleetAppsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    Name,
    Version,
    ImageMib,
    Replicas,
    Cpu,
    CpuLimit,
    MemoryMib,
    MemoryLimitMib,
    Gpu,
    Priority,
    UseCpu,
    UseCpuPeak,
    UseMemoryMib,
    Data,
    ColumnCount
  };

  explicit FleetAppsModel(FleetPlan* plan, QObject* parent = nullptr);

  static QString fieldPointer(int column);  // inside the app's object
  QString appName(int row) const;
  int row(const QString& app) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

 private:
  void rebuild();
  QVariant value(const model::App& app, int column) const;

  FleetPlan* plan_;
  QStringList names_;
};

}  // namespace edgetwin::gui
