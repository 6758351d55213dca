#pragma once
// A site's cluster as the console defines it (集群管理): type `edge` or `edgebox`, NFS storage
// address and path, a service address range for VIPs; and its nodes (资源管理): type `edgebox`
// or `generic`, a name following the node naming rule, the node's IP segment (节点IP段), from
// which the cluster derives nothing but checks the node's IP, and a flannel-style overlay pod
// subnet allocated from the cluster's pod CIDR.
//
// The manual recommends a service range apart from the LAN, "otherwise IP conflicts may break
// services": creation refuses an overlapping range unless `allow_service_lan_overlap` (the
// twin's opt-in to show that failure), in which case `service_range_conflicts()` says so.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "edgetwin/firmware/base/ipv4_cidr.hpp"
#include "edgetwin/firmware/base/resources.hpp"
#include "edgetwin/firmware/base/result.hpp"
#include "edgetwin/firmware/orchestration/address_allocator.hpp"

namespace edgetwin::fw {

enum class ClusterType { edge, edgebox };
enum class NodeType { edgebox, generic };

struct ClusterConfig {
  std::string name;
  ClusterType type = ClusterType::edgebox;
  std::string nfs_address;        // 存储地址; empty: no shared storage
  std::string nfs_path;           // 存储路径
  Cidr lan;                       // where the boxes live, e.g. 192.168.1.0/24
  Cidr service_range;             // 服务地址段, e.g. 192.168.2.0/24
  Cidr pod_cidr{0x0A2A0000, 16};  // 10.42.0.0/16, flannel's overlay
  int node_subnet_prefix = 24;    // one /24 per node, as flannel does
  bool allow_service_lan_overlap = false;
};

struct NodeSpec {
  std::string name;
  NodeType type = NodeType::edgebox;
  std::string ip;   // the node's address on the LAN
  Cidr ip_segment;  // 节点IP段: the network the host sits in
  Resources capacity;
};

struct ClusterNode {
  NodeSpec spec;
  Cidr pod_subnet;
};

enum class ClusterErrorKind {
  service_range_overlaps_lan,
  pod_cidr_overlaps,
  bad_nfs,
  bad_node_name,
  bad_node_ip,
  duplicate_node,
  nodes_max,
  addresses,  // a pod subnet or VIP could not be allocated (see message)
};

struct ClusterError {
  ClusterErrorKind kind;
  std::string message;
};

class Cluster {
 public:
  static constexpr std::size_t kNodesMax = 64;

  static Result<Cluster, ClusterError> create(ClusterConfig config);

  Result<ClusterNode, ClusterError> add_node(NodeSpec spec);
  bool remove_node(const std::string& name);  // frees its pod subnet
  // A VIP for `service` from the service range (idempotent per service).
  Result<std::uint32_t, ClusterError> allocate_vip(const std::string& service);
  bool release_vip(const std::string& service) { return vips_.release(service); }

  const ClusterConfig& config() const { return config_; }
  const std::map<std::string, ClusterNode>& nodes() const { return nodes_; }
  const AddressAllocator& vips() const { return vips_; }
  bool service_range_conflicts() const { return config_.service_range.overlaps(config_.lan); }

 private:
  Cluster(ClusterConfig config, AddressAllocator pod_subnets);
  Result<bool, ClusterError> check_node(const NodeSpec& spec) const;

  ClusterConfig config_;
  AddressAllocator pod_subnets_;
  AddressAllocator vips_;
  std::map<std::string, ClusterNode> nodes_;
};

std::string_view to_string(ClusterType type);
std::string_view to_string(NodeType type);

}  // namespace edgetwin::fw
