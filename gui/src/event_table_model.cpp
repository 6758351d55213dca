#include "edgetwin/gui/event_table_model.hpp"

#include "edgetwin/gui/number_format.hpp"
#include "edgetwin/gui/site_state.hpp"

#include <algorithm>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace edgetwin::gui {
namespace {

// Numbers as people read them (issue 19: bytes=3.25059e+08): bytes in binary units, others with
// thousands separators and at most three decimals.
QString number_text(const QString& key, double v) {
  if (key == "bytes" || key.endsWith("_bytes")) return format_bytes(v);
  return format_number(v, 3);
}

QString text_of(const QJsonValue& v, const QString& key = {}) {
  if (v.isString()) return v.toString();
  if (v.isDouble()) return number_text(key, v.toDouble());
  if (v.isBool()) return v.toBool() ? "true" : "false";
  if (v.isArray()) return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
  if (v.isObject()) return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
  return "null";
}

// Everything but the stamp, as "key=value" pairs (QJsonObject keeps keys sorted).
QString details_of(const QJsonObject& event) {
  QStringList parts;
  for (auto it = event.begin(); it != event.end(); ++it) {
    const QString key = it.key();
    if (key == "t" || key == "kind" || key == "site" || key == "box" || key == "by") continue;
    parts << key + "=" + text_of(it.value(), key);
  }
  return parts.join(' ');
}

}  // namespace

EventTableModel::EventTableModel(QObject* parent) : QAbstractTableModel(parent) {}

bool EventTableModel::appendLine(const QByteArray& line) {
  const QJsonDocument doc = QJsonDocument::fromJson(line);
  if (!doc.isObject()) {
    ++rejected_;
    return false;
  }
  return appendEvent(doc.object());
}

void EventTableModel::clear() {
  beginResetModel();
  rows_.clear();
  rejected_ = 0;
  endResetModel();
}

int EventTableModel::lastRowAtOrBefore(double t_s) const {
  const auto it = std::upper_bound(rows_.begin(), rows_.end(), t_s,
                                   [](double t, const Row& r) { return t < r.t; });
  return static_cast<int>(it - rows_.begin()) - 1;
}

bool EventTableModel::appendEvent(const QJsonObject& event) {
  if (!event.value("t").isDouble() || !event.value("kind").isString()) {
    ++rejected_;
    return false;
  }
  if (rows_.size() >= kRowsMax) {
    beginRemoveRows({}, 0, 0);
    rows_.removeFirst();
    endRemoveRows();
  }
  beginInsertRows({}, rows_.size(), rows_.size());
  rows_.push_back({event.value("t").toDouble(), event_site(event),
                   event.value("box").toString(event.value("by").toString()),
                   event.value("kind").toString(), details_of(event)});
  endInsertRows();
  return true;
}

int EventTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int EventTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rows_.size()) return {};
  const Row& r = rows_[index.row()];
  if (role == Qt::TextAlignmentRole && index.column() == Time)
    return QVariant(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::ToolTipRole && index.column() == Details) return r.details;
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case Time: return QString::number(r.t, 'f', 3);
    case Site: return r.site;
    case Box: return r.box;
    case Kind: return r.kind;
    case Details: return r.details;
    default: return {};
  }
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* names[] = {"t (s)", "site", "box", "kind", "details"};
  return section >= 0 && section < ColumnCount ? QVariant(tr(names[section])) : QVariant();
}

}  // namespace edgetwin::gui
