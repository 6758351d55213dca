#include <gtest/gtest.h>

#include "edgetwin/firmware/ha/vrrp_auth.hpp"
#include "edgetwin/firmware/ha/vrrp_packet.hpp"
#include "fixtures/vrrp_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;
using fw::Time;
using fw::VrrpState;
using Names = std::vector<std::string>;

const Duration kHop = Duration::milliseconds(1);  // the test network's default link delay
const std::uint32_t kIpA = *fw::parse_ipv4("192.168.1.11");
const std::uint32_t kIpB = *fw::parse_ipv4("192.168.1.12");

fw::Bytes advert_to(std::uint8_t priority, std::uint32_t src, std::uint32_t dst) {
  return fw::encode_advert({51, priority, 100, {*fw::parse_ipv4(kVrrpTestVip)}}, src, dst);
}

struct FormulaCase {
  std::uint8_t priority;
  Duration interval;
  std::int64_t skew_ns;  // ((256 - priority) * interval) / 256, worked out by hand
};

const FormulaCase kFormulaCases[] = {
    {100, Duration::seconds(1), 609'375'000},       {150, Duration::seconds(1), 414'062'500},
    {254, Duration::seconds(1), 7'812'500},         {1, Duration::seconds(1), 996'093'750},
    {100, Duration::milliseconds(100), 60'937'500}, {150, Duration::milliseconds(100), 41'406'250},
    {254, Duration::milliseconds(100), 781'250},    {1, Duration::milliseconds(100), 99'609'375},
};

TEST(VrrpTiming, SkewAndMasterDownIntervalFollowTheRfcFormula) {
  for (const auto& c : kFormulaCases) {
    const Duration skew = Duration::nanoseconds(c.skew_ns);
    EXPECT_EQ(fw::vrrp_skew_time(c.priority, c.interval), skew) << int(c.priority);
    EXPECT_EQ(fw::vrrp_master_down_interval(c.priority, c.interval), c.interval * 3 + skew);
    // A lone box starts as backup with these values and becomes master when the timer fires.
    VrrpSite site({{"a", c.priority, "192.168.1.11"}}, c.interval);
    site.power_on_all();
    EXPECT_EQ(site.vrrp("a").state(), VrrpState::backup);
    EXPECT_EQ(site.vrrp("a").skew_time(), skew);
    EXPECT_EQ(site.vrrp("a").master_down_interval(), c.interval * 3 + skew);
    site.network.run_for(c.interval * 10);
    EXPECT_EQ(site.became("a", "master"), Time{} + c.interval * 3 + skew) << int(c.priority);
  }
}

TEST(VrrpTiming, BackupTakesOverExactlyMasterDownIntervalAfterTheLastAdvert) {
  const std::pair<std::uint8_t, std::uint8_t> pairs[] = {
      {255, 254}, {254, 150}, {200, 100}, {254, 1}};
  for (Duration interval : {Duration::seconds(1), Duration::milliseconds(100)}) {
    for (auto [master_priority, backup_priority] : pairs) {
      SCOPED_TRACE(std::to_string(master_priority) + "/" + std::to_string(backup_priority) +
                   " every " + std::to_string(interval.count_ns()) + " ns");
      VrrpSite site(two_boxes(master_priority, backup_priority), interval);
      site.power_on_all();
      site.network.run_for(interval * 20);
      ASSERT_EQ(site.holders(), Names{"a"});
      const Duration down = fw::vrrp_master_down_interval(backup_priority, interval);
      EXPECT_EQ(site.vrrp("b").master_down_interval(), down);
      const Time crash = site.network.now() + Duration::milliseconds(1);
      site.network.run_until(crash);
      site.node("a").power_off();
      site.network.run_for(interval * 10);
      const Time last_advert = *site.agent("b").last_received_at();
      EXPECT_LE(last_advert, crash + kHop);  // one may have been in flight at the crash
      EXPECT_EQ(site.became("b", "master", crash), last_advert + down);
      EXPECT_EQ(site.holders(), Names{"b"});
    }
  }
}

TEST(VrrpTiming, TheBackupLearnsTheMastersAdvertInterval) {
  VrrpSite site(two_boxes(200, 100), Duration::seconds(1));
  site.configs["a"].advert_interval = Duration::milliseconds(100);
  site.power_on_all();
  site.network.run_for(Duration::seconds(10));
  ASSERT_EQ(site.holders(), Names{"a"});
  const Duration learned = Duration::milliseconds(100);
  EXPECT_EQ(site.vrrp("b").master_adver_interval(), learned);
  EXPECT_EQ(site.vrrp("b").master_down_interval(), fw::vrrp_master_down_interval(100, learned));
  const Time crash = site.network.now();
  site.node("a").power_off();
  site.network.run_for(Duration::seconds(5));
  EXPECT_EQ(site.became("b", "master", crash),
            *site.agent("b").last_received_at() + fw::vrrp_master_down_interval(100, learned));
}

TEST(VrrpPreempt, AHigherPriorityBoxTakesTheVipBackAfterMasterDownInterval) {
  VrrpSite site(two_boxes(200, 100));
  site.power_on_all();
  site.network.run_for(Duration::seconds(10));
  ASSERT_EQ(site.holders(), Names{"a"});
  site.node("a").power_off();
  site.network.run_for(Duration::seconds(10));
  ASSERT_EQ(site.holders(), Names{"b"});
  const Time back = site.network.now();
  site.node("a").power_on();
  site.network.run_for(Duration::seconds(10));
  EXPECT_EQ(site.holders(), Names{"a"});
  // It discards b's lower-priority adverts, so its first Master_Down_Timer runs out.
  EXPECT_EQ(site.became("a", "master", back),
            back + fw::vrrp_master_down_interval(200, Duration::seconds(1)));
  EXPECT_EQ(site.became("b", "backup", back), *site.became("a", "master", back) + kHop);
}

TEST(VrrpPreempt, NopreemptLeavesTheVipWhereItIs) {
  VrrpSite site(two_boxes(200, 100));
  site.configs["a"].preempt = false;
  site.power_on_all();
  site.network.run_for(Duration::seconds(10));
  ASSERT_EQ(site.holders(), Names{"a"});  // nobody to preempt at first: the higher wins
  site.node("a").power_off();
  site.network.run_for(Duration::seconds(10));
  const Time back = site.network.now();
  site.node("a").power_on();
  site.network.run_for(Duration::seconds(60));
  EXPECT_EQ(site.holders(), Names{"b"});
  EXPECT_EQ(site.vrrp("a").state(), VrrpState::backup);
  EXPECT_FALSE(site.became("a", "master", back));
}

TEST(VrrpPreempt, PreemptDelayHoldsOffTheTakeoverAfterBoot) {
  const Duration delay = Duration::seconds(10);
  VrrpSite site(two_boxes(200, 100));
  site.configs["a"].preempt_delay = delay;
  site.power_on_all();
  site.network.run_for(Duration::seconds(10));
  site.node("a").power_off();
  site.network.run_for(Duration::seconds(10));
  const Time back = site.network.now();
  site.node("a").power_on();
  site.network.run_until(back + delay);
  EXPECT_EQ(site.holders(), Names{"b"});
  EXPECT_EQ(site.vrrp("a").state(), VrrpState::backup);
  site.network.run_for(Duration::seconds(10));
  EXPECT_EQ(site.holders(), Names{"a"});
  // The last advert accepted before the delay ran out arms one more Master_Down_Timer.
  const auto took = site.became("a", "master", back);
  ASSERT_TRUE(took);
  EXPECT_GT(*took, back + delay);
  EXPECT_LE(*took, back + delay + fw::vrrp_master_down_interval(200, Duration::seconds(1)));
}

TEST(VrrpHandover, APriorityZeroAdvertHandsOverAfterSkewTime) {
  VrrpSite site(two_boxes(200, 100));
  site.power_on_all();
  site.network.run_for(Duration::seconds(10));
  ASSERT_EQ(site.holders(), Names{"a"});
  const Time leave = site.network.now();
  site.vrrp("a").shutdown();
  EXPECT_EQ(site.vrrp("a").state(), VrrpState::initialize);
  EXPECT_FALSE(site.vrrp("a").holds_vip());
  EXPECT_EQ(site.node("a").recorded("vip.held").back().fields["held"], false);
  site.network.run_for(Duration::seconds(5));
  EXPECT_EQ(site.became("b", "master", leave),
            leave + kHop + fw::vrrp_skew_time(100, Duration::seconds(1)));
  EXPECT_EQ(site.holders(), Names{"b"});
}

TEST(VrrpElection, EqualPrioritiesAreBrokenByTheHigherPrimaryAddress) {
  for (bool a_is_higher : {true, false}) {
    VrrpSite site({{"a", 100, a_is_higher ? "192.168.1.12" : "192.168.1.11"},
                   {"b", 100, a_is_higher ? "192.168.1.11" : "192.168.1.12"}});
    site.power_on_all();
    site.network.run_for(Duration::seconds(10));
    // Both timers run out together, both become master, the lower address yields.
    EXPECT_EQ(site.holders(), Names{a_is_higher ? "a" : "b"});
  }
}

TEST(VrrpElection, ExactlyOneBoxHoldsTheVipInSteadyState) {
  VrrpSite site(
      {{"a", 150, "192.168.1.11"}, {"b", 120, "192.168.1.12"}, {"c", 100, "192.168.1.13"}});
  site.power_on_all();
  auto sample = [&](Duration span, const Names& expected) {
    const Time end = site.network.now() + span;
    while (site.network.now() < end) {
      site.network.run_for(Duration::milliseconds(50));
      ASSERT_EQ(site.holders(), expected) << site.network.now().to_seconds();
    }
  };
  site.network.run_for(Duration::seconds(5));
  sample(Duration::seconds(30), {"a"});
  site.node("a").power_off();
  site.network.run_for(Duration::seconds(5));
  sample(Duration::seconds(30), {"b"});
  EXPECT_FALSE(site.became("c", "master"));  // b's skew is shorter: c never got there
}

TEST(VrrpTracking, ANegativeWeightOnTheMasterMovesTheVip) {
  VrrpSite site(two_boxes(150, 100));
  site.power_on_all();
  site.network.run_for(Duration::seconds(10));
  ASSERT_EQ(site.holders(), Names{"a"});
  ASSERT_TRUE(site.vrrp("a").set_priority_adjust("check_nginx", -60));
  EXPECT_EQ(site.vrrp("a").effective_priority(), 90);
  site.network.run_for(Duration::seconds(10));
  EXPECT_EQ(site.holders(), Names{"b"});
  EXPECT_EQ(site.vrrp("a").state(), VrrpState::backup);
  ASSERT_TRUE(site.vrrp("a").set_priority_adjust("check_nginx", 0));  // the check recovered
  EXPECT_EQ(site.vrrp("a").effective_priority(), 150);
  site.network.run_for(Duration::seconds(10));
  EXPECT_EQ(site.holders(), Names{"a"});
}

TEST(VrrpTracking, WeightsAddUpAndClampAndAreBounded) {
  VrrpSite site({{"a", 100, "192.168.1.11"}, {"o", 255, "192.168.1.12"}});
  site.power_on_all();
  fw::VrrpInstance& a = site.vrrp("a");
  a.set_priority_adjust("x", 30);
  a.set_priority_adjust("y", -10);
  EXPECT_EQ(a.effective_priority(), 120);
  a.set_priority_adjust("x", 500);  // beyond keepalived's range: taken as 254
  EXPECT_EQ(a.effective_priority(), 254);
  a.set_priority_adjust("x", -1000);
  EXPECT_EQ(a.effective_priority(), 1);
  a.set_priority_adjust("x", 0);
  a.set_priority_adjust("y", 0);
  EXPECT_EQ(a.effective_priority(), 100);
  site.vrrp("o").set_priority_adjust("x", -100);
  EXPECT_EQ(site.vrrp("o").effective_priority(), 255);  // the owner stays the owner
  for (std::size_t i = 0; i < fw::kVrrpTrackSourcesMax; ++i)
    EXPECT_TRUE(a.set_priority_adjust("s" + std::to_string(i), 1));
  EXPECT_FALSE(a.set_priority_adjust("one-too-many", 1));
  EXPECT_TRUE(a.set_priority_adjust("s0", 2));  // an existing source may still change
  EXPECT_EQ(a.effective_priority(), 100 + fw::kVrrpTrackSourcesMax + 1);
}

TEST(VrrpFencing, AMasterNotPermittedReleasesTheVipAndStaysMaster) {
  VrrpSite site(two_boxes(200, 100));
  site.power_on_all();
  site.network.run_for(Duration::seconds(10));
  ASSERT_EQ(site.holders(), Names{"a"});
  site.vrrp("a").set_vip_permitted(false);
  EXPECT_FALSE(site.vrrp("a").holds_vip());
  EXPECT_EQ(site.node("a").recorded("vip.held").back().fields["held"], false);
  site.network.run_for(Duration::seconds(10));
  EXPECT_EQ(site.vrrp("a").state(), VrrpState::master);
  EXPECT_EQ(site.holders(), Names{});  // still advertising, so b does not take it either
  site.vrrp("a").set_vip_permitted(true);
  EXPECT_EQ(site.holders(), Names{"a"});
  EXPECT_EQ(site.node("a").recorded("vip.held").size(), 3u);
}

TEST(VrrpInput, UnknownSendersAndMalformedAdvertsAreCountedAndDropped) {
  VrrpSite site(two_boxes(200, 100));
  site.power_on_all();
  site.network.run_for(Duration::seconds(10));
  const auto inject = [&](const std::string& from, fw::Bytes bytes) {
    site.network.inject(from, "a", std::move(bytes), Duration::zero(), fw::Channel::vrrp);
  };
  inject("rogue", advert_to(254, kIpB, kIpA));
  fw::Bytes bad_sum = advert_to(254, kIpB, kIpA);
  bad_sum[2] = std::byte{255};
  inject("b", bad_sum);
  // Checksummed for another destination. (Swapping source and destination would not do: the
  // pseudo-header sum is the same, which is why authenticated mode binds the addresses.)
  inject("b", advert_to(254, kIpB, *fw::parse_ipv4("192.168.1.99")));
  inject("b", fw::Bytes(3));
  site.network.run_for(Duration::seconds(1));
  EXPECT_EQ(site.vrrp("a").unknown_senders(), 1u);
  EXPECT_EQ(site.vrrp("a").decode_counters().of(fw::VrrpDecodeError::bad_checksum), 2u);
  EXPECT_EQ(site.vrrp("a").decode_counters().of(fw::VrrpDecodeError::truncated), 1u);
  EXPECT_EQ(site.holders(), Names{"a"});
}

TEST(VrrpInput, WithoutAuthenticationASpoofedAdvertTakesTheVip) {
  // Why the authenticated mode exists: keepalived's plain adverts trust any LAN host.
  VrrpSite site(two_boxes(200, 100));
  site.power_on_all();
  site.network.run_for(Duration::seconds(10));
  site.network.inject("b", "a", advert_to(255, kIpB, kIpA), Duration::zero(), fw::Channel::vrrp);
  site.network.run_for(kHop);
  EXPECT_EQ(site.vrrp("a").state(), VrrpState::backup);
}

fw::VrrpKey test_key(unsigned char fill) {
  fw::VrrpKey k;
  k.fill(fill);
  return k;
}

TEST(VrrpAuthMode, AuthenticatedBoxesElectAndRejectForgedMissingAndReplayedAdverts) {
  VrrpSite site(two_boxes(200, 100));
  for (auto& [name, config] : site.configs) config.auth_key = test_key(7);
  site.power_on_all();
  site.network.run_for(Duration::seconds(10));
  ASSERT_EQ(site.holders(), Names{"a"});
  EXPECT_EQ(site.vrrp("b").auth_counters().total(), 0u);
  const auto inject = [&](const std::string& from, const std::string& to, fw::Bytes bytes) {
    site.network.inject(from, to, std::move(bytes), Duration::zero(), fw::Channel::vrrp);
  };
  // A rogue with the wrong key, and a keepalived without one, both claim priority 255.
  fw::VrrpAuth rogue(test_key(9), 99);
  inject("b", "a", rogue.seal(advert_to(255, kIpB, kIpA), kIpB, kIpA));
  inject("b", "a", advert_to(255, kIpB, kIpA));
  // A recording of a's first advert of this boot (epoch 1, sequence 1), now a priority 0.
  fw::VrrpAuth recorder(test_key(7), 1);
  inject("a", "b", recorder.seal(advert_to(0, kIpA, kIpB), kIpA, kIpB));
  site.network.run_for(Duration::seconds(5));
  EXPECT_EQ(site.vrrp("a").auth_counters().of(fw::VrrpAuthError::forged), 1u);
  EXPECT_EQ(site.vrrp("a").auth_counters().of(fw::VrrpAuthError::missing_trailer), 1u);
  EXPECT_EQ(site.vrrp("b").auth_counters().of(fw::VrrpAuthError::replayed), 1u);
  EXPECT_EQ(site.holders(), Names{"a"});
  // Only a's genuine adverts count as hearing from it; nothing valid ever came from b.
  EXPECT_EQ(site.vrrp("b").last_advert_from(fw::Address{"a"}), site.agent("b").last_received_at());
  EXPECT_FALSE(site.vrrp("a").last_advert_from(fw::Address{"b"}));
  EXPECT_FALSE(site.became("b", "master"));
}

TEST(VrrpAuthMode, APreemptingBoxIsHeardAgainAfterItsReboot) {
  // Its counters restart from sequence 1 but under a higher boot epoch, so b's window, which
  // saw the first boot's counters, accepts them.
  VrrpSite site(two_boxes(200, 100));
  for (auto& [name, config] : site.configs) config.auth_key = test_key(7);
  site.power_on_all();
  site.network.run_for(Duration::seconds(10));
  site.node("a").power_off();
  site.network.run_for(Duration::seconds(10));
  ASSERT_EQ(site.holders(), Names{"b"});
  site.node("a").power_on();
  site.network.run_for(Duration::seconds(10));
  EXPECT_EQ(site.holders(), Names{"a"});
  EXPECT_EQ(site.vrrp("b").auth_counters().total(), 0u);
  EXPECT_EQ(site.vrrp("b").state(), VrrpState::backup);
}

TEST(VrrpConfigCheck, InvalidConfigurationsSayWhatIsWrong) {
  const auto base = [] {
    fw::VrrpConfig c;
    c.vip = kVrrpTestVip;
    c.primary_ip = "192.168.1.11";
    return c;
  };
  EXPECT_FALSE(fw::validate(base()));
  auto with = [&](auto change) {
    fw::VrrpConfig c = base();
    change(c);
    return fw::validate(c);
  };
  EXPECT_EQ(with([](auto& c) { c.vrid = 0; }), fw::VrrpConfigError::bad_vrid);
  EXPECT_EQ(with([](auto& c) { c.priority = 0; }), fw::VrrpConfigError::bad_priority);
  EXPECT_EQ(with([](auto& c) { c.advert_interval = Duration::milliseconds(15); }),
            fw::VrrpConfigError::bad_advert_interval);
  EXPECT_EQ(with([](auto& c) { c.advert_interval = Duration::seconds(41); }),
            fw::VrrpConfigError::bad_advert_interval);
  EXPECT_EQ(with([](auto& c) { c.vip = "10.0.0"; }), fw::VrrpConfigError::bad_vip);
  EXPECT_EQ(with([](auto& c) { c.primary_ip = ""; }), fw::VrrpConfigError::bad_primary_ip);
  EXPECT_EQ(with([](auto& c) {
              c.peers = {{fw::Address{"b"}, "x"}};
            }),
            fw::VrrpConfigError::bad_peer_ip);
  EXPECT_EQ(with([](auto& c) {
              c.peers.resize(fw::kVrrpPeersMax + 1, {fw::Address{"b"}, "1.2.3.4"});
            }),
            fw::VrrpConfigError::too_many_peers);
}

// keepalived's statistics: what a master sends, what its backup hears, and who stranger is.
TEST(VrrpStats, CountAdvertsTransitionsAndStrangers) {
  VrrpSite site(two_boxes(150, 100));
  site.power_on_all();
  site.network.run_for(Duration::seconds(10));
  const fw::VrrpStats a = site.vrrp("a").stats();
  const fw::VrrpStats b = site.vrrp("b").stats();
  EXPECT_EQ(a.became_master, 1u);
  EXPECT_EQ(b.became_master, 0u);
  EXPECT_GE(a.adverts_sent, 6u);  // one a second once master, to its one peer
  EXPECT_GE(b.adverts_received, a.adverts_sent - 1);  // all but one still in flight
  EXPECT_EQ(b.dropped(), 0u);

  site.network.inject("mallory", "b", advert_to(254, kIpA, kIpB), Duration::zero(),
                      fw::Channel::vrrp);
  site.network.run_for(Duration::milliseconds(10));
  EXPECT_EQ(site.vrrp("b").stats().unknown_senders, 1u);
  EXPECT_EQ(site.vrrp("b").state(), VrrpState::backup);

  site.node("a").power_off();
  site.network.run_for(Duration::seconds(5));
  EXPECT_EQ(site.vrrp("b").stats().became_master, 1u);
}

}  // namespace
}  // namespace edgetwin::testing
