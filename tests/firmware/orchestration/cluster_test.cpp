#include "edgetwin/firmware/orchestration/cluster.hpp"

#include <gtest/gtest.h>

#include <string>

#include "edgetwin/firmware/base/ipv4_cidr.hpp"

namespace edgetwin::fw {
namespace {

ClusterConfig site_config() {
  ClusterConfig c;
  c.name = "s001";
  c.nfs_address = "192.168.1.250";
  c.nfs_path = "/export/edge";
  c.lan = *parse_cidr("192.168.1.0/24");
  c.service_range = *parse_cidr("192.168.2.0/24");
  return c;
}

NodeSpec box(const std::string& name, const std::string& ip) {
  return {name, NodeType::edgebox, ip, *parse_cidr("192.168.1.0/24"), {40, 262144, 1}};
}

TEST(Cluster, NodesGetOverlaySubnetsAndServicesGetVips) {
  auto cluster = Cluster::create(site_config()).value();
  EXPECT_EQ(cluster.add_node(box("s001-a", "192.168.1.11")).value().pod_subnet.to_string(),
            "10.42.0.0/24");
  EXPECT_EQ(cluster.add_node(box("s001-b", "192.168.1.12")).value().pod_subnet.to_string(),
            "10.42.1.0/24");
  EXPECT_EQ(format_ipv4(cluster.allocate_vip("mysql").value()), "192.168.2.1");
  EXPECT_EQ(format_ipv4(cluster.allocate_vip("redis").value()), "192.168.2.2");
  EXPECT_EQ(format_ipv4(cluster.allocate_vip("mysql").value()), "192.168.2.1");
  EXPECT_FALSE(cluster.service_range_conflicts());
}

TEST(Cluster, RefusesAServiceRangeOverlappingTheLan) {
  auto config = site_config();
  config.service_range = *parse_cidr("192.168.1.128/25");
  const auto cluster = Cluster::create(config);
  ASSERT_FALSE(cluster.ok());
  EXPECT_EQ(cluster.error().kind, ClusterErrorKind::service_range_overlaps_lan);
  EXPECT_NE(cluster.error().message.find("IP conflicts"), std::string::npos);
}

TEST(Cluster, AnOptedInConflictKeepsAtLeastTheBoxesAddressesOutOfVips) {
  auto config = site_config();
  config.service_range = *parse_cidr("192.168.1.8/30");  // .9 and .10 usable
  config.allow_service_lan_overlap = true;
  auto cluster = Cluster::create(config).value();
  EXPECT_TRUE(cluster.service_range_conflicts());
  ASSERT_TRUE(cluster.add_node(box("s001-a", "192.168.1.9")).ok());
  EXPECT_EQ(format_ipv4(cluster.allocate_vip("mysql").value()), "192.168.1.10");
  const auto none = cluster.allocate_vip("redis");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind, ClusterErrorKind::addresses);
  EXPECT_NE(none.error().message.find("no VIP for service redis"), std::string::npos);
}

TEST(Cluster, ChecksNodes) {
  auto cluster = Cluster::create(site_config()).value();
  EXPECT_EQ(cluster.add_node(box("Box-A", "192.168.1.11")).error().kind,
            ClusterErrorKind::bad_node_name);
  EXPECT_EQ(cluster.add_node(box("s001-a", "192.168.3.11")).error().kind,
            ClusterErrorKind::bad_node_ip);
  ASSERT_TRUE(cluster.add_node(box("s001-a", "192.168.1.11")).ok());
  EXPECT_EQ(cluster.add_node(box("s001-a", "192.168.1.12")).error().kind,
            ClusterErrorKind::duplicate_node);
  EXPECT_EQ(cluster.add_node(box("s001-b", "192.168.1.11")).error().kind,
            ClusterErrorKind::bad_node_ip);
  auto generic = box("dev-box", "192.168.1.50");
  generic.type = NodeType::generic;
  EXPECT_TRUE(cluster.add_node(generic).ok());
  EXPECT_EQ(to_string(cluster.nodes().at("dev-box").spec.type), "generic");
}

TEST(Cluster, PodCidrExhaustionNamesTheNode) {
  auto config = site_config();
  config.pod_cidr = *parse_cidr("10.42.0.0/24");
  config.node_subnet_prefix = 25;  // room for two nodes
  auto cluster = Cluster::create(config).value();
  ASSERT_TRUE(cluster.add_node(box("s001-a", "192.168.1.11")).ok());
  ASSERT_TRUE(cluster.add_node(box("s001-b", "192.168.1.12")).ok());
  const auto third = cluster.add_node(box("s001-c", "192.168.1.13"));
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().kind, ClusterErrorKind::addresses);
  EXPECT_NE(third.error().message.find("no pod subnet for node s001-c"), std::string::npos);
  EXPECT_FALSE(cluster.nodes().contains("s001-c"));
  EXPECT_TRUE(cluster.remove_node("s001-a"));
  EXPECT_EQ(cluster.add_node(box("s001-c", "192.168.1.13")).value().pod_subnet.to_string(),
            "10.42.0.0/25");
}

TEST(Cluster, ChecksStorageAndPodCidr) {
  auto config = site_config();
  config.nfs_path = "export";
  EXPECT_EQ(Cluster::create(config).error().kind, ClusterErrorKind::bad_nfs);
  config = site_config();
  config.pod_cidr = *parse_cidr("192.168.0.0/16");
  EXPECT_EQ(Cluster::create(config).error().kind, ClusterErrorKind::pod_cidr_overlaps);
}

}  // namespace
}  // namespace edgetwin::fw
