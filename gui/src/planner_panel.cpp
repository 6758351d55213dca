#include "edgetwin/gui/planner_panel.hpp"

#include <QComboBox>
#include <QCompleter>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QUndoCommand>
#include <QUndoStack>

#include "edgetwin/gui/diagnostics_panel.hpp"
#include "edgetwin/gui/scenario_extras_panel.hpp"
#include "edgetwin/model/fault_kinds.hpp"

namespace edgetwin::gui {
namespace {

QDoubleSpinBox* seconds_box(QWidget* parent, double max_s, double value) {
  auto* b = new QDoubleSpinBox(parent);
  b->setRange(0, max_s);
  b->setDecimals(1);
  b->setSuffix(" s");
  b->setValue(value);
  return b;
}

QSpinBox* count_box(QWidget* parent, int max, int value) {
  auto* b = new QSpinBox(parent);
  b->setRange(0, max);
  b->setValue(value);
  return b;
}

std::string text_of(const QComboBox* c) { return c->currentText().trimmed().toStdString(); }

}  // namespace

// One edit: the whole scenario before and after (a scenario is a few KiB; a snapshot is simpler
// and surer than undoing each kind of edit by hand, and undo then gives back exactly what was).
class ScenarioEditCommand : public QUndoCommand {
 public:
  ScenarioEditCommand(PlannerPanel* panel, ScenarioDocument::Json before, ScenarioDocument::Json after,
                      const QObject* source, const QString& text)
      : QUndoCommand(text), panel_(panel), before_(std::move(before)), after_(std::move(after)), source_(source) {}
  void undo() override { panel_->restore(before_); }
  void redo() override {
    if (first_) {
      first_ = false;  // pushed after the edit was made
      return;
    }
    panel_->restore(after_);
  }
  int id() const override { return 0x5ce; }
  bool mergeWith(const QUndoCommand* other) override {
    const auto* o = static_cast<const ScenarioEditCommand*>(other);
    if (o->source_ != source_) return false;
    after_ = o->after_;
    setObsolete(after_ == before_);  // typed and erased again: no step at all
    return true;
  }

 private:
  PlannerPanel* panel_;
  ScenarioDocument::Json before_, after_;
  const QObject* source_;
  bool first_ = true;
};

PlannerPanel::PlannerPanel(QWidget* parent) : QWidget(parent), errors_(new DiagnosticsPanel(this)) {
  auto* layout = new QGridLayout(this);
  layout->addWidget(buildBasics(), 0, 0);
  layout->addWidget(buildRollout(), 1, 0);
  layout->addWidget(buildFaults(), 0, 1);
  extras_ = new ScenarioExtrasPanel(this);
  layout->addWidget(extras_, 1, 1);
  layout->addWidget(errors_, 2, 0, 1, 2);
  layout->setColumnStretch(1, 1);
  layout->setRowStretch(1, 1);
  errors_->hide();
  undo_ = new QUndoStack(this);
  watchEdits();
  setEnabled(false);
}

void PlannerPanel::watchEdits() {
  // Named for the Edit menu ("Undo wave size edit") and for screen readers.
  const std::pair<QWidget*, QString> names[] = {
      {name_, tr("name")},           {duration_, tr("duration")},
      {seed_, tr("seed")},           {rollout_, tr("rollout on/off")},
      {system_, tr("rollout system")}, {rollout_at_, tr("rollout start")},
      {canary_, tr("canary sites")}, {wave_, tr("wave size")},
      {downloads_, tr("parallel downloads")}, {pause_, tr("pause threshold")},
      {upgrade_app_, tr("upgraded app")}, {upgrade_version_, tr("upgrade version")},
      {extras_, tr("start, rollout apps, sections or expectations")}};
  for (const auto& [w, name] : names) w->setAccessibleName(name);
  const auto record = [this](QObject* source) { return [this, source] { recordEdit(source); }; };
  connect(name_, &QLineEdit::textEdited, this, record(name_));
  connect(upgrade_version_, &QLineEdit::textEdited, this, record(upgrade_version_));
  for (QDoubleSpinBox* b : {duration_, rollout_at_})
    connect(b, &QDoubleSpinBox::valueChanged, this, record(b));
  for (QSpinBox* b : {seed_, canary_, wave_, downloads_, pause_})
    connect(b, &QSpinBox::valueChanged, this, record(b));
  for (QComboBox* c : {system_, upgrade_app_})
    connect(c, &QComboBox::currentIndexChanged, this, record(c));
  connect(rollout_, &QGroupBox::toggled, this, record(rollout_));
  for (auto signal : {&FaultListModel::rowsInserted, &FaultListModel::rowsRemoved})
    connect(&faults_, signal, this, record(&faults_));
  connect(&faults_, &FaultListModel::dataChanged, this, record(&faults_));
  connect(extras_, &ScenarioExtrasPanel::edited, this, record(extras_));
}

bool PlannerPanel::isModified() const { return !undo_->isClean(); }

void PlannerPanel::recordEdit(const QObject* source) {
  if (loading_ || document_ == nullptr || !document_->ok()) return;
  ScenarioDocument::Json before = snapshot_;
  commit();
  if (document_->json() == before) return;
  snapshot_ = document_->json();
  QString what = source == &faults_ ? tr("fault timeline edit") : tr("scenario edit");
  if (const auto* w = qobject_cast<const QWidget*>(source); w != nullptr && !w->accessibleName().isEmpty())
    what = tr("%1 edit").arg(w->accessibleName());
  undo_->push(new ScenarioEditCommand(this, std::move(before), snapshot_, source, what));
}

void PlannerPanel::restore(const ScenarioDocument::Json& doc) {
  if (document_ == nullptr) return;
  document_->setJson(doc);
  snapshot_ = doc;
  loading_ = true;
  loadFromDocument();
  extras_->setDocument(document_);
  loading_ = false;
}

QWidget* PlannerPanel::buildBasics() {
  auto* box = new QGroupBox(tr("Scenario"), this);
  auto* form = new QFormLayout(box);
  name_ = new QLineEdit(box);
  duration_ = seconds_box(box, 30 * 86400.0, 3600);
  duration_->setMinimum(1);
  seed_ = count_box(box, 2'000'000'000, 1);
  form->addRow(tr("&Name"), name_);
  form->addRow(tr("&Duration"), duration_);
  form->addRow(tr("S&eed"), seed_);
  auto* save = new QPushButton(tr("Save scenario as…"), box);
  save->setToolTip(tr("Validate and save (Ctrl+S)"));
  connect(save, &QPushButton::clicked, this, &PlannerPanel::saveRequested);
  form->addRow(save);
  return box;
}

QGroupBox* PlannerPanel::buildRollout() {
  rollout_ = new QGroupBox(tr("&Rollout plan"), this);
  rollout_->setCheckable(true);
  auto* form = new QFormLayout(rollout_);
  system_ = new QComboBox(rollout_);
  rollout_at_ = seconds_box(rollout_, 30 * 86400.0, 0);
  canary_ = count_box(rollout_, 10'000, 1);
  wave_ = count_box(rollout_, 10'000, 50);
  wave_->setMinimum(1);
  downloads_ = count_box(rollout_, 10'000, 100);
  downloads_->setMinimum(1);
  pause_ = count_box(rollout_, 10'000, 2);
  upgrade_app_ = new QComboBox(rollout_);
  upgrade_version_ = new QLineEdit(rollout_);
  upgrade_version_->setPlaceholderText(tr("e.g. 5.1"));
  form->addRow(tr("System"), system_);
  form->addRow(tr("Starts at"), rollout_at_);
  form->addRow(tr("Canary sites"), canary_);
  form->addRow(tr("Wave size (sites)"), wave_);
  form->addRow(tr("Parallel downloads"), downloads_);
  form->addRow(tr("Pause after failed sites"), pause_);
  form->addRow(tr("Upgrade app"), upgrade_app_);
  form->addRow(tr("to version"), upgrade_version_);
  return rollout_;
}

QGroupBox* PlannerPanel::buildFaults() {
  auto* box = new QGroupBox(tr("&Fault timeline"), this);
  auto* grid = new QGridLayout(box);
  fault_kind_ = new QComboBox(box);
  fault_kind_->setObjectName("faultKind");
  for (const auto& k : model::fault_kinds()) {
    // The effect as a tooltip, so a planner sees what a kind does before picking it.
    const auto text = [](std::string_view s) {
      return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
    };
    fault_kind_->addItem(text(k.name));
    fault_kind_->setItemData(fault_kind_->count() - 1, text(k.effect), Qt::ToolTipRole);
  }
  fault_target_ = new QComboBox(box);
  fault_target_->setEditable(true);
  fault_target_->setToolTip(tr("site, site/box, site/box/app, or * for every match"));
  fault_at_ = seconds_box(box, 30 * 86400.0, 600);
  fault_for_ = seconds_box(box, 30 * 86400.0, 300);
  fault_for_->setSpecialValueText(tr("until end"));
  fault_rate_ = new QDoubleSpinBox(box);
  fault_rate_->setRange(0.001, 1000);
  fault_rate_->setDecimals(3);
  fault_rate_->setValue(0.05);
  fault_rate_->setSuffix(tr(" / day"));
  auto* add_timed = new QPushButton(tr("Add at time"), box);
  auto* add_random = new QPushButton(tr("Add random"), box);
  auto* remove = new QPushButton(tr("Remove selected"), box);
  grid->addWidget(new QLabel(tr("Kind")), 0, 0);
  grid->addWidget(fault_kind_, 0, 1);
  grid->addWidget(new QLabel(tr("Target")), 0, 2);
  grid->addWidget(fault_target_, 0, 3);
  grid->addWidget(new QLabel(tr("At")), 1, 0);
  grid->addWidget(fault_at_, 1, 1);
  grid->addWidget(new QLabel(tr("For")), 1, 2);
  grid->addWidget(fault_for_, 1, 3);
  grid->addWidget(add_timed, 1, 4);
  grid->addWidget(new QLabel(tr("Rate")), 2, 0);
  grid->addWidget(fault_rate_, 2, 1);
  grid->addWidget(add_random, 2, 4);
  fault_table_ = new QTableView(box);
  fault_table_->setModel(&faults_);
  fault_table_->horizontalHeader()->setStretchLastSection(true);
  fault_table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  fault_table_->verticalHeader()->hide();
  fault_table_->verticalHeader()->setDefaultSectionSize(22);
  fault_table_->setColumnWidth(FaultListModel::Kind, 130);
  fault_table_->setColumnWidth(FaultListModel::Target, 130);
  grid->addWidget(fault_table_, 3, 0, 1, 5);
  grid->addWidget(remove, 4, 4);
  connect(add_timed, &QPushButton::clicked, this, &PlannerPanel::addTimedFault);
  connect(add_random, &QPushButton::clicked, this, &PlannerPanel::addRandomFault);
  connect(remove, &QPushButton::clicked, this,
          [this] { faults_.removeFault(fault_table_->currentIndex().row()); });
  return box;
}

void PlannerPanel::addTimedFault() {
  faults_.addTimed(text_of(fault_kind_), text_of(fault_target_), fault_at_->value(), fault_for_->value());
  fault_table_->scrollToBottom();
}

void PlannerPanel::addRandomFault() {
  faults_.addRandom(text_of(fault_kind_), text_of(fault_target_), fault_rate_->value(),
                    std::max(1.0, fault_for_->value()));
  fault_table_->scrollToBottom();
}

void PlannerPanel::setDocument(ScenarioDocument* document) {
  document_ = document;
  setEnabled(document_ != nullptr && document_->ok());
  errors_->hide();
  loading_ = true;
  if (isEnabled()) loadFromDocument();
  extras_->setDocument(document_);
  loading_ = false;
  undo_->clear();
  if (document_ != nullptr) snapshot_ = document_->json();
}

void PlannerPanel::loadFromDocument() {
  const auto& doc = document_->json();
  const model::Fleet& fleet = *document_->fleet();
  name_->setText(QString::fromStdString(doc.value("name", "")));
  duration_->setValue(document_->durationS());
  seed_->setValue(static_cast<int>(doc.value("seed", 1)));
  system_->clear();
  for (const auto& [name, apps] : fleet.systems) system_->addItem(QString::fromStdString(name));
  upgrade_app_->clear();
  upgrade_app_->addItem(tr("(none)"));
  for (const auto& [name, app] : fleet.apps) upgrade_app_->addItem(QString::fromStdString(name));
  fault_target_->clear();
  fault_target_->addItem("*");
  for (const auto& s : fleet.sites) fault_target_->addItem(QString::fromStdString(s.name));
  fault_target_->completer()->setCaseSensitivity(Qt::CaseInsensitive);
  const auto plan = document_->rollout();
  rollout_->setChecked(plan.has_value());
  const RolloutPlan p = plan.value_or(RolloutPlan{});
  if (!p.system.empty()) system_->setCurrentText(QString::fromStdString(p.system));
  rollout_at_->setValue(p.at_s);
  canary_->setValue(p.canary_sites);
  wave_->setValue(p.wave_sites);
  downloads_->setValue(p.max_parallel_downloads);
  pause_->setValue(p.pause_if_failed_sites);
  upgrade_app_->setCurrentIndex(std::max(0, upgrade_app_->findText(QString::fromStdString(p.upgrade_app))));
  upgrade_version_->setText(QString::fromStdString(p.upgrade_version));
  faults_.setFaults(document_->faults());
}

void PlannerPanel::commit() {
  if (document_ == nullptr || !document_->ok()) return;
  document_->setName(name_->text().trimmed().toStdString());
  document_->setDurationS(duration_->value());
  document_->setSeed(static_cast<std::uint64_t>(seed_->value()));
  std::optional<RolloutPlan> plan;
  if (rollout_->isChecked()) {
    plan = RolloutPlan{text_of(system_), rollout_at_->value(), canary_->value(), wave_->value(),
                       downloads_->value(), pause_->value(),
                       upgrade_app_->currentIndex() > 0 ? text_of(upgrade_app_) : "",
                       upgrade_version_->text().trimmed().toStdString()};
  }
  document_->setRollout(plan);
  document_->setFaults(faults_.faults());
}

bool PlannerPanel::saveTo(const QString& path) {
  if (document_ == nullptr || !document_->ok()) return false;
  commit();
  const auto errors = document_->save(path);
  if (errors.empty()) {
    errors_->hide();
    loading_ = true;
    faults_.setFaults(document_->faults());
    loading_ = false;
    snapshot_ = document_->json();
    undo_->setClean();
    emit saved(path);
    return true;
  }
  showErrors(errors, QString::fromStdString(document_->textFor(path)));
  return false;
}

void PlannerPanel::showErrors(const std::vector<model::Diagnostic>& errors, const QString& text) {
  errors_->showDiagnostics(errors, text, tr("the scenario was not saved or run."));
  errors_->show();
}

}  // namespace edgetwin::gui
