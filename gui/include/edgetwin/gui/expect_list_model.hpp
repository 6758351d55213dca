#pragma once
// A scenario's `expect` entries as a table: metric (one of model::known_metrics()), site, app and
// the bounds. An empty cell is an absent field; fields the table does not show survive. Qt Core.
#include <QAbstractTableModel>
#include <nlohmann/json.hpp>

namespace edgetwin::gui {

class ExpectListModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  using Json = nlohmann::ordered_json;
  enum Column { Metric, Site, App, Min, Max, Equals, AtS, ColumnCount };

  explicit ExpectListModel(QObject* parent = nullptr);

  void setEntries(const Json& entries);  // an array; anything else empties the table
  const Json& entries() const { return entries_; }
  void add(const Json& entry);
  void remove(int row);
  static const char* key(int column);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

 signals:
  void edited();  // entries() changed through the table

 private:
  Json entries_ = Json::array();
};

}  // namespace edgetwin::gui
