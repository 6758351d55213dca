#include "edgetwin/sim/setup/box_replacement.hpp"

#include <memory>
#include <optional>

#include "edgetwin/firmware/agents/activation_box_agent.hpp"
#include "edgetwin/firmware/agents/cloud_agent.hpp"
#include "edgetwin/sim/setup/box_config.hpp"
#include "edgetwin/sim/setup/factory_start.hpp"

namespace edgetwin::sim {
namespace {

using Json = nlohmann::ordered_json;

// The new box's firmware: out of the factory, as a factory start's boxes are.
SimNode::AgentFactory first_boot(const model::Fleet& fleet, const FactoryStart& factory,
                                 const model::Site& site, const model::Box& box) {
  auto unactivated = box_config(fleet, site, box);
  unactivated.keys.cloud.reset();  // issued at its activation
  return [unactivated, setup = factory.box_factory(site, box)](fw::Platform& p) {
    return std::make_unique<fw::ActivationBoxAgent>(p, unactivated, setup);
  };
}

// The console's side, inside the cloud: the node replaced, its new code noted. False when
// the console refused or denied it (or is down): then nobody touches the box.
bool replace_node(SimNode& cloud, FactoryStart& factory, const model::OperationSpec& op) {
  if (!cloud.powered()) return false;  // nobody to refuse it: the console is down (no event)
  bool replaced = false;
  cloud.run_inside([&] {
    auto* agent = dynamic_cast<fw::CloudAgent*>(cloud.agent());
    if (agent == nullptr) return;
    const std::size_t audited = agent->audit().entries().size();
    const auto code = agent->console().node_replace(op.actor, op.sites.front(), op.box);
    if (code) factory.note_code(op.box, code.value());
    replaced = static_cast<bool>(code);
    const auto& trail = agent->audit().entries();
    const bool denied = !code && trail.size() > audited && !trail.back().allowed &&
                        trail.back().actor == op.actor;
    Json fields{{"op", op.op}, {"actor", op.actor}, {"cluster", op.sites.front()},
                {"node", op.box}, {"outcome", code ? "accepted" : (denied ? "denied" : "refused")}};
    if (!code) fields["why"] = code.error();
    cloud.events().emit("console.op", std::move(fields));
  });
  return replaced;
}

}  // namespace

void schedule_box_replacements(const model::Scenario& scenario, SimNode& cloud,
                               const std::map<std::string, SimNode*>& boxes, WorldLoop& loop) {
  std::shared_ptr<FactoryStart> factory;
  for (const auto& op : scenario.operations) {
    if (op.op != "replace-box") continue;
    if (!factory) factory = std::make_shared<FactoryStart>(scenario.fleet);
    const model::Site& site = *scenario.fleet.find_site(op.sites.front());
    const model::Box* box = nullptr;
    for (const auto& b : site.boxes)
      if (b.name == op.box) box = &b;
    SimNode* node = boxes.at(op.box);
    auto firmware = first_boot(scenario.fleet, *factory, site, *box);
    loop.at(fw::Time::from_seconds(op.at_s), [&cloud, &loop, factory, node, op, firmware] {
      if (!replace_node(cloud, *factory, op)) return;
      node->replace_box(firmware);
      node->events().emit("box.replaced", {{"state", "removed"}, {"swap_s", op.swap_s}});
      loop.at(fw::Time::from_seconds(op.at_s + op.swap_s), [node] {
        node->events().emit("box.replaced", {{"state", "installed"}});
        node->power_on();
      });
    });
  }
}

}  // namespace edgetwin::sim
