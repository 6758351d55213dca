#include "edgetwin/gui/tile_palette.hpp"

#include <QHBoxLayout>
#include <QPainter>
#include <QPixmap>

namespace edgetwin::gui {

QColor state_fill(SiteState state) {
  switch (state) {
    case SiteState::Running: return QColor(0x2e, 0x7d, 0x32);     // green
    case SiteState::RollingOut: return QColor(0x15, 0x65, 0xc0);  // blue
    case SiteState::Degraded: return QColor(0xf9, 0xc7, 0x4f);    // light amber
    case SiteState::FailedOver: return QColor(0xe6, 0x6a, 0x00);  // orange
    case SiteState::Offline: return QColor(0xb7, 0x1c, 0x1c);     // dark red
  }
  return Qt::gray;
}

QColor state_text(SiteState state) {
  return state == SiteState::Degraded ? QColor(0x21, 0x21, 0x21) : QColor(Qt::white);
}

QString state_letter(SiteState state) {
  switch (state) {
    case SiteState::Running: return {};
    case SiteState::RollingOut: return "U";  // upgrading
    case SiteState::Degraded: return "D";
    case SiteState::FailedOver: return "F";
    case SiteState::Offline: return "X";
  }
  return "?";
}

Qt::BrushStyle state_pattern(SiteState state) {
  return state == SiteState::Offline ? Qt::BDiagPattern : Qt::NoBrush;
}

StateLegend::StateLegend(QWidget* parent) : QWidget(parent) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(4);
  for (int s = 0; s < kSiteStateCount; ++s) {
    auto* b = new QToolButton(this);
    b->setCheckable(true);
    b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    QPixmap swatch(14, 14);
    swatch.fill(state_fill(static_cast<SiteState>(s)));
    b->setIcon(QIcon(swatch));
    const QString letter = state_letter(static_cast<SiteState>(s));
    if (!letter.isEmpty()) {
      QPainter p(&swatch);
      p.setPen(state_text(static_cast<SiteState>(s)));
      QFont f = p.font();
      f.setPixelSize(11);
      f.setBold(true);
      p.setFont(f);
      p.drawText(swatch.rect(), Qt::AlignCenter, letter);
    }
    b->setToolTip(tr("Show only %1 sites (click again for all)")
                      .arg(site_state_name(static_cast<SiteState>(s))));
    connect(b, &QToolButton::toggled, this, [this, s](bool on) { onToggled(s, on); });
    layout->addWidget(b);
    buttons_.push_back(b);
  }
  layout->addStretch();
  setCounts(std::vector<int>(kSiteStateCount, 0));
}

void StateLegend::setCounts(const std::vector<int>& counts) {
  for (std::size_t s = 0; s < buttons_.size() && s < counts.size(); ++s)
    buttons_[s]->setText(QString("%1 %2").arg(site_state_name(static_cast<SiteState>(s))).arg(counts[s]));
}

void StateLegend::onToggled(int state, bool checked) {
  if (!checked) {
    emit stateFilterChanged(std::nullopt);
    return;
  }
  for (int s = 0; s < static_cast<int>(buttons_.size()); ++s) {
    if (s == state) continue;
    const QSignalBlocker block(buttons_[static_cast<std::size_t>(s)]);
    buttons_[static_cast<std::size_t>(s)]->setChecked(false);
  }
  emit stateFilterChanged(static_cast<SiteState>(state));
}

}  // namespace edgetwin::gui
