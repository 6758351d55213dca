#include "edgetwin/gui/diagnostics_panel.hpp"

#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTextBlock>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace edgetwin::gui {

DiagnosticsPanel::DiagnosticsPanel(QWidget* parent)
    : QWidget(parent),
      title_(new QLabel(this)),
      list_(new QTreeWidget(this)),
      source_(new QPlainTextEdit(this)) {
  title_->setStyleSheet("color:#b71c1c; font-weight:bold");
  title_->setWordWrap(true);
  list_->setHeaderLabels({tr("file"), tr("line"), tr("column"), tr("message")});
  list_->setRootIsDecorated(false);
  list_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  list_->header()->setStretchLastSection(true);
  source_->setReadOnly(true);
  source_->setLineWrapMode(QPlainTextEdit::NoWrap);
  source_->setFont(QFont("monospace"));
  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(list_);
  split->addWidget(source_);
  split->setSizes({110, 440});  // a few errors, and room for the text around them
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(title_);
  layout->addWidget(split);
  connect(list_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
    if (item != nullptr) goToLine(item->text(1).toInt());
  });
}

void DiagnosticsPanel::showDiagnostics(const std::vector<model::Diagnostic>& errors,
                                       const QString& text, const QString& consequence) {
  title_->setText(tr("%n error(s): ", "", static_cast<int>(errors.size())) + consequence);
  list_->clear();
  source_->setPlainText(text);
  QList<QTextEdit::ExtraSelection> marks;
  for (const auto& e : errors) {
    auto* item = new QTreeWidgetItem(list_, {QString::fromStdString(e.file), QString::number(e.line),
                                             QString::number(e.column), QString::fromStdString(e.message)});
    item->setToolTip(3, QString::fromStdString(e.to_string()));
    if (e.line <= 0) continue;
    QTextEdit::ExtraSelection mark;
    mark.cursor = QTextCursor(source_->document()->findBlockByNumber(e.line - 1));
    mark.format.setBackground(QColor(0xff, 0xcd, 0xd2));
    mark.format.setProperty(QTextFormat::FullWidthSelection, true);
    marks << mark;
  }
  source_->setExtraSelections(marks);
  if (list_->topLevelItemCount() > 0) list_->setCurrentItem(list_->topLevelItem(0));
}

int DiagnosticsPanel::count() const { return list_->topLevelItemCount(); }

QString DiagnosticsPanel::messageAt(int i) const {
  const QTreeWidgetItem* item = list_->topLevelItem(i);
  if (item == nullptr) return {};
  return QString("%1:%2:%3: %4").arg(item->text(0), item->text(1), item->text(2), item->text(3));
}

void DiagnosticsPanel::goToLine(int line) {
  if (line <= 0) return;
  QTextCursor c(source_->document()->findBlockByNumber(line - 1));
  source_->setTextCursor(c);
  source_->centerCursor();
}

}  // namespace edgetwin::gui
