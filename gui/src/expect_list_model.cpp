#include "edgetwin/gui/expect_list_model.hpp"

#include <QLocale>

namespace edgetwin::gui {

ExpectListModel::ExpectListModel(QObject* parent) : QAbstractTableModel(parent) {}

const char* ExpectListModel::key(int column) {
  static const char* keys[] = {"metric", "site", "app", "min", "max", "equals", "at_s"};
  return column >= 0 && column < ColumnCount ? keys[column] : "";
}

void ExpectListModel::setEntries(const Json& entries) {
  beginResetModel();
  entries_ = entries.is_array() ? entries : Json::array();
  endResetModel();
}

void ExpectListModel::add(const Json& entry) {
  const int row = rowCount();
  beginInsertRows({}, row, row);
  entries_.push_back(entry);
  endInsertRows();
  emit edited();
}

void ExpectListModel::remove(int row) {
  if (row < 0 || row >= rowCount()) return;
  beginRemoveRows({}, row, row);
  entries_.erase(entries_.begin() + row);
  endRemoveRows();
  emit edited();
}

int ExpectListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(entries_.size());
}
int ExpectListModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant ExpectListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount() ||
      (role != Qt::DisplayRole && role != Qt::EditRole))
    return {};
  const Json& e = entries_[static_cast<std::size_t>(index.row())];
  if (!e.is_object() || !e.contains(key(index.column()))) return QString();
  const Json& v = e[key(index.column())];
  if (v.is_string()) return QString::fromStdString(v.get<std::string>());
  return QString::fromStdString(v.dump());
}

QVariant ExpectListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
    return QAbstractTableModel::headerData(section, orientation, role);
  static const char* names[] = {"Metric", "Site", "App", "Min", "Max", "Equals", "At s"};
  return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

Qt::ItemFlags ExpectListModel::flags(const QModelIndex& index) const {
  return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable
                         : Qt::NoItemFlags;
}

bool ExpectListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (!index.isValid() || role != Qt::EditRole || index.row() >= rowCount()) return false;
  Json& e = entries_[static_cast<std::size_t>(index.row())];
  if (!e.is_object()) e = Json::object();
  const QString text = value.toString().trimmed();
  const char* k = key(index.column());
  if (text.isEmpty()) {
    e.erase(k);
  } else if (index.column() <= App) {
    e[k] = text.toStdString();
  } else {
    bool ok = false;
    const double number = QLocale(QLocale::English).toDouble(text, &ok);
    // Not a number: kept as written, so the model's check says what it expected.
    if (ok)
      e[k] = number;
    else
      e[k] = text.toStdString();
  }
  emit dataChanged(index, index);
  emit edited();
  return true;
}

}  // namespace edgetwin::gui
