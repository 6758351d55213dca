#include "edgetwin/firmware/orchestration/cluster.hpp"

#include <utility>

#include "edgetwin/firmware/base/ipv4_cidr.hpp"
#include "edgetwin/firmware/orchestration/node_name.hpp"

namespace edgetwin::fw {
namespace {

using ClusterResult = Result<Cluster, ClusterError>;

ClusterError error(ClusterErrorKind kind, std::string message) {
  return {kind, std::move(message)};
}

std::optional<ClusterError> check_config(const ClusterConfig& c) {
  if (c.service_range.overlaps(c.lan) && !c.allow_service_lan_overlap)
    return error(ClusterErrorKind::service_range_overlaps_lan,
                 "service range " + c.service_range.to_string() + " overlaps the LAN " +
                     c.lan.to_string() + "; IP conflicts may break services (use another subnet)");
  if (c.pod_cidr.overlaps(c.lan) || c.pod_cidr.overlaps(c.service_range))
    return error(ClusterErrorKind::pod_cidr_overlaps,
                 "pod CIDR " + c.pod_cidr.to_string() + " overlaps the LAN or the service range");
  if (!c.nfs_address.empty() && !parse_ipv4(c.nfs_address))
    return error(ClusterErrorKind::bad_nfs, "NFS address '" + c.nfs_address + "' is not IPv4");
  if (!c.nfs_address.empty() && (c.nfs_path.empty() || c.nfs_path.front() != '/'))
    return error(ClusterErrorKind::bad_nfs, "NFS path must be absolute");
  return std::nullopt;
}

}  // namespace

Cluster::Cluster(ClusterConfig config, AddressAllocator pod_subnets)
    : config_(std::move(config)),
      pod_subnets_(std::move(pod_subnets)),
      vips_(AddressAllocator::vips(config_.service_range)) {}

ClusterResult Cluster::create(ClusterConfig config) {
  if (const auto e = check_config(config)) return ClusterResult::failure(*e);
  auto pods = AddressAllocator::subnets(config.pod_cidr, config.node_subnet_prefix);
  if (!pods.ok())
    return ClusterResult::failure(error(ClusterErrorKind::addresses, pods.error().message));
  return Cluster(std::move(config), std::move(pods.value()));
}

Result<bool, ClusterError> Cluster::check_node(const NodeSpec& spec) const {
  using R = Result<bool, ClusterError>;
  if (const auto bad = check_node_name(spec.name))
    return R::failure(error(ClusterErrorKind::bad_node_name,
                            "node name '" + spec.name + "': " + std::string(to_string(*bad))));
  if (nodes_.contains(spec.name))
    return R::failure(error(ClusterErrorKind::duplicate_node, "node '" + spec.name + "' exists"));
  if (nodes_.size() >= kNodesMax)
    return R::failure(error(ClusterErrorKind::nodes_max, "cluster has the most nodes"));
  const auto ip = parse_ipv4(spec.ip);
  if (!ip || !spec.ip_segment.contains(*ip))
    return R::failure(
        error(ClusterErrorKind::bad_node_ip,
              "node IP '" + spec.ip + "' is not in its IP segment " + spec.ip_segment.to_string()));
  for (const auto& [name, node] : nodes_)
    if (node.spec.ip == spec.ip)
      return R::failure(error(ClusterErrorKind::bad_node_ip, spec.ip + " is node " + name + "'s"));
  return true;
}

Result<ClusterNode, ClusterError> Cluster::add_node(NodeSpec spec) {
  using R = Result<ClusterNode, ClusterError>;
  if (auto ok = check_node(spec); !ok) return R::failure(ok.error());
  const auto subnet = pod_subnets_.allocate(spec.name);
  if (!subnet)
    return R::failure(error(ClusterErrorKind::addresses,
                            "no pod subnet for node " + spec.name + ": " + subnet.error().message));
  // Where the ranges overlap (opt-in), at least the boxes' own addresses are never VIPs; the
  // LAN's other hosts (routers, cameras) are unknown here, which is the manual's warning.
  if (service_range_conflicts()) (void)vips_.reserve(*parse_ipv4(spec.ip));
  ClusterNode node{std::move(spec), subnet.value()};
  nodes_[node.spec.name] = node;
  return node;
}

bool Cluster::remove_node(const std::string& name) {
  if (nodes_.erase(name) == 0) return false;
  pod_subnets_.release(name);
  return true;
}

Result<std::uint32_t, ClusterError> Cluster::allocate_vip(const std::string& service) {
  using R = Result<std::uint32_t, ClusterError>;
  const auto vip = vips_.allocate(service);
  if (!vip)
    return R::failure(error(ClusterErrorKind::addresses,
                            "no VIP for service " + service + ": " + vip.error().message));
  return vip.value().network;
}

std::string_view to_string(ClusterType type) {
  return type == ClusterType::edge ? "edge" : "edgebox";
}

std::string_view to_string(NodeType type) {
  return type == NodeType::edgebox ? "edgebox" : "generic";
}

}  // namespace edgetwin::fw
