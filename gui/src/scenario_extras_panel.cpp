#include "edgetwin/gui/scenario_extras_panel.hpp"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include "edgetwin/gui/expect_list_model.hpp"
#include "edgetwin/gui/fleet_plan_document.hpp"
#include "edgetwin/model/scenario.hpp"

namespace edgetwin::gui {
namespace {

using Json = ScenarioDocument::Json;

enum RolloutAppColumn { AppName, AppVersion, AppImage };

}  // namespace

ScenarioExtrasPanel::ScenarioExtrasPanel(QWidget* parent)
    : QWidget(parent), expect_(new ExpectListModel(this)) {
  auto* tabs = new QTabWidget(this);
  tabs->addTab(buildStart(), tr("Start and rollout apps"));
  tabs->addTab(buildSections(), tr("Workloads, operations, grants"));
  tabs->addTab(buildExpect(), tr("Expectations"));
  message_ = new QLabel(this);
  message_->setWordWrap(true);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(tabs, 1);
  layout->addWidget(message_);
  connect(expect_, &ExpectListModel::edited, this, [this] {
    if (loading_ || document_ == nullptr) return;
    document_->setField("expect", expect_->entries());
    validate();
  });
}

QWidget* ScenarioExtrasPanel::buildStart() {
  auto* page = new QWidget(this);
  auto* form = new QFormLayout(page);
  start_ = new QComboBox(page);
  start_->addItem(tr("running: every box activated and serving at t = 0"), "running");
  start_->addItem(tr("factory: boxes power on unactivated, first boot and activation"), "factory");
  connect(start_, &QComboBox::activated, this,
          [this] { setStart(start_->currentData().toString()); });
  site_timeout_ = new QDoubleSpinBox(page);
  site_timeout_->setRange(0, 30 * 86400.0);
  site_timeout_->setSuffix(" s");
  site_timeout_->setSpecialValueText(tr("model default"));
  site_timeout_->setGroupSeparatorShown(true);
  connect(site_timeout_, &QDoubleSpinBox::editingFinished, this, [this] {
    if (document_ == nullptr || !document_->json().contains("rollout")) return;
    Json r = document_->json()["rollout"];
    if (site_timeout_->value() > 0)
      r["site_timeout_s"] = site_timeout_->value();
    else
      r.erase("site_timeout_s");
    document_->setField("rollout", r);
    validate();
  });
  rollout_apps_ = new QTableWidget(0, 3, page);
  rollout_apps_->setHorizontalHeaderLabels({tr("App"), tr("Version rolled out"), tr("Image MiB")});
  rollout_apps_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  rollout_apps_->verticalHeader()->hide();
  connect(rollout_apps_, &QTableWidget::itemChanged, this, [this] {
    if (!loading_) writeRolloutApps();
  });
  form->addRow(tr("Start"), start_);
  form->addRow(tr("Rollout site timeout"), site_timeout_);
  form->addRow(new QLabel(
      tr("Every app's version and image size in the rollout (empty: as the fleet says):"), page));
  form->addRow(rollout_apps_);
  return page;
}

QWidget* ScenarioExtrasPanel::buildSections() {
  auto* tabs = new QTabWidget(this);
  for (const char* key : kSections) {
    auto* edit = new QPlainTextEdit(tabs);
    edit->setObjectName(QString("section-%1").arg(key));
    edit->setPlaceholderText(
        tr("A JSON array, as in the scenario file (docs/formats-extensions.md). Empty: none."));
    QFont mono("monospace");
    mono.setStyleHint(QFont::TypeWriter);
    edit->setFont(mono);
    connect(edit, &QPlainTextEdit::textChanged, this, [this, key, edit] {
      if (loading_) return;
      const QString problem = setSectionText(key, edit->toPlainText());
      if (!problem.isEmpty()) {
        message_->setStyleSheet("color: #b71c1c");
        message_->setText(problem);
      }
    });
    sections_.push_back(edit);
    tabs->addTab(edit, key);
  }
  return tabs;
}

QWidget* ScenarioExtrasPanel::buildExpect() {
  auto* page = new QWidget(this);
  metric_ = new QComboBox(page);
  for (const auto& m : model::known_metrics()) metric_->addItem(QString::fromStdString(m));
  expect_site_ = new QLineEdit(page);
  expect_site_->setPlaceholderText(tr("site (optional)"));
  expect_app_ = new QLineEdit(page);
  expect_app_->setPlaceholderText(tr("app (optional)"));
  expect_min_ = new QLineEdit(page);
  expect_min_->setPlaceholderText(tr("min"));
  expect_max_ = new QLineEdit(page);
  expect_max_->setPlaceholderText(tr("max"));
  auto* add = new QPushButton(tr("Add"), page);
  auto* remove = new QPushButton(tr("Remove selected"), page);
  connect(add, &QPushButton::clicked, this, [this] {
    addExpectation(metric_->currentText(), expect_site_->text(), expect_app_->text(),
                   expect_min_->text(), expect_max_->text());
  });
  expect_table_ = new QTableView(page);
  expect_table_->setModel(expect_);
  expect_table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  expect_table_->horizontalHeader()->setStretchLastSection(true);
  expect_table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  connect(remove, &QPushButton::clicked, this, [this] {
    const auto rows = expect_table_->selectionModel()->selectedRows();
    if (!rows.isEmpty()) expect_->remove(rows.front().row());
  });
  auto* bar = new QHBoxLayout;
  for (QWidget* w : std::initializer_list<QWidget*>{metric_, expect_site_, expect_app_, expect_min_,
                                                    expect_max_, add, remove})
    bar->addWidget(w);
  auto* layout = new QVBoxLayout(page);
  layout->addLayout(bar);
  layout->addWidget(expect_table_, 1);
  return page;
}

void ScenarioExtrasPanel::setDocument(ScenarioDocument* document) {
  document_ = document;
  setEnabled(document_ != nullptr && document_->ok());
  if (isEnabled()) load();
}

void ScenarioExtrasPanel::load() {
  loading_ = true;
  const Json& doc = document_->json();
  start_->setCurrentIndex(
      std::max(0, start_->findData(QString::fromStdString(doc.value("start", "running")))));
  const Json rollout = doc.contains("rollout") ? doc["rollout"] : Json::object();
  site_timeout_->setValue(rollout.value("site_timeout_s", 0.0));
  const Json overrides = rollout.value("apps", Json::object());
  rollout_apps_->setRowCount(0);
  for (const auto& [name, app] : document_->fleet()->apps) {
    const int row = rollout_apps_->rowCount();
    rollout_apps_->insertRow(row);
    auto* name_item = new QTableWidgetItem(QString::fromStdString(name));
    name_item->setFlags(Qt::ItemIsEnabled);
    rollout_apps_->setItem(row, AppName, name_item);
    const Json o = overrides.value(name, Json::object());
    rollout_apps_->setItem(
        row, AppVersion,
        new QTableWidgetItem(o.contains("version")
                                 ? QString::fromStdString(o["version"].get<std::string>())
                                 : QString()));
    rollout_apps_->setItem(
        row, AppImage,
        new QTableWidgetItem(o.contains("image_mib") ? QString::fromStdString(o["image_mib"].dump())
                                                     : QString()));
    rollout_apps_->item(row, AppVersion)
        ->setToolTip(tr("the fleet has %1").arg(QString::fromStdString(app.version)));
  }
  for (std::size_t i = 0; i < sections_.size(); ++i) {
    const char* key = kSections[i];
    sections_[i]->setPlainText(doc.contains(key) ? QString::fromStdString(doc[key].dump(2))
                                                 : QString());
  }
  expect_->setEntries(doc.value("expect", Json::array()));
  loading_ = false;
  const QSignalBlocker quiet(this);  // loading is not an edit
  validate();
}

QString ScenarioExtrasPanel::setSectionText(const QString& key, const QString& text) {
  if (document_ == nullptr) return tr("no scenario is open");
  if (text.trimmed().isEmpty()) {
    document_->setField(key.toStdString(), nullptr);
    validate();
    return {};
  }
  const Json value = Json::parse(text.toStdString(), nullptr, false);
  if (value.is_discarded()) return tr("%1: not JSON yet (an array such as [ { ... } ])").arg(key);
  document_->setField(key.toStdString(), value);
  validate();
  return {};
}

void ScenarioExtrasPanel::setStart(const QString& start) {
  if (document_ == nullptr) return;
  document_->setField("start", start.toStdString());
  start_->setCurrentIndex(std::max(0, start_->findData(start)));
  validate();
}

QString ScenarioExtrasPanel::setRolloutApp(const QString& app, const QString& version,
                                           double image_mib) {
  for (int row = 0; row < rollout_apps_->rowCount(); ++row) {
    if (rollout_apps_->item(row, AppName)->text() != app) continue;
    loading_ = true;
    rollout_apps_->item(row, AppVersion)->setText(version);
    rollout_apps_->item(row, AppImage)
        ->setText(image_mib > 0 ? QString::number(image_mib) : QString());
    loading_ = false;
    writeRolloutApps();
    return message();
  }
  return tr("no app '%1' in the fleet").arg(app);
}

void ScenarioExtrasPanel::writeRolloutApps() {
  if (document_ == nullptr) return;
  if (!document_->json().contains("rollout")) {
    message_->setStyleSheet("color: #b71c1c");
    message_->setText(tr("Turn the rollout plan on first: these versions belong to it."));
    return;
  }
  Json r = document_->json()["rollout"];
  Json apps = r.value("apps", Json::object());
  for (int row = 0; row < rollout_apps_->rowCount(); ++row) {
    const std::string name = rollout_apps_->item(row, AppName)->text().toStdString();
    const QString version = rollout_apps_->item(row, AppVersion)->text().trimmed();
    const QString image = rollout_apps_->item(row, AppImage)->text().trimmed();
    Json o = apps.value(name, Json::object());  // keeps "behaviour" and whatever else it has
    if (version.isEmpty())
      o.erase("version");
    else
      o["version"] = version.toStdString();
    bool ok = false;
    const double mib = image.toDouble(&ok);
    if (image.isEmpty())
      o.erase("image_mib");
    else if (ok)
      o["image_mib"] = mib;
    else
      o["image_mib"] = image.toStdString();  // the model says what it expected
    if (o.empty())
      apps.erase(name);
    else
      apps[name] = o;
  }
  if (apps.empty())
    r.erase("apps");
  else
    r["apps"] = apps;
  document_->setField("rollout", r);
  validate();
}

void ScenarioExtrasPanel::addExpectation(const QString& metric, const QString& site,
                                         const QString& app, const QString& min,
                                         const QString& max) {
  Json e{{"metric", metric.toStdString()}};
  if (!site.trimmed().isEmpty()) e["site"] = site.trimmed().toStdString();
  if (!app.trimmed().isEmpty()) e["app"] = app.trimmed().toStdString();
  for (const auto& [key, text] : {std::pair{"min", min}, std::pair{"max", max}}) {
    if (text.trimmed().isEmpty()) continue;
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    if (ok)
      e[key] = v;
    else
      e[key] = text.trimmed().toStdString();
  }
  expect_->add(e);
}

void ScenarioExtrasPanel::validate() {
  if (document_ == nullptr) return;
  const QString path = document_->path();
  const auto errors = model::parse_scenario(document_->textFor(path), path.toStdString()).errors;
  message_->setStyleSheet(errors.empty() ? "color: #2e7d32" : "color: #b71c1c");
  message_->setText(errors.empty() ? tr("The scenario is valid.") : short_message(errors.front()));
  emit edited();  // every change of the document ends here
}

QString ScenarioExtrasPanel::message() const {
  return message_->styleSheet().contains("b71c1c") ? message_->text() : QString();
}

}  // namespace edgetwin::gui
