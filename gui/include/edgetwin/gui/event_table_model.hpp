#pragma once
// The run's event stream as a table (time, site, box, kind, details), fed line by line from
// `edgetwin run --events -`. Kept apart from widgets so it is tested on Qt Core alone.
#include <QAbstractTableModel>
#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QVector>

namespace edgetwin::gui {

class EventTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Time, Site, Box, Kind, Details, ColumnCount };
  // Bound on rows kept: a long run streams millions of events; the table keeps the latest.
  static constexpr int kRowsMax = 200'000;

  explicit EventTableModel(QObject* parent = nullptr);

  // Appends one JSON line; false (and the line counted as rejected) when it is not an event.
  bool appendLine(const QByteArray& line);
  // Appends an already-parsed event; false (counted as rejected) without "t" and "kind".
  bool appendEvent(const QJsonObject& event);
  void clear();
  double timeAt(int row) const { return rows_[row].t; }
  // The last row with t <= t_s, or -1 (rows are in time order).
  int lastRowAtOrBefore(double t_s) const;
  int rejectedLines() const { return rejected_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  struct Row {
    double t = 0;
    QString site, box, kind, details;
  };
  QVector<Row> rows_;
  int rejected_ = 0;
};

}  // namespace edgetwin::gui
