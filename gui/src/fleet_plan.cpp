#include "edgetwin/gui/fleet_plan.hpp"

#include <QUndoCommand>
#include <QUndoStack>

namespace edgetwin::gui {
namespace {

// One edit: the whole text before and after. A 400-site fleet file is about 10 KiB, so keeping
// both per step is cheaper than working out an inverse for every kind of edit.
class TextCommand : public QUndoCommand {
 public:
  TextCommand(FleetPlan* plan, std::string before, std::string after, const QString& what)
      : QUndoCommand(what), plan_(plan), before_(std::move(before)), after_(std::move(after)) {}
  void redo() override { plan_->restoreText(after_); }
  void undo() override { plan_->restoreText(before_); }

 private:
  FleetPlan* plan_;
  std::string before_;
  std::string after_;
};

}  // namespace

FleetPlan::FleetPlan(QObject* parent) : QObject(parent), undo_(new QUndoStack(this)) {
  connect(undo_, &QUndoStack::cleanChanged, this,
          [this](bool clean) { emit modifiedChanged(!clean); });
}

bool FleetPlan::open(const QString& path) {
  doc_ = FleetPlanDocument::open(path);
  undo_->clear();
  emit changed();
  return doc_.ok();
}

bool FleetPlan::isModified() const { return !undo_->isClean(); }

QString FleetPlan::check(const Edit& edit) const {
  if (!doc_.ok()) return tr("no fleet is open");
  const auto errors = doc_.check(doc_.edited(edit));
  return errors.empty() ? QString() : short_message(errors.front());
}

QString FleetPlan::edit(const QString& what, const Edit& edit) {
  if (!doc_.ok()) return tr("no fleet is open");
  const std::string after = doc_.edited(edit);
  if (after == doc_.text()) return {};
  auto parsed = doc_.parse(after);
  if (!parsed.ok()) {
    const QString message = short_message(parsed.errors.front());
    emit editRefused(message);
    return message;
  }
  pending_.emplace(after, std::move(*parsed.value));
  undo_->push(new TextCommand(this, doc_.text(), after, what));  // its redo() applies `after`
  pending_.reset();
  return {};
}

void FleetPlan::restoreText(const std::string& text) {
  if (pending_ && pending_->first == text)
    doc_.adopt(text, std::move(pending_->second));
  else
    doc_.setText(text);
  pending_.reset();
  emit changed();
}

QString FleetPlan::save(const QString& path) {
  const auto errors = doc_.save(path);
  QStringList lines;
  for (const auto& e : errors) lines << QString::fromStdString(e.to_string());
  if (lines.isEmpty()) undo_->setClean();
  return lines.join('\n');
}

}  // namespace edgetwin::gui
