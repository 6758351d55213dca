#include "edgetwin/sim/setup/console_operations.hpp"

#include <cstdint>
#include <optional>

#include "edgetwin/firmware/activation/edge_console.hpp"
#include "edgetwin/firmware/agents/activation_box_agent.hpp"
#include "edgetwin/firmware/agents/box_agent.hpp"
#include "edgetwin/firmware/agents/cloud_agent.hpp"

namespace edgetwin::sim {

using Json = nlohmann::ordered_json;
using Result = std::optional<std::string>;  // nullopt: it ran; else why not

// The nodes the commands reach. A box's edge console is its firmware's (BoxAgent::edge_console):
// the cloud's password reset reaches the same account over the box's cloud link.
struct ConsoleState {
  SimNode* cloud = nullptr;
  std::map<std::string, SimNode*> boxes;
  ScriptRunner run_script;
};

namespace {

fw::PermissionSet permission_set(const std::vector<std::string>& names) {
  bool deploy = false, om = false;
  for (const auto& n : names) (n == "deploy" ? deploy : om) = true;
  if (deploy && om) return {fw::Permission::deploy, fw::Permission::om};
  if (deploy) return {fw::Permission::deploy};
  if (om) return {fw::Permission::om};
  return {};
}

Result text_result(const fw::ConsoleText& r) { return r ? std::nullopt : Result(r.error()); }

Result run_cloud(fw::CloudConsole& console, const model::ConsoleOperationSpec& op,
                 const ScriptRunner& run_script) {
  const std::string& o = op.op;
  if (o == "node-script") {  // the operator copies the script to the host's command line
    const auto script = console.node_script(op.actor, op.site, op.box);
    if (script && run_script) run_script(op.box, script.value());
    return text_result(script);
  }
  if (o == "create-user")
    return console.create_user(op.actor, op.site, op.user, op.password, op.phone.value_or(""));
  if (o == "grant")
    return console.grant(op.actor, op.site, op.account, permission_set(op.permissions));
  if (o == "revoke") return console.revoke(op.actor, op.site, op.account);
  if (o == "node-create") return console.node_create(op.actor, op.site, op.box);
  if (o == "node-delete") return console.node_delete(op.actor, op.site, op.box);
  if (o == "cluster-edit")
    return console.cluster_edit(op.actor, op.site, {op.name, op.description});
  if (o == "reset-password") return console.reset_password(op.actor, op.site, op.box);
  return "not a cloud console command";
}

// The running firmware of a box (after its activation, for a factory box); null: none.
fw::BoxAgent* box_agent(SimNode& node) {
  if (auto* box = dynamic_cast<fw::BoxAgent*>(node.agent())) return box;
  if (auto* first_boot = dynamic_cast<fw::ActivationBoxAgent*>(node.agent()))
    return first_boot->box();
  return nullptr;
}

Result run_edge(fw::EdgeConsole& edge, const model::ConsoleOperationSpec& op) {
  if (op.op == "login") return edge.login(op.actor, op.password);
  if (op.op == "change-password")
    return edge.change_password(op.actor, op.password, op.new_password);
  if (op.op == "view-apps") return edge.view_apps(op.actor);
  return "not an edge console command";
}

bool on_the_edge(const std::string& op) {
  return op == "login" || op == "change-password" || op == "view-apps";
}

// Whether the cloud's last audit entry is a denial of this actor: the permission check said
// no, as opposed to the console's own rules.
bool denied_by_authorization(const fw::CloudAgent& cloud, const std::string& actor,
                             std::size_t audited_before) {
  const auto& trail = cloud.audit().entries();
  return trail.size() > audited_before && !trail.back().allowed && trail.back().actor == actor;
}

void emit(SimNode& node, const model::ConsoleOperationSpec& op, const std::string& outcome,
          const Result& why) {
  Json fields{{"op", op.op}, {"actor", op.actor}, {"cluster", op.site}};
  if (!op.box.empty()) fields["node"] = op.box;
  if (!op.user.empty()) fields["user"] = op.user;
  if (!op.account.empty()) fields["account"] = op.account;
  fields["outcome"] = outcome;
  if (why) fields["why"] = *why;
  node.events().emit("console.op", std::move(fields));
}

void run_on_box(ConsoleState& state, const model::ConsoleOperationSpec& op) {
  SimNode& box = *state.boxes.at(op.box);
  if (!box.powered()) {  // the browser gets no answer; the twin says so on the cloud's stream
    state.cloud->run_inside(
        [&] { emit(*state.cloud, op, "refused", "node " + op.box + " is down"); });
    return;
  }
  box.run_inside([&] {
    fw::BoxAgent* agent = box_agent(box);
    // A box not yet activated has no edge console: the cloud installs it at activation.
    const Result r = agent ? run_edge(agent->edge_console(), op) : Result("node " + op.box +
                                                                          " is not activated");
    emit(box, op, r ? "refused" : "accepted", r);
  });
}

void run_on_cloud(ConsoleState& state, const model::ConsoleOperationSpec& op) {
  SimNode& cloud = *state.cloud;
  if (!cloud.powered()) return;  // nobody to refuse it: the console is down (no event)
  cloud.run_inside([&] {
    auto* agent = dynamic_cast<fw::CloudAgent*>(cloud.agent());
    if (agent == nullptr) return;
    const std::size_t audited = agent->audit().entries().size();
    // An accepted reset-password is on its way to the box over its cloud link: the cloud's
    // `console.command` events say when it was applied (console_command_queue.hpp).
    const Result r = run_cloud(agent->console(), op, state.run_script);
    const bool denied = r && denied_by_authorization(*agent, op.actor, audited);
    emit(cloud, op, !r ? "accepted" : (denied ? "denied" : "refused"), r);
  });
}

}  // namespace

void schedule_console_operations(const model::Scenario& scenario, SimNode& cloud,
                                 const std::map<std::string, SimNode*>& boxes, WorldLoop& loop,
                                 ScriptRunner run_script) {
  if (scenario.console.empty()) return;
  auto state = std::make_shared<ConsoleState>();
  state->cloud = &cloud;
  state->boxes = boxes;
  state->run_script = std::move(run_script);
  for (const auto& op : scenario.console) {
    const auto at = fw::Time::from_seconds(op.at_s);
    loop.at(at, [state, op] {
      if (on_the_edge(op.op))
        run_on_box(*state, op);
      else
        run_on_cloud(*state, op);
    });
  }
}

}  // namespace edgetwin::sim
