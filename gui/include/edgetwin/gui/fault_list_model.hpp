#pragma once
// The planner's fault timeline: one row per fault of the scenario (at, kind, target, for,
// random rate), editable in place. Keeps each fault's JSON whole, so kind-specific fields the
// planner has no column for survive a round trip. Qt Core only.
#include <QAbstractTableModel>
#include <nlohmann/json.hpp>

namespace edgetwin::gui {

class FaultListModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  using Json = nlohmann::ordered_json;
  enum Column { At, Kind, Target, For, RatePerDay, ColumnCount };
  static constexpr int kFaultsMax = 10'000;  // a timeline longer than this is not hand-written

  explicit FaultListModel(QObject* parent = nullptr);

  void setFaults(const Json& faults);  // a JSON array of fault objects
  Json faults() const;                 // sorted by time, random faults last

  // Form actions; false when the timeline is full.
  bool addTimed(const std::string& kind, const std::string& target, double at_s, double for_s);
  bool addRandom(const std::string& kind, const std::string& target, double rate_per_day,
                 double for_s);
  void removeFault(int row);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

 private:
  bool append(Json fault);
  static bool isRandom(const Json& f) { return f.contains("random"); }

  std::vector<Json> faults_;
};

}  // namespace edgetwin::gui
