#pragma once
// The fleet's generic nodes (model::GenericNode, docs/orchestration.md "Generic nodes"): each is
// a host on its site's LAN, powered from t=0, whose firmware waits for its start script. The
// manual adds a generic node in two steps, "添加通用节点" (the console's node-create) and
// "启动脚本 > 复制脚本" run on the host (node-script); the twin's operator runs the script on the
// host the moment the console shows it (run_script). The host then joins with the script's
// join token through the same activation as a factory box (fw::ActivationBoxAgent, credential
// join_token), and runs the box firmware without HA: no VRRP, no peers, no data services, so
// it serves only what the cloud's scheduler places on it (stateless replicas).
#include <string>

#include "edgetwin/firmware/agents/box_config.hpp"
#include "edgetwin/firmware/orchestration/app_orchestrator.hpp"
#include "edgetwin/model/fleet.hpp"
#include "edgetwin/sim/engine/sim_node.hpp"
#include "edgetwin/sim/setup/factory_start.hpp"

namespace edgetwin::sim {

class GenericNodes {
 public:
  explicit GenericNodes(const model::Fleet& fleet) : fleet_(fleet), factory_(fleet) {}

  // The host's firmware: first boot, then the node agent once the cloud lists it running.
  SimNode::AgentFactory firmware(const model::Site& site, const model::GenericNode& node) const;
  // The console showed `node`'s start script: the operator runs it on the host (a script that
  // is not one of ours is ignored, as a shell would fail on it).
  void run_script(const std::string& node, const std::string& script);

 private:
  const model::Fleet& fleet_;
  FactoryStart factory_;  // the operator's notes, read when the host's firmware asks
};

// The node agent's configuration of a generic node: a box's without HA or data services.
fw::BoxConfig generic_node_config(const model::Fleet& fleet, const model::Site& site,
                                  const model::GenericNode& node);

// The site's cluster for the cloud (fw::SiteCluster): its boxes and its generic nodes, each with
// the LAN as its node IP segment (节点IP段: the network the host sits in). nullopt for a site
// without generic nodes, whose cloud needs no cluster.
std::optional<fw::SiteCluster> site_cluster(const model::Fleet& fleet, const model::Site& site);

}  // namespace edgetwin::sim
