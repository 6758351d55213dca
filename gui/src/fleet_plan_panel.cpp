#include "edgetwin/gui/fleet_plan_panel.hpp"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QUndoStack>
#include <QVBoxLayout>

#include "edgetwin/gui/fleet_apps_model.hpp"
#include "edgetwin/gui/fleet_sites_model.hpp"
#include "edgetwin/gui/fleet_tile_view.hpp"
#include "edgetwin/gui/number_format.hpp"

namespace edgetwin::gui {
namespace {

using Json = FleetPlan::Json;

QString ratio_text(double r) { return QString::fromUtf8("%1×").arg(format_number(r, 2)); }

QString resources_text(const reports::Resources& r) {
  return QString("%1, %2, %3")
      .arg(format_with_unit(r.cpus, "CPU", 1), format_with_unit(r.memory_gib, "GiB", 1),
           format_with_unit(r.gpus, "GPU", 0));
}

}  // namespace

FleetPlanPanel::FleetPlanPanel(QWidget* parent)
    : QWidget(parent),
      plan_(new FleetPlan(this)),
      sites_(new FleetSitesModel(plan_, this)),
      apps_(new FleetAppsModel(plan_, this)) {
  summary_ = new QLabel(this);
  summary_->setTextFormat(Qt::RichText);
  tiles_ = new FleetTileView(this);
  tiles_->setModel(sites_);
  auto* tiles_scroll = new QScrollArea(this);
  tiles_scroll->setWidget(tiles_);
  tiles_scroll->setWidgetResizable(true);
  table_ = new QTableView(this);
  table_->setObjectName("fleetPlanSites");
  table_->setModel(sites_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setDefaultSectionSize(20);
  // Fitted once per fleet, not on every edit: ResizeToContents measures all 400 rows each time.
  connect(sites_, &QAbstractItemModel::modelReset, table_,
          [this] { table_->resizeColumnsToContents(); });
  tiles_scroll_ = tiles_scroll;

  apps_table_ = new QTableView(this);
  apps_table_->setModel(apps_);
  apps_table_->verticalHeader()->hide();
  apps_table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  detail_ = new QLabel(this);
  detail_->setTextFormat(Qt::RichText);
  detail_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  detail_->setWordWrap(true);
  detail_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* detail_scroll = new QScrollArea(this);
  detail_scroll->setWidget(detail_);
  detail_scroll->setWidgetResizable(true);
  auto* tabs = new QTabWidget(this);
  // The table above the form that edits its selection.
  auto* form_scroll = new QScrollArea(this);
  form_scroll->setWidget(buildForm());
  form_scroll->setWidgetResizable(true);
  auto* sites_page = new QSplitter(Qt::Vertical, this);
  sites_page->setObjectName("fleetPlanSitesSplitter");
  sites_page->addWidget(table_);
  sites_page->addWidget(form_scroll);
  sites_page->setStretchFactor(0, 1);
  sites_page->setStretchFactor(1, 1);
  tabs->addTab(sites_page, tr("Sites"));
  tabs->addTab(detail_scroll, tr("Capacity"));
  tabs->addTab(apps_table_, tr("Apps"));
  auto* ha_page = new QWidget(this);
  auto* ha_layout = new QVBoxLayout(ha_page);
  ha_layout->addWidget(buildHaBox());
  ha_layout->addWidget(buildHardwareBox());
  ha_layout->addStretch();
  tabs->addTab(ha_page, tr("HA and hardware"));

  auto* right = new QWidget(this);
  auto* right_layout = new QVBoxLayout(right);
  right_layout->setContentsMargins(0, 0, 0, 0);
  right_layout->addWidget(tabs, 3);
  auto* split = new QSplitter(this);
  split->setObjectName("fleetPlanSplitter");
  split->addWidget(tiles_scroll);
  split->addWidget(right);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 1);
  split->setSizes({900, 460});  // all 400 tiles (18 columns) at once on a 1366x768 screen
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(summary_);
  layout->addWidget(split, 1);

  connect(plan_, &FleetPlan::changed, this, &FleetPlanPanel::refresh);
  connect(plan_, &FleetPlan::editRefused, this, [this](const QString& m) { showMessage(m, true); });
  connect(tiles_, &FleetTileView::siteSelected, this,
          [this](const QString& site) { selectSites(site); });
  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
    const QStringList sites = selectedSites();
    if (!sites.isEmpty()) showSite(sites.front());
    fillForm();
  });
  refresh();
}

QWidget* FleetPlanPanel::buildForm() {
  auto* page = new QWidget(this);
  auto* form = new QFormLayout;
  range_ = new QLineEdit(page);
  range_->setPlaceholderText(tr("s301-s400, or names: s001, s007"));
  connect(range_, &QLineEdit::returnPressed, this, [this] { selectSites(range_->text()); });
  form->addRow(tr("Select sites"), range_);
  to_selection_ = new QRadioButton(tr("the selected sites"), page);
  to_defaults_ = new QRadioButton(tr("site defaults (the template of generated sites)"), page);
  to_selection_->setChecked(true);
  auto* target = new QVBoxLayout;
  target->addWidget(to_selection_);
  target->addWidget(to_defaults_);
  form->addRow(tr("Edit"), target);
  for (int column : {FleetSitesModel::Boxes, FleetSitesModel::Hardware, FleetSitesModel::System,
                     FleetSitesModel::LanCidr, FleetSitesModel::ServiceCidr,
                     FleetSitesModel::WanMbps, FleetSitesModel::WanLatencyMs}) {
    auto* edit = new QLineEdit(page);
    edit->setObjectName(QString("field%1").arg(column));
    connect(edit, &QLineEdit::textEdited, this, [this, column] { checkField(column); });
    connect(edit, &QLineEdit::returnPressed, this, &FleetPlanPanel::applyForm);
    fields_[column] = edit;
    form->addRow(sites_->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString(), edit);
  }
  auto* apply = new QPushButton(tr("Apply changed fields"), page);
  connect(apply, &QPushButton::clicked, this, &FleetPlanPanel::applyForm);
  connect(to_defaults_, &QRadioButton::toggled, this, &FleetPlanPanel::fillForm);
  message_ = new QLabel(page);
  message_->setWordWrap(true);
  auto* generate = new QGroupBox(tr("Generate sites from the defaults"), page);
  auto* gen_layout = new QHBoxLayout(generate);
  generate_count_ = new QSpinBox(generate);
  generate_count_->setRange(0, 100000);
  generate_count_->setGroupSeparatorShown(true);
  generate_name_ = new QLineEdit("s{:03}", generate);
  auto* gen_button = new QPushButton(tr("Generate"), generate);
  gen_layout->addWidget(new QLabel(tr("sites in all"), generate));
  gen_layout->addWidget(generate_count_);
  gen_layout->addWidget(new QLabel(tr("named"), generate));
  gen_layout->addWidget(generate_name_);
  gen_layout->addWidget(gen_button);
  connect(gen_button, &QPushButton::clicked, this, [this] {
    const int count = generate_count_->value();
    const std::string name = generate_name_->text().toStdString();
    const QString m = plan_->edit(tr("generate %1 sites").arg(count), [&](Json& doc) {
      doc["generate"] = Json{{"count", count}, {"name", name}};
    });
    showMessage(m.isEmpty() ? tr("%1 sites").arg(format_number(sites_->rowCount())) : m,
                !m.isEmpty());
  });
  auto* layout = new QVBoxLayout(page);
  layout->addLayout(form);
  layout->addWidget(apply);
  layout->addWidget(message_);
  layout->addWidget(generate);
  layout->addStretch();
  return page;
}

QWidget* FleetPlanPanel::buildHaBox() {
  auto* box = new QGroupBox(tr("HA, witness and data replication (whole fleet)"), this);
  auto* form = new QFormLayout(box);
  witness_ = new QComboBox(box);
  witness_->addItems({"nas", "cloud", "none"});
  replication_ = new QComboBox(box);
  replication_->addItems({"semi-sync", "async"});
  semi_sync_ms_ = new QSpinBox(box);
  semi_sync_ms_->setRange(0, 3600000);
  semi_sync_ms_->setSuffix(" ms");
  semi_sync_ms_->setGroupSeparatorShown(true);
  form->addRow(tr("Witness"), witness_);
  form->addRow(tr("MySQL-HA / Redis-HA replication"), replication_);
  form->addRow(tr("Semi-sync timeout"), semi_sync_ms_);
  auto set = [this](const char* key, const Json& value) {
    const QString m = plan_->edit(tr("HA %1").arg(key), [&](Json& doc) { doc["ha"][key] = value; });
    if (!m.isEmpty()) showMessage(m, true);
  };
  connect(witness_, &QComboBox::activated, this,
          [this, set] { set("witness", witness_->currentText().toStdString()); });
  connect(replication_, &QComboBox::activated, this,
          [this, set] { set("replication", replication_->currentText().toStdString()); });
  connect(semi_sync_ms_, &QSpinBox::editingFinished, this, [this, set] {
    const auto* ha = plan_->document().fleet() ? &plan_->document().fleet()->ha : nullptr;
    if (ha != nullptr && ha->semi_sync_timeout_ms != semi_sync_ms_->value())
      set("semi_sync_timeout_ms", semi_sync_ms_->value());
  });
  return box;
}

QWidget* FleetPlanPanel::buildHardwareBox() {
  auto* box = new QGroupBox(tr("Box hardware"), this);
  auto* form = new QFormLayout(box);
  preset_ = new QComboBox(box);
  preset_->addItems({tr("EdgeBox (manual): 40 cores, 256 GiB, 1 × T4"), tr("Custom")});
  hw_name_ = new QLineEdit("edgebox", box);
  hw_cpus_ = new QSpinBox(box);
  hw_cpus_->setRange(1, 1024);
  hw_memory_ = new QSpinBox(box);
  hw_memory_->setRange(1, 65536);
  hw_memory_->setSuffix(" GiB");
  hw_gpus_ = new QSpinBox(box);
  hw_gpus_->setRange(0, 16);
  auto fill_preset = [this] {
    const Json hw = FleetPlanDocument::edgeBoxHardware();
    const bool custom = preset_->currentIndex() == 1;
    if (!custom) {
      hw_name_->setText("edgebox");
      hw_cpus_->setValue(hw["cpus"].get<int>());
      hw_memory_->setValue(hw["memory_gib"].get<int>());
      hw_gpus_->setValue(hw["gpus"].get<int>());
    }
    for (QWidget* w : std::initializer_list<QWidget*>{hw_cpus_, hw_memory_, hw_gpus_})
      w->setEnabled(custom);
  };
  connect(preset_, &QComboBox::currentIndexChanged, this, fill_preset);
  fill_preset();
  auto* add = new QPushButton(tr("Add or replace this hardware"), box);
  connect(add, &QPushButton::clicked, this, [this] {
    const std::string name = hw_name_->text().trimmed().toStdString();
    Json hw = FleetPlanDocument::edgeBoxHardware();
    if (preset_->currentIndex() == 1) {
      hw["cpus"] = hw_cpus_->value();
      hw["memory_gib"] = hw_memory_->value();
      hw["gpus"] = hw_gpus_->value();
    }
    const QString m = plan_->edit(tr("hardware %1").arg(hw_name_->text()), [&](Json& doc) {
      doc["hardware"][Json::json_pointer("/" + name)] = hw;
    });
    showMessage(
        m.isEmpty()
            ? tr("hardware '%1' defined: pick it in the Hardware field").arg(hw_name_->text())
            : m,
        !m.isEmpty());
  });
  form->addRow(tr("Preset"), preset_);
  form->addRow(tr("Name"), hw_name_);
  form->addRow(tr("Cores"), hw_cpus_);
  form->addRow(tr("Memory"), hw_memory_);
  form->addRow(tr("GPUs"), hw_gpus_);
  form->addRow(add);
  return box;
}

bool FleetPlanPanel::openFleet(const QString& path) {
  const bool ok = plan_->open(path);
  if (!ok) {
    QStringList lines;
    for (const auto& e : plan_->document().errors())
      lines << QString::fromStdString(e.to_string()).toHtmlEscaped();
    summary_->setText(tr("<b style='color:#b71c1c'>%1 did not load:</b><br>%2")
                          .arg(path.toHtmlEscaped(), lines.join("<br>")));
    return false;
  }
  if (sites_->rowCount() > 0) selectSites(sites_->siteName(0));
  return true;
}

QString FleetPlanPanel::saveTo(const QString& path) {
  const QString errors = plan_->save(path);
  showMessage(errors.isEmpty() ? tr("Saved %1").arg(path) : errors, !errors.isEmpty());
  return errors;
}

void FleetPlanPanel::refresh() {
  const model::Fleet* fleet = plan_->document().fleet();
  if (fleet == nullptr) return;
  const auto& cap = plan_->document().capacity();
  const int risk = cap.n1_risk_sites();
  summary_->setText(tr("<b>%1</b> — %2 sites, %3 boxes · requests %4 of %5 · "
                       "<span style='color:#2e7d32'>■ N-1 ok %6</span> · <span "
                       "style='color:#b71c1c'>■ N-1 risk %7</span>%8")
                        .arg(QString::fromStdString(fleet->name).toHtmlEscaped(),
                             format_number(static_cast<double>(fleet->sites.size())),
                             format_number(fleet->box_count()), resources_text(cap.requests),
                             resources_text(cap.capacity), format_number(cap.n1_ok_sites()),
                             format_number(risk),
                             plan_->isModified() ? tr(" · <i>unsaved changes</i>") : QString()));
  witness_->setCurrentText(QString::fromStdString(fleet->ha.witness));
  replication_->setCurrentText(QString::fromStdString(fleet->ha.replication));
  semi_sync_ms_->setValue(fleet->ha.semi_sync_timeout_ms);
  const Json& doc = plan_->document().json();
  generate_count_->setValue(doc.contains("generate") ? doc["generate"].value("count", 0)
                                                     : static_cast<int>(fleet->sites.size()));
  if (doc.contains("generate"))
    generate_name_->setText(QString::fromStdString(doc["generate"].value("name", "")));
  if (!current_site_.isEmpty()) showSite(current_site_);
  fillForm();
}

void FleetPlanPanel::selectSites(const QString& spec) {
  QStringList names;
  const QString s = spec.trimmed();
  const QRegularExpression range("^(\\S+?)\\s*(?:-|\\.\\.)\\s*(\\S+)$");
  const auto m = range.match(s);
  const bool is_range =
      m.hasMatch() && sites_->row(m.captured(1)) >= 0 && sites_->row(m.captured(2)) >= 0;
  if (is_range) {
    for (int r = sites_->row(m.captured(1)); r <= sites_->row(m.captured(2)); ++r)
      names << sites_->siteName(r);
  } else {
    for (const QString& part : s.split(QRegularExpression("[,\\s]+"), Qt::SkipEmptyParts))
      if (sites_->row(part) >= 0) names << part;
  }
  QItemSelection selection;
  for (const QString& n : names) {
    const int r = sites_->row(n);
    selection.select(sites_->index(r, 0), sites_->index(r, FleetSitesModel::ColumnCount - 1));
  }
  table_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
  if (!names.isEmpty()) {
    table_->scrollTo(sites_->index(sites_->row(names.front()), 0));
    showSite(names.front());
  }
  fillForm();
}

QStringList FleetPlanPanel::selectedSites() const {
  QStringList names;
  for (const QModelIndex& i : table_->selectionModel()->selectedRows())
    names << sites_->siteName(i.row());
  names.sort();
  return names;
}

void FleetPlanPanel::fillForm() {
  const QStringList sel = selectedSites();
  const bool defaults = to_defaults_->isChecked();
  const int row = sel.isEmpty() ? -1 : sites_->row(sel.front());
  for (auto& [column, edit] : fields_) {
    QString text;
    if (defaults) {
      const Json& doc = plan_->document().json();
      const auto pointer = Json::json_pointer("/site_defaults" +
                                              FleetSitesModel::fieldPointer(column).toStdString());
      if (doc.contains(pointer)) {
        const Json& v = doc[pointer];
        text = v.is_string() ? QString::fromStdString(v.get<std::string>())
                             : QString::fromStdString(v.dump());
      }
    } else if (row >= 0) {
      text = sites_->index(row, column).data(Qt::EditRole).toString();
    }
    edit->setText(text);
    edit->setModified(false);
    edit->setStyleSheet({});
  }
  to_selection_->setText(tr("the selected sites (%1)").arg(sel.size()));
}

void FleetPlanPanel::checkField(int column) {
  QLineEdit* edit = fields_.at(column);
  QString message;
  if (to_defaults_->isChecked()) {
    const auto json = FleetSitesModel::fieldValue(column, edit->text());
    const std::string pointer =
        "/site_defaults" + FleetSitesModel::fieldPointer(column).toStdString();
    message = plan_->check([&](Json& doc) { doc[Json::json_pointer(pointer)] = json; });
  } else {
    message = sites_->checkForSites(selectedSites(), column, edit->text());
  }
  edit->setStyleSheet(message.isEmpty() ? QString()
                                        : QString("QLineEdit { border: 2px solid #b71c1c; }"));
  showMessage(message, !message.isEmpty());
}

QString FleetPlanPanel::applyField(int column, const QString& text, bool to_defaults) {
  return to_defaults ? sites_->setDefault(column, text)
                     : sites_->setForSites(selectedSites(), column, text);
}

void FleetPlanPanel::applyForm() {
  const bool defaults = to_defaults_->isChecked();
  std::vector<std::pair<int, QString>> changes;
  for (auto& [column, edit] : fields_)
    if (edit->isModified()) changes.emplace_back(column, edit->text());
  if (changes.empty()) return;
  // Several fields changed at once undo together.
  plan_->undoStack()->beginMacro(tr("edit %1").arg(
      defaults ? tr("site defaults") : tr("%1 sites").arg(selectedSites().size())));
  QString error;
  for (const auto& [column, text] : changes) {
    error = applyField(column, text, defaults);
    if (!error.isEmpty()) break;
  }
  plan_->undoStack()->endMacro();
  showMessage(error.isEmpty() ? tr("Applied") : error, !error.isEmpty());
}

void FleetPlanPanel::showMessage(const QString& message, bool error) {
  message_->setStyleSheet(error ? "color: #b71c1c" : "");
  message_->setText(message);
}

QString FleetPlanPanel::messageText() const { return message_->text(); }
QString FleetPlanPanel::capacityText() const { return detail_->text(); }

void FleetPlanPanel::showSite(const QString& site) {
  current_site_ = site;
  tiles_->selectSite(site);
  const int row = sites_->row(site);
  if (row >= 0) {
    const QPoint c = tiles_->tileRect(row).center();
    tiles_scroll_->ensureVisible(c.x(), c.y());
  }
  const reports::SiteN1* n1 = sites_->capacity(row);
  if (n1 == nullptr) {
    detail_->clear();
    return;
  }
  QString html =
      tr("<h3>%1 — %2</h3>")
          .arg(site.toHtmlEscaped(), n1->ok() ? tr("<span style='color:#2e7d32'>N-1 ok</span>")
                                              : tr("<span style='color:#b71c1c'>N-1 RISK</span>"));
  html += tr("<p>Requests %1 of %2.<br>Without %3 (the largest box): %4 left, ")
              .arg(resources_text(n1->requests), resources_text(n1->capacity),
                   QString::fromStdString(n1->largest_box), resources_text(n1->remaining));
  html += n1->ok() ? tr("enough.</p>")
                   : tr("<b>short of %1</b>.</p>").arg(resources_text(n1->shortfall));
  if (n1->unplaced_replicas > 0)
    html += tr("<p><b>%1 replicas fit on no box.</b></p>").arg(n1->unplaced_replicas);
  html +=
      tr("<table cellspacing=0 cellpadding=3 "
         "border=1><tr><th>box</th><th>hardware</th><th>replicas</th>"
         "<th>CPU req / cap</th><th>memory req / cap</th><th>GPU</th><th>overcommit "
         "CPU</th><th>overcommit mem</th></tr>");
  for (const auto& b : plan_->document().capacity().boxes) {
    if (QString::fromStdString(b.site) != site) continue;
    const auto over = b.overcommit();
    html += QString(
                "<tr><td>%1</td><td>%2</td><td align=right>%3</td><td align=right>%4 / %5</td>"
                "<td align=right>%6 / %7</td><td align=right>%8 / %9</td><td "
                "align=right>%10</td><td align=right>%11</td></tr>")
                .arg(QString::fromStdString(b.box), QString::fromStdString(b.hardware),
                     QString::number(b.replicas), format_number(b.requests.cpus, 1),
                     format_number(b.capacity.cpus, 1),
                     format_with_unit(b.requests.memory_gib, "GiB", 1),
                     format_with_unit(b.capacity.memory_gib, "GiB", 1),
                     format_number(b.requests.gpus), format_number(b.capacity.gpus))
                .arg(ratio_text(over.cpus), ratio_text(over.memory_gib));
  }
  html += "</table><p>" +
          tr("Overcommit: the limits placed on a box over its capacity. "
             "Figures from the reports library (as <code>edgetwin report</code>).") +
          "</p>";
  detail_->setText(html);
}

}  // namespace edgetwin::gui
