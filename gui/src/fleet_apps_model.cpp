#include "edgetwin/gui/fleet_apps_model.hpp"

#include <QLocale>

#include "edgetwin/gui/number_format.hpp"

namespace edgetwin::gui {
namespace {

bool is_text(int column) {
  return column == FleetAppsModel::Version || column == FleetAppsModel::Priority ||
         column == FleetAppsModel::Data;
}

bool is_integer(int column) {
  return column == FleetAppsModel::Replicas || column == FleetAppsModel::Gpu;
}

FleetPlan::Json json_value(int column, const QVariant& value) {
  const QString text = value.toString().trimmed();
  if (is_text(column)) return text.toStdString();
  bool ok = false;
  const double number = QLocale(QLocale::English).toDouble(text, &ok);
  if (!ok) return text.toStdString();  // the model says what it expected
  if (is_integer(column) && number == static_cast<int>(number)) return static_cast<int>(number);
  return number;
}

}  // namespace

FleetAppsModel::FleetAppsModel(FleetPlan* plan, QObject* parent)
    : QAbstractTableModel(parent), plan_(plan) {
  connect(plan_, &FleetPlan::changed, this, &FleetAppsModel::rebuild);
  rebuild();
}

QString FleetAppsModel::fieldPointer(int column) {
  static const char* pointers[] = {
      "",           "/version",      "/image_mib",        "/replicas", "/cpu",
      "/cpu_limit", "/memory_mib",   "/memory_limit_mib", "/gpu",      "/priority",
      "/use/cpu",   "/use/cpu_peak", "/use/memory_mib",   "/data"};
  return column >= 0 && column < ColumnCount ? QString(pointers[column]) : QString();
}

void FleetAppsModel::rebuild() {
  QStringList names;
  if (const model::Fleet* fleet = plan_->document().fleet())
    for (const auto& [name, app] : fleet->apps) names << QString::fromStdString(name);
  if (names == names_) {
    if (!names_.isEmpty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    return;
  }
  beginResetModel();
  names_ = names;
  endResetModel();
}

QString FleetAppsModel::appName(int row) const { return names_.value(row); }
int FleetAppsModel::row(const QString& app) const { return static_cast<int>(names_.indexOf(app)); }

int FleetAppsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(names_.size());
}
int FleetAppsModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant FleetAppsModel::value(const model::App& a, int column) const {
  switch (column) {
    case Name:
      return QString::fromStdString(a.name);
    case Version:
      return QString::fromStdString(a.version);
    case ImageMib:
      return a.image_mib;
    case Replicas:
      return a.replicas;
    case Cpu:
      return a.cpu;
    case CpuLimit:
      return a.cpu_limit;
    case MemoryMib:
      return a.memory_mib;
    case MemoryLimitMib:
      return a.memory_limit_mib;
    case Gpu:
      return a.gpu;
    case Priority:
      return QString::fromStdString(a.priority);
    case UseCpu:
      return a.use.cpu;
    case UseCpuPeak:
      return a.use.cpu_peak;
    case UseMemoryMib:
      return a.use.memory_mib;
    case Data:
      return a.data.empty() ? tr("stateless") : QString::fromStdString(a.data);
    default:
      return {};
  }
}

QVariant FleetAppsModel::data(const QModelIndex& index, int role) const {
  const model::Fleet* fleet = plan_->document().fleet();
  if (fleet == nullptr || !index.isValid() || index.row() >= rowCount() ||
      index.column() >= ColumnCount)
    return {};
  const auto it = fleet->apps.find(names_[index.row()].toStdString());
  if (it == fleet->apps.end()) return {};
  const QVariant v = value(it->second, index.column());
  if (role == Qt::EditRole)
    return index.column() == Data && it->second.data.empty() ? QVariant(QString()) : v;
  if (role == Qt::DisplayRole)
    return v.typeId() == QMetaType::Double ? QVariant(format_number(v.toDouble(), 2)) : v;
  if (role == Qt::TextAlignmentRole && !is_text(index.column()) && index.column() != Name)
    return QVariant(Qt::AlignRight | Qt::AlignVCenter);
  return {};
}

QVariant FleetAppsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return QAbstractTableModel::headerData(section, orientation, role);
  static const char* names[] = {"App",      "Version",     "Image MiB",  "Replicas/site",
                                "CPU",      "CPU limit",   "Memory MiB", "Memory limit MiB",
                                "GPU",      "Priority",    "Uses CPU",   "CPU peak",
                                "Uses MiB", "Data service"};
  return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

Qt::ItemFlags FleetAppsModel::flags(const QModelIndex& index) const {
  if (!index.isValid()) return Qt::NoItemFlags;
  Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
  if (index.column() != Name) f |= Qt::ItemIsEditable;
  return f;
}

bool FleetAppsModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (!index.isValid() || role != Qt::EditRole || index.column() == Name) return false;
  const std::string app = appName(index.row()).toStdString();
  const std::string pointer = "/apps/" + app + fieldPointer(index.column()).toStdString();
  const auto json = json_value(index.column(), value);
  const QString what =
      tr("%1 of %2")
          .arg(headerData(index.column(), Qt::Horizontal, Qt::DisplayRole).toString(),
               appName(index.row()));
  return plan_
      ->edit(what,
             [&](FleetPlan::Json& doc) {
               // A stateless app has no "data" field: clearing the cell removes it.
               if (index.column() == Data && json == "")
                 doc["apps"][app].erase("data");
               else
                 doc[FleetPlan::Json::json_pointer(pointer)] = json;
             })
      .isEmpty();
}

}  // namespace edgetwin::gui
