// The scenario's console commands (`console`): accounts, grants and O&M on the cloud console,
// the super account on a box's edge console. What each needs is checked here (a missing
// field, a site or box the fleet lacks); whether the actor may, or the console's rules allow it,
// is decided when it runs, so a denial is an outcome of the run.
#include <algorithm>
#include <map>
#include <set>

#include "json_pointer.hpp"
#include "scenario_parse.hpp"

namespace edgetwin::model {
namespace {

// The fields each command takes besides at_s, op, actor and site.
const std::map<std::string, std::vector<std::string>>& fields_by_op() {
  static const std::map<std::string, std::vector<std::string>> table{
      {"login", {"box", "password"}},
      {"change-password", {"box", "password", "new_password"}},
      {"view-apps", {"box"}},
      {"reset-password", {"box"}},
      {"create-user", {"user", "password", "phone"}},
      {"grant", {"account", "permissions"}},
      {"revoke", {"account"}},
      {"node-create", {"box"}},
      {"node-delete", {"box"}},
      {"node-script", {"box"}},
      {"cluster-edit", {"name", "description"}},
  };
  return table;
}

// Edge console commands run on a box of the site: it must be one.
bool on_a_box(const std::string& op) {
  return op == "login" || op == "change-password" || op == "view-apps" || op == "reset-password";
}

bool takes(const std::string& op, const std::string& field) {
  const auto& fields = fields_by_op().at(op);
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

void read_box(ScenarioContext& context, const Json& o, const std::string& pointer,
              ConsoleOperationSpec& op) {
  op.box = context.checker.string_field(o, pointer, "box", Need::kRequired).value_or("");
  if (!on_a_box(op.op) || context.fleet == nullptr || op.box.empty()) return;
  const Site* site = context.fleet->find_site(op.site);
  if (site == nullptr) return;
  for (const auto& box : site->boxes)
    if (box.name == op.box) return;
  context.checker.error(pointer + "/box",
                        "box '" + op.box + "' is not a box of site '" + op.site + "'");
}

void read_permissions(Checker& checker, const Json& o, const std::string& pointer,
                      ConsoleOperationSpec& op) {
  const Json* list = checker.array_field(o, pointer, "permissions", Need::kRequired);
  for (std::size_t k = 0; list != nullptr && k < list->size(); ++k) {
    const std::string at = child_pointer(pointer + "/permissions", k);
    const auto name = checker.string_value((*list)[k], at);
    if (name && *name != "deploy" && *name != "om")
      checker.error(at, "expected a permission: 'deploy' or 'om'");
    else if (name)
      op.permissions.push_back(*name);
  }
}

void read_fields(ScenarioContext& context, const Json& o, const std::string& pointer,
                 ConsoleOperationSpec& op) {
  Checker& checker = context.checker;
  auto text = [&](const char* field, Need need) {
    return checker.string_field(o, pointer, field, need).value_or("");
  };
  if (takes(op.op, "box")) read_box(context, o, pointer, op);
  if (takes(op.op, "password")) op.password = text("password", Need::kRequired);
  if (takes(op.op, "new_password")) op.new_password = text("new_password", Need::kRequired);
  if (takes(op.op, "user")) op.user = text("user", Need::kRequired);
  // A user without a phone is what the console refuses: allowed in the file, refused in the run.
  if (takes(op.op, "phone")) op.phone = checker.string_field(o, pointer, "phone", Need::kOptional);
  if (takes(op.op, "account")) op.account = text("account", Need::kRequired);
  if (takes(op.op, "permissions")) read_permissions(checker, o, pointer, op);
  if (takes(op.op, "name")) op.name = text("name", Need::kOptional);
  if (takes(op.op, "description")) op.description = text("description", Need::kOptional);
}

std::optional<ConsoleOperationSpec> read_one(ScenarioContext& context, const Json& o,
                                             const std::string& pointer) {
  Checker& checker = context.checker;
  if (!checker.expect_object(o, pointer)) return std::nullopt;
  ConsoleOperationSpec op;
  op.pointer = pointer;
  op.op = checker.string_field(o, pointer, "op", Need::kRequired).value_or("");
  if (!op.op.empty() && !fields_by_op().contains(op.op)) {
    checker.error(pointer + "/op", "unsupported op '" + op.op + "' (expected one of " +
                                       joined_names(console_operation_names()) + ")");
    op.op.clear();
  }
  // Every other field is one the command takes ("x-" fields are extensions).
  for (const auto& [key, value] : o.items()) {
    const bool common = key == "at_s" || key == "op" || key == "actor" || key == "site";
    if (common || key.starts_with("x-") || (!op.op.empty() && takes(op.op, key))) continue;
    checker.error(child_pointer(pointer, key),
                  "unknown field '" + key + "'" + (op.op.empty() ? "" : " for op '" + op.op + "'"));
  }
  op.at_s =
      checker.number_field(o, pointer, "at_s", Bound::kNonNegative, Need::kRequired).value_or(0);
  if (op.at_s > context.duration_s)
    checker.error(pointer + "/at_s", "at_s is beyond the scenario's duration_s");
  op.actor = checker.string_field(o, pointer, "actor", Need::kRequired).value_or("");
  op.site = checker.string_field(o, pointer, "site", Need::kRequired).value_or("");
  if (context.fleet != nullptr && !op.site.empty() && context.fleet->find_site(op.site) == nullptr)
    checker.error(pointer + "/site", "site '" + op.site + "' is not in the fleet");
  if (op.op.empty()) return op;
  read_fields(context, o, pointer, op);
  return op;
}

}  // namespace

const std::vector<std::string>& console_operation_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [name, fields] : fields_by_op()) out.push_back(name);
    return out;
  }();
  return names;
}

std::vector<ConsoleOperationSpec> read_console(ScenarioContext& context, const Json& doc) {
  std::vector<ConsoleOperationSpec> out;
  const Json* list = context.checker.array_field(doc, "", "console", Need::kOptional);
  if (list == nullptr) return out;
  for (std::size_t i = 0; i < list->size(); ++i)
    if (auto op = read_one(context, (*list)[i], child_pointer("/console", i)))
      out.push_back(std::move(*op));
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.at_s < b.at_s; });
  return out;
}

}  // namespace edgetwin::model
