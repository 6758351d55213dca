// Numbers that cross the wire and that a receiver keeps (issue 17, item 2): a replication term
// and a desired-state generation may only grow by a bounded step from what the receiver knows,
// and never wrap. Each of these datagrams passes authentication (it comes from a site member
// or the cloud, or a bug there): the bounds are the second line behind the authenticated
// envelope, so these tests deliver the messages straight to the components.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <memory>

#include "edgetwin/firmware/base/invariant.hpp"
#include "edgetwin/firmware/base/memory_disk.hpp"
#include "edgetwin/firmware/data/replicated_log.hpp"
#include "edgetwin/firmware/data/term_bounds.hpp"
#include "edgetwin/firmware/orchestration/desired_state_agent.hpp"
#include "edgetwin/firmware/orchestration/generation_bounds.hpp"
#include "fixtures/data_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;
constexpr std::uint64_t kHuge = std::numeric_limits<std::uint64_t>::max();

fw::Bytes append_with_term(std::uint64_t term) {
  fw::ReplAppend m;
  m.app = "mysql";
  m.term = term;
  return fw::encode_envelope(fw::MessageType::repl_append, 1, m.encode());
}

TEST(NumberBounds, AReplicaRefusesATermFarAboveItsOwn) {
  DataSite site;
  site.net.run_for(Duration::milliseconds(50));
  const std::uint64_t before = site.svc("s001-b").log().current_term();
  site.net.inject("s001-a", "s001-b", append_with_term(kHuge));
  site.net.run_for(Duration::milliseconds(50));
  EXPECT_EQ(site.svc("s001-b").log().current_term(), before) << "a forged term was adopted";
  // Promoted, it takes a term above the old one: no wrap to a low term.
  site.svc("s001-b").set_vip_held(true);
  site.net.run_for(Duration::milliseconds(50));
  EXPECT_TRUE((site.svc("s001-b").role() == fw::DataRole::primary));
  EXPECT_GT(site.svc("s001-b").term(), before);
  EXPECT_LE(site.svc("s001-b").term(), fw::kTermMax);
}

TEST(NumberBounds, AReplicaStillAdoptsAGenuineNewerTerm) {
  DataSite site;
  site.svc("s001-a").set_vip_held(true);
  site.client().write("s001-a", 1, 1);
  site.net.run_for(Duration::milliseconds(50));
  EXPECT_EQ(site.svc("s001-b").log().current_term(), site.svc("s001-a").term());
}

TEST(NumberBounds, APrimaryIgnoresAnAckWithAWildTerm) {
  DataSite site;
  site.svc("s001-a").set_vip_held(true);
  site.net.run_for(Duration::milliseconds(50));
  ASSERT_TRUE((site.svc("s001-a").role() == fw::DataRole::primary));
  const std::uint64_t term = site.svc("s001-a").term();
  fw::ReplAck ack{"mysql", kHuge, true, 0};
  site.net.inject("s001-b", "s001-a", fw::encode_envelope(fw::MessageType::repl_ack, 1, ack.encode()));
  site.net.run_for(Duration::milliseconds(50));
  EXPECT_TRUE((site.svc("s001-a").role() == fw::DataRole::primary)) << "deposed by a forged term";
  EXPECT_EQ(site.svc("s001-a").log().current_term(), term);
}

TEST(NumberBounds, TheCurrentTermNeverGoesDown) {
  fw::MemoryDisk disk;
  fw::ReplicatedLog log(disk, "data/mysql");
  ASSERT_TRUE(log.set_current_term(33));
  EXPECT_THROW(log.set_current_term(17), fw::InvariantViolation);
  EXPECT_EQ(log.current_term(), 33u);
}

TEST(NumberBounds, TheNasVolumeRefusesAWildTerm) {
  NasSite site;
  site.svc("s001-a").set_vip_held(true);
  site.client().write("s001-a", 1, 1);
  site.net.run_for(Duration::milliseconds(50));
  const std::uint64_t term = site.volume()->current_term();
  ASSERT_GT(term, 0u);
  fw::DataWrite forged{"mysql", 7, 99, kHuge};
  site.net.inject("s001-b", "nas.s001",
                  seal_as(site.net, "s001-b", "nas.s001",
                          fw::encode_envelope(fw::MessageType::data_write, 1, forged.encode())));
  site.net.run_for(Duration::milliseconds(50));
  EXPECT_EQ(site.volume()->current_term(), term) << "the volume took a forged term";
  site.client().write("s001-a", 2, 2);  // the genuine primary is not fenced
  site.net.run_for(Duration::milliseconds(50));
  EXPECT_EQ(site.client().writes.at(2).first.status, fw::DataStatus::ok);
}

// A box reduced to its desired-state agent; the test plays the cloud.
class DesiredAgent final : public fw::Agent {
 public:
  explicit DesiredAgent(fw::Platform& p) : agent_(p, config(), 1) {}
  void boot() override { agent_.start(); }
  void on_datagram(const fw::Address& from, fw::Channel, std::span<const std::byte> d) override {
    auto env = fw::decode_envelope(d);
    if (env) accepted_ = agent_.on_message(from, env.value().payload);
  }
  const fw::DesiredStateAgent& agent() const { return agent_; }
  bool accepted_ = false;

 private:
  static fw::DesiredStateAgentConfig config() {
    fw::DesiredStateAgentConfig c;
    c.name = "s001-a";
    c.site = "s001";
    c.cloud = fw::kCloudAddress;
    return c;
  }
  fw::DesiredStateAgent agent_;
};

fw::Bytes desired(std::uint64_t generation, bool with_app) {
  fw::SiteDesiredState s;
  s.site = "s001";
  s.generation = generation;
  std::vector<fw::ContainerSpec> containers;
  if (with_app) containers.push_back({"door-0", "door", 0.5, 1, 256, 512, 0, "", true});
  s.nodes.push_back({"s001-a", containers});
  return fw::encode_envelope(fw::MessageType::desired_state, 1, *s.encode());
}

TEST(NumberBounds, ABoxRefusesAGenerationFarAboveItsOwn) {
  TestNetwork net;
  auto& box = net.add_node("s001-a", [](fw::Platform& p) { return std::make_unique<DesiredAgent>(p); });
  box.power_on();
  auto agent = [&] { return &static_cast<DesiredAgent&>(*box.agent()).agent(); };
  net.inject("cloud", "s001-a", desired(1, true));
  net.run_for(Duration::milliseconds(50));
  ASSERT_TRUE(box.test_runtime().running("door-0"));
  net.inject("cloud", "s001-a", desired(kHuge, false));  // stop everything, forever
  net.run_for(Duration::milliseconds(50));
  EXPECT_TRUE(box.test_runtime().running("door-0")) << "a forged generation stopped the apps";
  EXPECT_EQ(agent()->reconciler().generation(), 1u);
  net.inject("cloud", "s001-a", desired(2, false));  // the genuine next state still applies
  net.run_for(Duration::milliseconds(50));
  EXPECT_FALSE(box.test_runtime().running("door-0"));
  EXPECT_EQ(agent()->reconciler().generation(), 2u);
  EXPECT_LT(fw::kGenerationStepMax, fw::kGenerationMax);
}

}  // namespace
}  // namespace edgetwin::testing
