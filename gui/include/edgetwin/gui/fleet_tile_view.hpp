#pragma once
// Every site of the fleet as a coloured tile with its name, laid out to fill the width: 400
// sites fit a laptop screen at once. Paints the rows of any model with FleetModel's roles
// (normally the filter proxy). Click or arrow keys select a site; tooltips tell its facts.
#include <QAbstractItemModel>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QWidget>

namespace edgetwin::gui {

class FleetTileView : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kTileWidthMin = 46;
  static constexpr int kTileHeight = 24;
  static constexpr int kGap = 3;
  // A model may give a tile its own corner mark (a string) under this role; otherwise the tile
  // shows its state's letter (tile_palette.hpp).
  static constexpr int kMarkRole = Qt::UserRole + 200;

  explicit FleetTileView(QWidget* parent = nullptr);

  void setModel(QAbstractItemModel* model);
  QString selectedSite() const;
  void selectSite(const QString& site);
  QRect tileRect(int row) const;  // in widget coordinates
  int columns() const;

  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;
  QSize sizeHint() const override;

 signals:
  void siteSelected(const QString& site);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  bool event(QEvent* event) override;

 private:
  int columnsFor(int width) const;
  int rowAt(const QPoint& p) const;
  void select(int row);
  void relayout();

  QPointer<QAbstractItemModel> model_;
  QString selected_;
};

}  // namespace edgetwin::gui
