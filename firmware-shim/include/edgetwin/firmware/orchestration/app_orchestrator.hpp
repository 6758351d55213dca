#pragma once
// The cloud's app lifecycle for every site: one DesiredStateController per site, the cluster
// authorization every operation goes through, and the desired-state channel to the boxes.
//
// - operate(): an operation (deploy, upgrade, rollback, delete, scale) by an account on a site.
//   It is checked against the cluster's permissions first (ClusterAuthorization, audited);
//   a denied or invalid operation changes nothing and says why. Event "app.op".
// - Each change of a site's desired state goes to its boxes as a SiteDesiredState. A box
//   reports the generation it holds every report interval (DesiredStatus); a box that is
//   behind gets the state again, so a lost datagram or a WAN outage delays it, never loses it.
// - Readiness in the reports drives rolling upgrades (DesiredStateController::step), and the
//   node list's status (offline) tells the controller which boxes are down.
// - on_rollout_site(): a fleet-wide rollout made new images present on a site; its apps are
//   upgraded or deployed to the rollout's versions, as the owner. The upgrade never leaves an
//   app without a ready replica: one of several replicas at a time (max_unavailable 1), and a
//   single replica is replaced surge-first (max_surge 1, max_unavailable 0). That is also how a
//   box that came up from the factory gets its apps.
// - Event "app.converged" when a site whose desired state changed is back in a steady state:
//   every box that is up holds the generation, no upgrade or pending replica is left, and
//   every replica on a box that is up is ready (`elapsed_s` since the operation). Event
//   "app.blocked" when an app cannot progress (a surge that does not fit, replicas pending),
//   with why, once per reason.
// - Generic nodes (docs/orchestration.md "Generic nodes"): a node a site's `clusters` entry
//   lists as generic joins the site's cluster when it first turns `running` after its
//   activation with the start script's join token (on_node_running): Cluster::add_node checks
//   its name and IP and allocates its pod subnet, then the site's controller may place
//   stateless replicas there. Event "node.joined" (or "node.join_refused", why). No box
//   watches a generic node on the LAN, so the cloud takes one for down when the node list has
//   it offline while another node of its site is running (a site cut off from the WAN is not),
//   and reschedules its stateless replicas elsewhere (event "node.evicted"); when it is back,
//   it takes new replicas again, and nothing moves back.
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "edgetwin/firmware/access/audit_log.hpp"
#include "edgetwin/firmware/access/authorization.hpp"
#include "edgetwin/firmware/base/address.hpp"
#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/base/result.hpp"
#include "edgetwin/firmware/heartbeat/node_registry.hpp"
#include "edgetwin/firmware/orchestration/app_catalog.hpp"
#include "edgetwin/firmware/orchestration/cluster.hpp"
#include "edgetwin/firmware/orchestration/site_apps.hpp"
#include "edgetwin/firmware/rollout/rollout_messages.hpp"

namespace edgetwin::fw {

struct AppGrant {
  std::string account;
  std::string site;  // the cluster
  PermissionSet permissions;
};

// A site's cluster (集群管理 and 资源管理): its EdgeBoxes are members from the start, its
// generic nodes join by their start script.
struct SiteCluster {
  ClusterConfig config;
  std::vector<NodeSpec> boxes;
  std::vector<NodeSpec> generic;
};

struct OrchestratorConfig {
  AppCatalog catalog;
  // Cluster components that need the platform's approval per site before a deploy (the
  // manual's Link Visual: the cluster's owner applies, the platform's staff review).
  std::set<std::string> approval_apps;
  std::string platform_operator = "platform";  // the only account that approves
  std::vector<SiteApps> sites;
  std::string owner = "admin";  // owns every site's cluster (the account that created them)
  std::vector<AppGrant> grants;
  ScoringPolicy policy = ScoringPolicy::spread;
  std::map<std::string, SiteCluster> clusters;  // by site; a site without one takes no generic node
};

// The approval step of a cluster component, run through operate() like the other operations.
enum class ComponentStep : std::uint8_t { none, request, approve };

struct AppOperation {
  std::string actor;
  std::string site;
  Command command = Command::app_deploy;  // app_deploy, app_upgrade, app_rollback, app_delete, app_scale
  std::string app;
  std::string version;  // deploy, upgrade
  int replicas = -1;    // deploy (-1: the catalog's), scale
  RollingStrategy strategy{1, 0};
  ComponentStep component = ComponentStep::none;  // request / approve instead of `command`
};

class AppOrchestrator {
 public:
  // `authorization` is the cloud's, shared with the console's other commands.
  AppOrchestrator(Platform& platform, OrchestratorConfig config, const NodeRegistry& registry,
                  AuditLog& audit, ClusterAuthorization& authorization);
  void start(std::uint32_t boot_epoch);

  // nullopt when the operation was accepted; otherwise why not (denied or invalid).
  std::optional<std::string> operate(const AppOperation& op);
  // The approval step of a cluster component: `actor` applies for `app` on `site` (it needs
  // the deploy permission), the platform operator approves it. A deploy of such an app is
  // refused until then. Events "component.requested", "component.approved".
  std::optional<std::string> request_component(const std::string& actor, const std::string& site,
                                               const std::string& app);
  std::optional<std::string> approve_component(const std::string& actor, const std::string& site,
                                               const std::string& app);
  // A DesiredStatus from a box; false when it is malformed or not from a known box.
  bool on_status(const Address& from, std::span<const std::byte> payload);
  void on_rollout_site(const std::string& site, const std::vector<ImageRef>& images);
  // The node list has `node` running after its activation, as a node of cluster `site`: a
  // generic node of that site joins the site's cluster (once); one the console created in
  // another cluster than the site whose LAN its host is on is refused; any other node is none
  // of this.
  void on_node_running(const std::string& node, const std::string& site);
  // The node list has `node` offline: a joined generic node's replicas move at once (rather
  // than at the next report of a box of its site).
  void on_node_offline(const std::string& node);
  // The site's cluster (nodes, pod subnets); null for an unknown site or one without a cluster.
  const Cluster* cluster(const std::string& site) const;
  // A rollout's soak and roll-back: why the site's apps are not steady on the images' versions
  // (`new_versions`) or, for the apps the switch changed, back off them (!`new_versions`); nullopt when
  // they are: converged (every box the cloud hears holds the generation, nothing upgrading or
  // pending, every replica on such a box ready) and on those versions.
  std::optional<std::string> not_steady(const std::string& site,
                                        const std::vector<ImageRef>& images,
                                        bool new_versions) const;
  // Rolls back every app the rollout's switch changed on the site (rolling, as the switch was);
  // apps the rollout found on their version already are left alone.
  void roll_back_rollout_site(const std::string& site, const std::vector<ImageRef>& images);

  const DesiredStateController* controller(const std::string& site) const;
  const AppCatalog& catalog() const { return config_.catalog; }
  std::uint64_t operations_denied() const { return denied_; }

 private:
  struct Site {
    SiteApps apps;
    std::unique_ptr<DesiredStateController> controller;
    std::map<std::string, std::uint64_t> held;  // node -> generation it last reported
    std::map<std::string, std::vector<std::string>> peers_down;  // node -> what it last said
    std::optional<Time> changing_since;         // the first accepted operation not yet converged
    std::map<std::string, std::string> blocked;  // app -> why it cannot progress, as last said
    std::set<std::string> rollout_switched;  // apps a rollout's switch changed (its roll-back's)
    std::uint64_t persisted = 0;             // the generation last written to the cloud's disk
    std::optional<Cluster> cluster;
    std::set<std::string> generic;       // generic nodes that joined
    std::set<std::string> generic_down;  // of those, the ones taken for down (evicted)
  };
  void make_cluster(Site& site);
  void join_generic(Site& site, const NodeSpec& spec);
  // The generic nodes that joined the site, in their order of joining (which made their pod
  // subnets), for the cloud's record.
  std::vector<std::string> joined_generic(const Site& site) const;
  // A restarted cloud: the record's generic nodes into `controller`, before it restores the
  // replicas placed on them; nullopt when the record names a node the cloud does not know.
  std::optional<std::vector<const NodeSpec*>> rejoin_generic(const Site& site,
                                                            const nlohmann::json& record,
                                                            DesiredStateController& controller);
  // A generic node into the site's cluster (its pod subnet), node list and bookkeeping.
  Result<ClusterNode, ClusterError> add_joined(Site& site, const NodeSpec& spec);
  void drop_joined(Site& site, const std::string& node);  // undoes add_joined
  // Whether a generic node that the cloud cannot hear is down (and then evicts it).
  void check_generic_down(Site& site, const std::string& node);
  // The site's desired state on the cloud's disk, synced, whenever its generation moved (or
  // `always`): a restarted cloud goes on from it (desired_state_record.cpp).
  void persist(Site& site, bool always = false);
  bool restore(Site& site);
  OpResult run(Site& site, const AppOperation& op);
  void sync_nodes(Site& site);
  void publish(Site& site);
  bool converged(const Site& site) const;
  std::optional<std::string> not_converged(const Site& site) const;  // why, or nullopt
  void check_converged(Site& site);
  void report_blocked(Site& site);
  void send(const Site& site, const std::string& node);

  Platform& platform_;
  OrchestratorConfig config_;
  const NodeRegistry& registry_;
  AuditLog& audit_;
  ClusterAuthorization& authorization_;
  std::uint32_t boot_epoch_ = 0;
  std::map<std::string, Site> sites_;
  std::map<std::string, std::string> site_of_node_;
  std::map<std::string, std::string> generic_site_;  // generic node -> its site, joined or not
  std::set<std::pair<std::string, std::string>> requested_;  // (site, app)
  std::set<std::pair<std::string, std::string>> approved_;
  std::uint64_t denied_ = 0;
};

}  // namespace edgetwin::fw
