#include "edgetwin/gui/fault_list_model.hpp"

#include <algorithm>

namespace edgetwin::gui {
namespace {

QString seconds(double s) { return QString::number(s, 'g', 10); }

}  // namespace

FaultListModel::FaultListModel(QObject* parent) : QAbstractTableModel(parent) {}

void FaultListModel::setFaults(const Json& faults) {
  beginResetModel();
  faults_.clear();
  if (faults.is_array())
    for (const Json& f : faults)
      if (f.is_object() && faults_.size() < kFaultsMax) faults_.push_back(f);
  endResetModel();
}

FaultListModel::Json FaultListModel::faults() const {
  std::vector<Json> sorted = faults_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Json& a, const Json& b) {
    if (isRandom(a) != isRandom(b)) return !isRandom(a);
    return a.value("at_s", 0.0) < b.value("at_s", 0.0);
  });
  return Json(sorted);
}

bool FaultListModel::append(Json fault) {
  if (faults_.size() >= kFaultsMax) return false;
  const int row = rowCount();
  beginInsertRows({}, row, row);
  faults_.push_back(std::move(fault));
  endInsertRows();
  return true;
}

bool FaultListModel::addTimed(const std::string& kind, const std::string& target, double at_s,
                              double for_s) {
  Json f{{"at_s", at_s}, {"kind", kind}};
  if (!target.empty()) f["target"] = target;
  if (for_s > 0) f["for_s"] = for_s;
  return append(std::move(f));
}

bool FaultListModel::addRandom(const std::string& kind, const std::string& target,
                               double rate_per_day, double for_s) {
  return append(Json{{"kind", kind},
                     {"target", target.empty() ? "*" : target},
                     {"random", Json{{"rate_per_day", rate_per_day}, {"for_s", for_s}}}});
}

void FaultListModel::removeFault(int row) {
  if (row < 0 || row >= rowCount()) return;
  beginRemoveRows({}, row, row);
  faults_.erase(faults_.begin() + row);
  endRemoveRows();
}

int FaultListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(faults_.size());
}

int FaultListModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant FaultListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  if (role != Qt::DisplayRole && role != Qt::EditRole) return {};
  const Json& f = faults_[static_cast<std::size_t>(index.row())];
  const Json random = f.value("random", Json::object());
  switch (index.column()) {
    case At: return isRandom(f) ? QVariant("random") : QVariant(seconds(f.value("at_s", 0.0)));
    case Kind: return QString::fromStdString(f.value("kind", ""));
    case Target: return QString::fromStdString(f.value("target", ""));
    case For: {
      const Json& holder = isRandom(f) ? random : f;
      return holder.contains("for_s") ? QVariant(seconds(holder.value("for_s", 0.0)))
                                      : QVariant(role == Qt::EditRole ? "" : "until end");
    }
    case RatePerDay:
      return isRandom(f) ? QVariant(seconds(random.value("rate_per_day", 0.0))) : QVariant();
    default: return {};
  }
}

QVariant FaultListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* names[] = {"at (s)", "kind", "target", "for (s)", "rate / day"};
  return section >= 0 && section < ColumnCount ? QVariant(tr(names[section])) : QVariant();
}

Qt::ItemFlags FaultListModel::flags(const QModelIndex& index) const {
  if (!index.isValid()) return Qt::NoItemFlags;
  Qt::ItemFlags f = Qt::ItemIsSelectable | Qt::ItemIsEnabled;
  const bool random = isRandom(faults_[static_cast<std::size_t>(index.row())]);
  const bool editable = index.column() == Target || index.column() == For ||
                        (index.column() == At && !random) || (index.column() == RatePerDay && random);
  return editable ? f | Qt::ItemIsEditable : f;
}

bool FaultListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (!index.isValid() || role != Qt::EditRole || !(flags(index) & Qt::ItemIsEditable)) return false;
  Json& f = faults_[static_cast<std::size_t>(index.row())];
  Json& holder = isRandom(f) ? f["random"] : f;
  bool number_ok = false;
  const double number = value.toString().toDouble(&number_ok);
  switch (index.column()) {
    case Target: f["target"] = value.toString().trimmed().toStdString(); break;
    case At: if (!number_ok || number < 0) return false; f["at_s"] = number; break;
    case RatePerDay: if (!number_ok || number < 0) return false; holder["rate_per_day"] = number; break;
    case For:
      if (value.toString().trimmed().isEmpty()) holder.erase("for_s");
      else if (number_ok && number > 0) holder["for_s"] = number;
      else return false;
      break;
    default: return false;
  }
  emit dataChanged(index, index);
  return true;
}

}  // namespace edgetwin::gui
