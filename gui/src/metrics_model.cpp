#include "edgetwin/gui/metrics_model.hpp"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include "edgetwin/gui/number_format.hpp"

namespace edgetwin::gui {
namespace {

// Whole and large numbers with thousands separators (3,458,832,793,600 bytes, not a run of
// digits); others with three decimals.
QString number(double v) {
  return std::abs(v) >= 1000 || v == static_cast<qint64>(v) ? format_number(v, 0)
                                                           : QString::number(v, 'f', 3);
}

QString worst_site(const QJsonObject& by_site) {
  QString site;
  double worst = -1;
  for (auto it = by_site.begin(); it != by_site.end(); ++it)
    if (it.value().toDouble() > worst) {
      worst = it.value().toDouble();
      site = it.key();
    }
  return site;
}

}  // namespace

MetricsModel::MetricsModel(QObject* parent) : QAbstractTableModel(parent) {}

QString MetricsModel::loadFile(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return path + ": " + file.errorString();
  QJsonParseError error{};
  const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
  if (!doc.isObject() || !doc.object().value("metrics").isObject()) {
    clear();
    return path + ": not a run result (" + error.errorString() + ")";
  }
  setResult(doc.object());
  return {};
}

void MetricsModel::setResult(const QJsonObject& result) {
  beginResetModel();
  result_ = result;
  metrics_.clear();
  const QJsonObject m = result_.value("metrics").toObject();
  for (auto it = m.begin(); it != m.end(); ++it)
    if (it.value().isDouble() || it.value().toObject().contains("count")) metrics_ << it.key();
  endResetModel();
}

void MetricsModel::clear() { setResult({}); }

std::vector<std::pair<QString, double>> MetricsModel::bySite(const QString& metric) const {
  std::vector<std::pair<QString, double>> out;
  const QJsonObject by_site =
      result_.value("metrics").toObject().value(metric).toObject().value("by_site").toObject();
  for (auto it = by_site.begin(); it != by_site.end(); ++it)
    out.emplace_back(it.key(), it.value().toDouble());
  return out;
}

std::vector<std::pair<double, double>> MetricsModel::series(const QString& metric) const {
  std::vector<std::pair<double, double>> out;
  for (const QJsonValue& point : result_.value("metrics").toObject().value(metric).toArray()) {
    const QJsonArray p = point.toArray();
    if (p.size() == 2) out.emplace_back(p[0].toDouble(), p[1].toDouble());
  }
  return out;
}

int MetricsModel::assertionsPassed() const {
  int n = 0;
  for (const QJsonValue& a : result_.value("assertions").toArray()) n += a.toObject().value("passed").toBool();
  return n;
}

int MetricsModel::assertionsFailed() const {
  return static_cast<int>(result_.value("assertions").toArray().size()) - assertionsPassed();
}

int MetricsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(metrics_.size());
}

int MetricsModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant MetricsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  if (role == Qt::TextAlignmentRole && index.column() != Metric && index.column() != WorstSite)
    return QVariant(Qt::AlignRight | Qt::AlignVCenter);
  if (role != Qt::DisplayRole) return {};
  const QString name = metrics_[index.row()];
  const QJsonValue v = result_.value("metrics").toObject().value(name);
  const QJsonObject d = v.toObject();
  switch (index.column()) {
    case Metric: return name;
    case Value: return v.isDouble() ? number(v.toDouble()) : "count " + number(d.value("count").toDouble());
    case P50: return d.contains("p50") ? number(d.value("p50").toDouble()) : QVariant();
    case P99: return d.contains("p99") ? number(d.value("p99").toDouble()) : QVariant();
    case Max: return d.contains("max") ? number(d.value("max").toDouble()) : QVariant();
    case WorstSite: return worst_site(d.value("by_site").toObject());
    default: return {};
  }
}

QVariant MetricsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* names[] = {"metric", "value", "p50", "p99", "max", "worst site"};
  return section >= 0 && section < ColumnCount ? QVariant(tr(names[section])) : QVariant();
}

}  // namespace edgetwin::gui
