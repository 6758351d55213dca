#pragma once
// The fleet being planned: its document, and the undo stack every edit goes through. An edit is
// a change to the file's JSON; the model validates the resulting text and refuses it with its own
// message, or it becomes one undo step that stores the text before and after (so undo restores
// the exact bytes). Views listen to changed() and read the fleet and its capacity again.
#include <QObject>
#include <QStringList>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "edgetwin/gui/fleet_plan_document.hpp"

class QUndoStack;

namespace edgetwin::gui {

class FleetPlan : public QObject {
  Q_OBJECT
 public:
  using Json = FleetPlanDocument::Json;
  using Edit = std::function<void(Json&)>;

  explicit FleetPlan(QObject* parent = nullptr);

  // Opens a fleet file (clears the undo history); false when it has errors (see document()).
  bool open(const QString& path);
  const FleetPlanDocument& document() const { return doc_; }
  bool isOpen() const { return doc_.ok(); }
  QUndoStack* undoStack() const { return undo_; }
  // Unsaved edits (the undo stack is away from where the file was opened or last saved).
  bool isModified() const;

  // Applies `edit` as one undo step named `what`. Returns "" when applied, else the model's
  // message for the first error (the plan is unchanged and editRefused() is emitted).
  QString edit(const QString& what, const Edit& edit);
  // What the model would say about `edit`, without applying it ("" = valid): checking as you type.
  QString check(const Edit& edit) const;
  // Validates and writes atomically; "" when saved, else the errors, one per line.
  QString save(const QString& path);

  // Replaces the text without a new undo step (used by the undo commands; the text was valid).
  void restoreText(const std::string& text);

 signals:
  void changed();
  void editRefused(const QString& message);
  void modifiedChanged(bool modified);

 private:
  FleetPlanDocument doc_;
  QUndoStack* undo_;
  // The fleet edit() just parsed, so the undo command's first redo need not parse it again
  // (parsing the 400-site fleet is half of what an edit costs).
  std::optional<std::pair<std::string, model::Fleet>> pending_;
};

}  // namespace edgetwin::gui
