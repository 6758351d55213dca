#include "edgetwin/gui/fleet_sites_model.hpp"

#include <QLocale>
#include <algorithm>
#include <map>

#include "edgetwin/gui/fleet_model.hpp"
#include "edgetwin/gui/fleet_tile_view.hpp"
#include "edgetwin/gui/number_format.hpp"
#include "edgetwin/gui/site_state.hpp"

namespace edgetwin::gui {
namespace {

QString share(double requests, double capacity, const QString& unit) {
  return QString("%1 / %2 (%3)")
      .arg(format_number(requests, 1), format_with_unit(capacity, unit, 1),
           format_percent(capacity > 0 ? requests / capacity : 0));
}

QString shortfall_text(const reports::Resources& s) {
  QStringList parts;
  if (s.cpus > 0) parts << format_with_unit(s.cpus, "CPU", 1);
  if (s.memory_gib > 0) parts << format_with_unit(s.memory_gib, "GiB", 1);
  if (s.gpus > 0) parts << format_with_unit(s.gpus, "GPU", 0);
  return parts.join(", ");
}

bool is_numeric(int column) {
  return column == FleetSitesModel::Boxes || column == FleetSitesModel::WanMbps ||
         column == FleetSitesModel::WanLatencyMs;
}

}  // namespace

FleetSitesModel::FleetSitesModel(FleetPlan* plan, QObject* parent)
    : QAbstractTableModel(parent), plan_(plan) {
  connect(plan_, &FleetPlan::changed, this, &FleetSitesModel::rebuild);
  rebuild();
}

QString FleetSitesModel::fieldPointer(int column) {
  switch (column) {
    case Boxes:
      return "/boxes";
    case Hardware:
      return "/hardware";
    case System:
      return "/system";
    case LanCidr:
      return "/lan/cidr";
    case ServiceCidr:
      return "/service_cidr";
    case WanMbps:
      return "/wan/mbps";
    case WanLatencyMs:
      return "/wan/latency_ms";
    default:
      return {};
  }
}

FleetPlan::Json FleetSitesModel::fieldValue(int column, const QVariant& value) {
  const QString text = value.toString().trimmed();
  if (is_numeric(column)) {
    bool ok = false;
    const double number = QLocale(QLocale::English).toDouble(text, &ok);
    if (ok && column == Boxes && number == static_cast<int>(number))
      return static_cast<int>(number);
    if (ok) return number;
  }
  return text.toStdString();
}

void FleetSitesModel::rebuild() {
  std::vector<Row> rows;
  if (const model::Fleet* fleet = plan_->document().fleet()) {
    const auto& capacity = plan_->document().capacity();
    std::map<std::string, int> cap_rows;
    for (std::size_t i = 0; i < capacity.sites.size(); ++i)
      cap_rows[capacity.sites[i].site] = static_cast<int>(i);
    for (std::size_t i = 0; i < fleet->sites.size(); ++i) {
      const auto& name = fleet->sites[i].name;
      const auto it = cap_rows.find(name);
      rows.push_back({QString::fromStdString(name), static_cast<int>(i),
                      it == cap_rows.end() ? -1 : it->second});
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.name < b.name; });
  }
  const bool same_rows = rows.size() == rows_.size() &&
                         std::equal(rows.begin(), rows.end(), rows_.begin(),
                                    [](const Row& a, const Row& b) { return a.name == b.name; });
  if (!same_rows) beginResetModel();
  rows_ = std::move(rows);
  if (!same_rows) {
    endResetModel();
    return;
  }
  // Same sites: keep the views' selection and scroll position.
  if (!rows_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int FleetSitesModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int FleetSitesModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QString FleetSitesModel::siteName(int row) const {
  return row >= 0 && row < rowCount() ? rows_[static_cast<std::size_t>(row)].name : QString();
}

int FleetSitesModel::row(const QString& site) const {
  const auto it = std::lower_bound(rows_.begin(), rows_.end(), site,
                                   [](const Row& r, const QString& s) { return r.name < s; });
  return it != rows_.end() && it->name == site ? static_cast<int>(it - rows_.begin()) : -1;
}

const model::Site* FleetSitesModel::site(int row) const {
  const model::Fleet* fleet = plan_->document().fleet();
  if (fleet == nullptr || row < 0 || row >= rowCount()) return nullptr;
  return &fleet->sites[static_cast<std::size_t>(rows_[static_cast<std::size_t>(row)].site)];
}

const reports::SiteN1* FleetSitesModel::capacity(int row) const {
  if (row < 0 || row >= rowCount() || rows_[static_cast<std::size_t>(row)].capacity < 0)
    return nullptr;
  return &plan_->document()
              .capacity()
              .sites[static_cast<std::size_t>(rows_[static_cast<std::size_t>(row)].capacity)];
}

int FleetSitesModel::n1RiskCount() const { return plan_->document().capacity().n1_risk_sites(); }

QVariant FleetSitesModel::display(const Row& r, int column) const {
  const model::Site& s = plan_->document().fleet()->sites[static_cast<std::size_t>(r.site)];
  const reports::SiteN1* n1 =
      r.capacity < 0 ? nullptr
                     : &plan_->document().capacity().sites[static_cast<std::size_t>(r.capacity)];
  switch (column) {
    case Name:
      return r.name;
    case Boxes:
      return static_cast<int>(s.boxes.size());
    case Hardware:
      return s.boxes.empty() ? QString() : QString::fromStdString(s.boxes.front().hardware);
    case System:
      return QString::fromStdString(s.system);
    case LanCidr:
      return QString::fromStdString(s.lan.cidr);
    case ServiceCidr:
      return QString::fromStdString(s.service_cidr);
    case WanMbps:
      return format_number(s.wan.mbps, 1);
    case WanLatencyMs:
      return format_number(s.wan.latency_ms, 1);
    case CpuRequests:
      return n1 ? share(n1->requests.cpus, n1->capacity.cpus, "CPU") : QVariant();
    case MemoryRequests:
      return n1 ? share(n1->requests.memory_gib, n1->capacity.memory_gib, "GiB") : QVariant();
    case GpuRequests:
      return n1 ? share(n1->requests.gpus, n1->capacity.gpus, "GPU") : QVariant();
    case N1:
      if (n1 == nullptr) return {};
      return n1->ok() ? tr("ok") : tr("RISK: short %1").arg(shortfall_text(n1->shortfall));
    default:
      return {};
  }
}

QString FleetSitesModel::tooltip(const Row& r) const {
  const reports::SiteN1* n1 =
      r.capacity < 0 ? nullptr
                     : &plan_->document().capacity().sites[static_cast<std::size_t>(r.capacity)];
  if (n1 == nullptr) return r.name;
  QString text =
      tr("%1: requests %2 CPU, %3 GiB, %4 GPU of %5 CPU, %6 GiB, %7 GPU")
          .arg(r.name, format_number(n1->requests.cpus, 1),
               format_number(n1->requests.memory_gib, 1), format_number(n1->requests.gpus),
               format_number(n1->capacity.cpus, 1), format_number(n1->capacity.memory_gib, 1),
               format_number(n1->capacity.gpus));
  if (n1->ok())
    return text + tr("; N-1 ok (survives losing %1)").arg(QString::fromStdString(n1->largest_box));
  return text + tr("; N-1 RISK: without %1 short of %2")
                    .arg(QString::fromStdString(n1->largest_box), shortfall_text(n1->shortfall));
}

QVariant FleetSitesModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount) return {};
  const Row& r = rows_[static_cast<std::size_t>(index.row())];
  const reports::SiteN1* n1 = capacity(index.row());
  const bool risk = n1 != nullptr && !n1->ok();
  switch (role) {
    case Qt::DisplayRole:
      return display(r, index.column());
    case Qt::EditRole: {
      const QVariant v = display(r, index.column());
      // Edit numbers without thousands separators so they parse back.
      return is_numeric(index.column()) ? QVariant(v.toString().remove(',')) : v;
    }
    case Qt::ToolTipRole:
      return tooltip(r);
    case N1RiskRole:
      return risk;
    case FleetTileView::kMarkRole:
      return risk ? QStringLiteral("!") : QString();
    case FleetModel::StateRole:
      return static_cast<int>(risk ? SiteState::Offline : SiteState::Running);
    case FleetModel::StateNameRole:
      return risk ? tr("N-1 risk") : tr("N-1 ok");
    case Qt::TextAlignmentRole:
      return is_numeric(index.column()) ||
                     (index.column() >= CpuRequests && index.column() <= GpuRequests)
                 ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                 : QVariant();
    default:
      return {};
  }
}

QVariant FleetSitesModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return QAbstractTableModel::headerData(section, orientation, role);
  static const char* names[] = {"Site",         "N-1",           "CPU requests", "Memory requests",
                                "GPU requests", "Boxes",         "Hardware",     "System",
                                "LAN",          "Service range", "WAN Mbit/s",   "WAN latency ms"};
  return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

Qt::ItemFlags FleetSitesModel::flags(const QModelIndex& index) const {
  if (!index.isValid()) return Qt::NoItemFlags;
  Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
  if (!fieldPointer(index.column()).isEmpty()) f |= Qt::ItemIsEditable;
  return f;
}

bool FleetSitesModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (!index.isValid() || role != Qt::EditRole || fieldPointer(index.column()).isEmpty())
    return false;
  return setForSites({siteName(index.row())}, index.column(), value).isEmpty();
}

QString FleetSitesModel::setForSites(const QStringList& sites, int column, const QVariant& value) {
  const std::string pointer = fieldPointer(column).toStdString();
  if (pointer.empty() || sites.isEmpty()) return tr("nothing to change");
  const auto json = fieldValue(column, value);
  const QString what =
      sites.size() == 1
          ? tr("%1 of %2")
                .arg(headerData(column, Qt::Horizontal, Qt::DisplayRole).toString(), sites.front())
          : tr("%1 of %2 sites")
                .arg(headerData(column, Qt::Horizontal, Qt::DisplayRole).toString())
                .arg(sites.size());
  return plan_->edit(what, [&](FleetPlan::Json& doc) {
    for (const QString& s : sites)
      FleetPlanDocument::setSiteField(doc, s.toStdString(), pointer, json);
  });
}

QString FleetSitesModel::checkForSites(const QStringList& sites, int column,
                                       const QVariant& value) const {
  const std::string pointer = fieldPointer(column).toStdString();
  if (pointer.empty() || sites.isEmpty()) return {};
  const auto json = fieldValue(column, value);
  return plan_->check([&](FleetPlan::Json& doc) {
    for (const QString& s : sites)
      FleetPlanDocument::setSiteField(doc, s.toStdString(), pointer, json);
  });
}

QString FleetSitesModel::setDefault(int column, const QVariant& value) {
  const std::string pointer = fieldPointer(column).toStdString();
  if (pointer.empty()) return tr("nothing to change");
  const auto json = fieldValue(column, value);
  return plan_->edit(
      tr("default %1").arg(headerData(column, Qt::Horizontal, Qt::DisplayRole).toString()),
      [&](FleetPlan::Json& doc) {
        doc[FleetPlan::Json::json_pointer("/site_defaults" + pointer)] = json;
      });
}

}  // namespace edgetwin::gui
