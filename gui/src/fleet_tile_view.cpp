#include "edgetwin/gui/fleet_tile_view.hpp"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include "edgetwin/gui/fleet_model.hpp"
#include "edgetwin/gui/tile_palette.hpp"

namespace edgetwin::gui {

FleetTileView::FleetTileView(QWidget* parent) : QWidget(parent) {
  setFocusPolicy(Qt::StrongFocus);
  setAttribute(Qt::WA_OpaquePaintEvent);
  QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  policy.setHeightForWidth(true);
  setSizePolicy(policy);
}

void FleetTileView::setModel(QAbstractItemModel* model) {
  if (model_) model_->disconnect(this);
  model_ = model;
  auto repaint_all = [this] { update(); };
  auto reflow = [this] { relayout(); };
  connect(model, &QAbstractItemModel::dataChanged, this, repaint_all);
  connect(model, &QAbstractItemModel::modelReset, this, reflow);
  connect(model, &QAbstractItemModel::layoutChanged, this, reflow);
  connect(model, &QAbstractItemModel::rowsInserted, this, reflow);
  connect(model, &QAbstractItemModel::rowsRemoved, this, reflow);
  relayout();
}

int FleetTileView::columnsFor(int width) const {
  return std::max(1, (width - kGap) / (kTileWidthMin + kGap));
}

int FleetTileView::columns() const { return columnsFor(width()); }

int FleetTileView::heightForWidth(int width) const {
  const int n = model_ ? model_->rowCount() : 0;
  const int rows = (n + columnsFor(width) - 1) / columnsFor(width);
  return kGap + rows * (kTileHeight + kGap);
}

QSize FleetTileView::sizeHint() const {
  // 20 columns of 400 sites: a 20 x 20 block.
  const int w = kGap + 20 * (kTileWidthMin + kGap);
  return {w, heightForWidth(w)};
}

void FleetTileView::relayout() {
  setMinimumHeight(heightForWidth(width()));
  updateGeometry();
  update();
}

void FleetTileView::resizeEvent(QResizeEvent*) { setMinimumHeight(heightForWidth(width())); }

QRect FleetTileView::tileRect(int row) const {
  const int cols = columns();
  // Tiles widen to use the whole width instead of leaving a ragged margin.
  const int tile_w = (width() - kGap) / cols - kGap;
  return {kGap + (row % cols) * (tile_w + kGap), kGap + (row / cols) * (kTileHeight + kGap),
          tile_w, kTileHeight};
}

int FleetTileView::rowAt(const QPoint& p) const {
  if (!model_) return -1;
  for (int r = 0; r < model_->rowCount(); ++r)
    if (tileRect(r).contains(p)) return r;
  return -1;
}

void FleetTileView::paintEvent(QPaintEvent* event) {
  QPainter p(this);
  p.fillRect(event->rect(), palette().base());
  if (!model_) return;
  QFont font = this->font();
  font.setPointSizeF(std::max(7.0, font.pointSizeF() - 1));
  p.setFont(font);
  for (int r = 0; r < model_->rowCount(); ++r) {
    const QRect rect = tileRect(r);
    if (!rect.intersects(event->rect())) continue;
    const QModelIndex i = model_->index(r, 0);
    const auto state = static_cast<SiteState>(i.data(FleetModel::StateRole).toInt());
    const QString name = i.data(Qt::DisplayRole).toString();
    p.fillRect(rect, state_fill(state));
    const QVariant own_mark = i.data(kMarkRole);
    const QString mark = own_mark.isValid() ? own_mark.toString() : state_letter(state);
    if (state_pattern(state) != Qt::NoBrush) {
      QColor hatch = state_text(state);
      hatch.setAlpha(70);
      p.fillRect(rect, QBrush(hatch, state_pattern(state)));
    }
    p.setPen(state_text(state));
    // The name centred in what the corner mark leaves free.
    const int mark_w = mark.isEmpty() ? 0 : p.fontMetrics().horizontalAdvance(mark) + 2;
    p.drawText(rect.adjusted(0, 0, -mark_w, 0), Qt::AlignCenter,
               p.fontMetrics().elidedText(name, Qt::ElideMiddle, rect.width() - 2 - mark_w));
    if (!mark.isEmpty()) {
      QFont bold = p.font();
      bold.setBold(true);
      p.setFont(bold);
      p.drawText(rect.adjusted(0, 1, -2, 0), Qt::AlignRight | Qt::AlignTop, mark);
      p.setFont(font);
    }
    if (name == selected_) {
      p.setPen(QPen(palette().text().color(), 2));
      p.drawRect(rect.adjusted(-1, -1, 1, 1));
    }
  }
}

void FleetTileView::select(int row) {
  if (!model_ || row < 0 || row >= model_->rowCount()) return;
  selected_ = model_->index(row, 0).data().toString();
  update();
  emit siteSelected(selected_);
}

QString FleetTileView::selectedSite() const { return selected_; }

void FleetTileView::selectSite(const QString& site) {
  selected_ = site;
  update();
}

void FleetTileView::mousePressEvent(QMouseEvent* event) { select(rowAt(event->position().toPoint())); }

void FleetTileView::keyPressEvent(QKeyEvent* event) {
  if (!model_ || model_->rowCount() == 0) return QWidget::keyPressEvent(event);
  int row = 0;
  for (int r = 0; r < model_->rowCount(); ++r)
    if (model_->index(r, 0).data().toString() == selected_) row = r;
  const int steps[] = {event->key() == Qt::Key_Right, -(event->key() == Qt::Key_Left),
                       columns() * (event->key() == Qt::Key_Down), -columns() * (event->key() == Qt::Key_Up)};
  const int step = steps[0] + steps[1] + steps[2] + steps[3];
  if (step == 0) return QWidget::keyPressEvent(event);
  select(std::clamp(row + step, 0, model_->rowCount() - 1));
}

bool FleetTileView::event(QEvent* event) {
  if (event->type() != QEvent::ToolTip) return QWidget::event(event);
  auto* help = static_cast<QHelpEvent*>(event);
  const int row = rowAt(help->pos());
  if (row < 0) QToolTip::hideText();
  else QToolTip::showText(help->globalPos(), model_->index(row, 0).data(Qt::ToolTipRole).toString(), this);
  return true;
}

}  // namespace edgetwin::gui
