// The witness's lease grants survive its restart (issue 16, item 2): a witness that forgot a
// lease would grant it to a second box while the first still holds the VIP on it.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <vector>

#include "edgetwin/firmware/agents/cloud_agent.hpp"
#include "edgetwin/firmware/agents/witness_agent.hpp"
#include "edgetwin/firmware/base/memory_disk.hpp"
#include "edgetwin/firmware/wire/wire.hpp"
#include "edgetwin/firmware/wire/sealing_platform.hpp"
#include "edgetwin/testing/test_keys.hpp"
#include "edgetwin/testing/test_network.hpp"
#include "fixtures/lease_roster_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;

// A box reduced to its lease requests: sends one when told, records the answers.
class LeaseClient : public fw::Agent {
 public:
  LeaseClient(fw::Platform& p, const std::string& self)
      : sealed_(p, self, test_box_keys(self)), platform_(sealed_) {}
  void boot() override {}
  void on_datagram(const fw::Address&, fw::Channel, std::span<const std::byte> d) override {
    auto env = fw::decode_envelope(d);
    if (!env || env.value().type != fw::MessageType::lease_reply) return;
    if (auto r = fw::LeaseReply::decode(env.value().payload)) replies[r->seq] = *r;
  }
  void ask(const std::string& witness, const std::string& self, std::uint64_t seq) {
    const fw::LeaseRequest r{"s001", self, seq, 2'000};
    platform_.send({witness}, fw::Channel::firmware,
                   fw::encode_envelope(fw::MessageType::lease_request, 1, r.encode()));
  }
  std::map<std::uint64_t, fw::LeaseReply> replies;

 private:
  fw::SealingPlatform sealed_;  // the witness accepts sealed datagrams only
  fw::Platform& platform_;
};

struct LeaseSite {
  explicit LeaseSite(const std::string& witness, TestPlatform::AgentFactory factory)
      : witness(witness) {
    net.add_node(witness, std::move(factory));
    for (const char* box : {"s001-a", "s001-b"})
      net.add_node(box, [box](fw::Platform& p) { return std::make_unique<LeaseClient>(p, box); });
    for (const char* n : {witness.c_str(), "s001-a", "s001-b"}) net.node(n).power_on();
  }
  LeaseClient& box(const char* name) { return static_cast<LeaseClient&>(*net.node(name).agent()); }
  const fw::LeaseReply& ask(const char* name, std::uint64_t seq) {
    box(name).ask(witness, name, seq);
    net.run_for(Duration::milliseconds(20));
    return box(name).replies.at(seq);
  }
  void restart_witness() {
    net.node(witness).power_off();  // a crash: timers and unsynced writes are lost
    net.node(witness).power_on();
  }
  std::string witness;
  TestNetwork net;
};

void expect_restart_keeps_the_lease(LeaseSite& site) {
  ASSERT_TRUE(site.ask("s001-a", 1).granted);
  site.restart_witness();
  const fw::LeaseReply& refused = site.ask("s001-b", 2);  // within a's 2 s lease
  EXPECT_FALSE(refused.granted) << "the restarted witness granted a's valid lease to b";
  EXPECT_EQ(refused.holder, "s001-a");
  EXPECT_TRUE(site.ask("s001-a", 3).granted) << "the holder may renew after the restart";
  site.net.run_for(Duration::seconds(3));  // a stops renewing: its lease runs out
  EXPECT_TRUE(site.ask("s001-b", 4).granted);
}

TEST(LeaseServer, ANasWitnessRestartDoesNotForgetAValidLease) {
  LeaseSite site("nas.s001", [](fw::Platform& p) {
    return std::make_unique<fw::WitnessAgent>(p, "nas.s001", test_site_member_keys(), kSiteRoster);
  });
  expect_restart_keeps_the_lease(site);
}

TEST(LeaseServer, TheCloudWitnessRestartDoesNotForgetAValidLease) {
  LeaseSite site("cloud", [](fw::Platform& p) {
    return std::make_unique<fw::CloudAgent>(
        p, std::vector<fw::CloudInventoryEntry>{{"s001-a", "s001"}, {"s001-b", "s001"}},
        Duration::seconds(10), fw::ActivationServiceConfig{}, test_cloud_keys());
  });
  expect_restart_keeps_the_lease(site);
}

TEST(LeaseServer, AGrantThatCannotBePersistedIsRefused) {
  LeaseSite site("nas.s001", [](fw::Platform& p) {
    return std::make_unique<fw::WitnessAgent>(p, "nas.s001", test_site_member_keys(), kSiteRoster);
  });
  site.net.node("nas.s001").memory_disk().fail_writes(1'000);
  EXPECT_FALSE(site.ask("s001-a", 1).granted);
}

}  // namespace
}  // namespace edgetwin::testing
