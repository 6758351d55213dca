// A site of full size end to end on the test network: the cloud's AppOrchestrator sends a
// 64-container desired state in chunks, the boxes reassemble it, run their halves and report
// them ready; a lost chunk is asked for again; a state above the bound is refused by name
// (docs/orchestration.md, "Sites of full size").
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "edgetwin/firmware/agents/box_agent.hpp"
#include "edgetwin/firmware/agents/cloud_agent.hpp"
#include "edgetwin/firmware/orchestration/desired_chunk.hpp"
#include "edgetwin/firmware/orchestration/desired_messages.hpp"
#include "edgetwin/firmware/wire/wire.hpp"
#include "edgetwin/testing/test_keys.hpp"
#include "edgetwin/testing/test_network.hpp"
#include "fixtures/seal_as.hpp"
#include "fixtures/site_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;

// Long enough that a box's 32 ready names do not fit one status datagram: the status carries
// them as a bitmap, which the cloud must read right for the upgrades to advance.
const std::string kAppPrefix = "subsystem-service-with-a-long-name-";

// `apps` apps of `replicas` replicas, versions 1.0 and 1.1, every one deployed at 1.0.
fw::OrchestratorConfig orchestration(int apps, int replicas) {
  fw::OrchestratorConfig c;
  fw::SiteApps site{"s001", {{"s001-a", {40, 262144, 1}}, {"s001-b", {40, 262144, 1}}}, {}};
  for (int i = 0; i < apps; ++i) {
    const std::string app = kAppPrefix + std::to_string(i);
    const fw::ContainerSpec spec{"", app, 0.25, 0.5, 256, 512, 0, "high", true};
    for (const char* version : {"1.0", "1.1"})
      c.catalog.add({app, version, 100, replicas, spec, {}});
    site.deployed.emplace_back(app, "1.0");
  }
  c.sites = {site};
  return c;
}

fw::BoxConfig box(const std::string& name, const std::string& peer) {
  fw::BoxConfig c = box_config(name, peer, {});
  c.failover = fw::FailoverConfig{name, {40, 262144, 1}, {}};
  return c;
}

// A chunk's index, or -1 for any other datagram.
int chunk_index(std::span<const std::byte> datagram) {
  const auto env = fw::decode_envelope(datagram);
  if (!env || env.value().type != fw::MessageType::desired_chunk) return -1;
  const auto chunk = fw::DesiredChunk::decode(env.value().payload);
  return chunk ? chunk->index : -1;
}

bool is_bitmap_status(std::span<const std::byte> datagram) {
  const auto env = fw::decode_envelope(datagram);
  if (!env || env.value().type != fw::MessageType::desired_status) return false;
  const auto status = fw::DesiredStatus::decode(env.value().payload);
  return status && status->ready_bits.has_value();
}

struct FullSite {
  explicit FullSite(int apps = 32, int replicas = 2) {
    for (auto [self, peer] : {std::pair{"s001-a", "s001-b"}, std::pair{"s001-b", "s001-a"}})
      network.add_node(self, [self, peer](fw::Platform& p) {
        return std::make_unique<fw::BoxAgent>(p, box(self, peer));
      });
    network.add_node("cloud", [apps, replicas](fw::Platform& p) {
      auto cloud = std::make_unique<fw::CloudAgent>(
          p, std::vector<fw::CloudInventoryEntry>{{"s001-a", "s001"}, {"s001-b", "s001"}},
          Duration::seconds(30), fw::ActivationServiceConfig{}, test_cloud_keys());
      cloud->set_orchestration(orchestration(apps, replicas));
      return cloud;
    });
    network.set_drop_filter([this](const std::string&, const std::string& to, fw::Channel,
                                   std::span<const std::byte> bytes) {
      bitmap_statuses += is_bitmap_status(bytes);
      const int index = chunk_index(bytes);
      if (index < 0) return false;
      ++chunks_sent;
      if (to == drop_to && index == drop_index && drops_left > 0) {
        --drops_left;
        return true;
      }
      return false;
    });
  }
  void start() {
    for (const char* n : {"cloud", "s001-a", "s001-b"}) network.node(n).power_on();
  }
  fw::AppOrchestrator& orchestrator() {
    return *static_cast<fw::CloudAgent&>(*network.node("cloud").agent()).orchestrator();
  }
  fw::BoxAgent& box_agent(const std::string& name) {
    return static_cast<fw::BoxAgent&>(*network.node(name).agent());
  }
  std::size_t running(const std::string& name, const std::string& version = "") {
    std::size_t n = 0;
    const auto* c = orchestrator().controller("s001");
    for (const auto& container : network.node(name).test_runtime().containers()) {
      if (container.state != fw::ContainerState::running) continue;
      const auto replica = c->replicas().find(container.spec.name);
      n +=
          version.empty() || (replica != c->replicas().end() && replica->second.version == version);
    }
    return n;
  }

  // Replicas the cloud holds ready, from the boxes' status reports.
  std::size_t ready_in_cloud() {
    std::size_t n = 0;
    for (const auto& [name, replica] : orchestrator().controller("s001")->replicas())
      n += replica.ready;
    return n;
  }

  TestNetwork network;
  std::uint64_t chunks_sent = 0;
  std::uint64_t bitmap_statuses = 0;
  std::string drop_to;
  int drop_index = -1;
  int drops_left = 0;
};

TEST(FullSizeSite, SixtyFourContainersDeployThroughChunks) {
  FullSite site;
  site.start();
  site.network.run_for(Duration::seconds(60));
  EXPECT_EQ(site.running("s001-a"), 32u);
  EXPECT_EQ(site.running("s001-b"), 32u);
  EXPECT_GE(site.chunks_sent, 10u);  // at least five chunks to each box
  EXPECT_TRUE(site.network.node("cloud").recorded("desired.too_large").empty());
  // The boxes' reports of 32 ready containers each, as bitmaps: their names do not fit.
  EXPECT_GT(site.bitmap_statuses, 0u);
  EXPECT_EQ(site.ready_in_cloud(), 64u);
  for (const char* n : {"s001-a", "s001-b"}) {
    const auto& chunks = site.box_agent(n).desired_state()->chunks();
    EXPECT_GE(chunks.stats().assembled, 1u);
    EXPECT_EQ(chunks.stats().rejected, 0u);
  }
}

TEST(FullSizeSite, ALostChunkIsAskedForAndTheStateArrives) {
  FullSite site;
  // Lost in the first send and in the resend that the peer's status sets off at once: only
  // the box's own ask brings it.
  site.drop_to = "s001-a";
  site.drop_index = 2;
  site.drops_left = 2;
  site.start();
  site.network.run_for(Duration::seconds(60));
  const auto missing = site.network.node("s001-a").recorded("desired.chunks_missing");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].fields["missing"], "2");
  EXPECT_EQ(site.drops_left, 0);
  EXPECT_EQ(site.running("s001-a"), 32u);
  EXPECT_EQ(site.ready_in_cloud(), 64u);
}

TEST(FullSizeSite, EveryAppUpgradesWithoutLeavingAnAppUnserved) {
  FullSite site;
  site.start();
  site.network.run_for(Duration::seconds(60));
  for (int i = 0; i < 32; ++i)
    ASSERT_EQ(site.orchestrator().operate({"admin",
                                           "s001",
                                           fw::Command::app_upgrade,
                                           kAppPrefix + std::to_string(i),
                                           "1.1",
                                           -1,
                                           {1, 0}}),
              std::nullopt);
  for (int s = 0; s < 300; ++s) {
    site.network.run_for(Duration::seconds(1));
    // One replica of an app at a time: never fewer than 32 of the 64 run.
    ASSERT_GE(site.running("s001-a") + site.running("s001-b"), 32u) << "at +" << s << " s";
  }
  EXPECT_EQ(site.running("s001-a", "1.1") + site.running("s001-b", "1.1"), 64u);
  EXPECT_EQ(site.network.node("cloud").recorded("app.converged").size(), 1u);
  EXPECT_EQ(site.ready_in_cloud(), 64u);
  EXPECT_TRUE(site.network.node("cloud").recorded("desired.too_large").empty());
}

TEST(FullSizeSite, TheBoundIsDeployedAndOneAboveItIsRefusedByName) {
  FullSite at_bound(2, 64);  // 128 containers
  at_bound.start();
  at_bound.network.run_for(Duration::seconds(60));
  EXPECT_TRUE(at_bound.network.node("cloud").recorded("desired.too_large").empty());
  EXPECT_EQ(at_bound.running("s001-a") + at_bound.running("s001-b"), 128u);

  FullSite above(3, 43);  // 129 containers
  above.start();
  above.network.run_for(Duration::seconds(30));
  const auto refused = above.network.node("cloud").recorded("desired.too_large");
  ASSERT_FALSE(refused.empty());
  EXPECT_EQ(refused[0].fields["containers"], 129);
  EXPECT_EQ(refused[0].fields["why"], "more than 128 containers");
  EXPECT_EQ(above.running("s001-a") + above.running("s001-b"), 0u);
}

TEST(FullSizeSite, AMalformedChunkIsCountedAndAStrangersIsNotObeyed) {
  FullSite site;
  site.start();
  site.network.run_for(Duration::seconds(60));
  const auto generation = site.box_agent("s001-a").desired_state()->reconciler().generation();
  const auto& inbox = site.box_agent("s001-a").inbox();
  const auto bad_before = inbox.malformed().of(fw::DecodeError::bad_payload);
  // From the cloud, but index past count: malformed, counted.
  fw::DesiredChunk bad{"s001", generation + 1, 3, 2, {}, fw::Bytes(10)};
  site.network.inject(
      "cloud", "s001-a",
      seal_as(site.network, "cloud", "s001-a",
              fw::encode_envelope(fw::MessageType::desired_chunk, 1, bad.encode())));
  // From the peer, well formed: a box obeys the cloud only.
  fw::SiteDesiredState empty{"s001", generation + 1, {{"s001-a", {}}, {"s001-b", {}}}};
  const auto encoded = *empty.encode();
  const auto chunks = fw::split_desired_state("s001", generation + 1, encoded);
  ASSERT_TRUE(chunks);
  for (const auto& chunk : *chunks)
    site.network.inject(
        "s001-b", "s001-a",
        seal_as(site.network, "s001-b", "s001-a",
                fw::encode_envelope(fw::MessageType::desired_chunk, 1, chunk.encode())));
  site.network.run_for(Duration::seconds(5));
  EXPECT_EQ(inbox.malformed().of(fw::DecodeError::bad_payload), bad_before + 1);
  EXPECT_EQ(site.box_agent("s001-a").desired_state()->reconciler().generation(), generation);
  EXPECT_EQ(site.running("s001-a"), 32u);
}

}  // namespace
}  // namespace edgetwin::testing
