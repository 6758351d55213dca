#pragma once
// Errors in a user's file shown where they are: a list of `file:line:column: message`, and the
// file's text with the offending lines marked; picking an error moves to its line.
#include <vector>

#include <QWidget>

#include "edgetwin/model/diagnostic.hpp"

class QLabel;
class QPlainTextEdit;
class QTreeWidget;

namespace edgetwin::gui {

class DiagnosticsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit DiagnosticsPanel(QWidget* parent = nullptr);

  // `text` is the content of the file the diagnostics name first ("" when unreadable).
  // `consequence` says what did not happen ("nothing was loaded").
  void showDiagnostics(const std::vector<model::Diagnostic>& errors, const QString& text,
                       const QString& consequence);
  int count() const;
  QString messageAt(int i) const;  // "file:line:column: message"

 private:
  void goToLine(int line);

  QLabel* title_;
  QTreeWidget* list_;
  QPlainTextEdit* source_;
};

}  // namespace edgetwin::gui
