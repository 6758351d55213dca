// The world loop and its datagram fast path, on a two-host platform: what a datagram takes to
// land, what loses it, and in which order things happen at one instant.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include <simgrid/s4u.hpp>

#include "edgetwin/sim/engine/datagram_network.hpp"
#include "edgetwin/sim/engine/lan_partitions.hpp"
#include "edgetwin/sim/engine/world_loop.hpp"

namespace edgetwin::sim {
namespace {
namespace sg4 = simgrid::s4u;

constexpr double kLatencyS = 0.0002;   // 0.2 ms
constexpr double kBytesPerS = 1.25e8;  // 1 Gbit/s

// A receiver that writes down what landed and when.
class Inbox final : public DatagramReceiver {
 public:
  explicit Inbox(WorldLoop& loop) : loop_(loop) {}
  bool powered() const override { return on; }
  std::uint64_t incarnation() const override { return boots; }
  void receive(const fw::Address& from, fw::Channel, std::span<const std::byte> bytes) override {
    got.push_back({loop_.now(), from.node + ":" + std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size())});
  }
  struct Landed {
    fw::Time at;
    std::string what;
  };
  bool on = true;
  std::uint64_t boots = 1;
  std::vector<Landed> got;

 private:
  WorldLoop& loop_;
};

// Two hosts joined by one LAN-like link; the run lasts 10 s.
struct TwoHosts {
  std::unique_ptr<sg4::Engine> engine;
  sg4::Host* a = nullptr;
  sg4::Host* b = nullptr;
  sg4::Host* twin = nullptr;
  sg4::Link* link = nullptr;
  WorldLoop loop;
  NetworkCounters counters;
  LanPartitions partitions;
  std::unique_ptr<DatagramNetwork> network;
  std::unique_ptr<Inbox> inbox;

  TwoHosts() {
    static std::vector<std::string> args{"test", "--log=root.thres:critical", "--cfg=network/model:CM02",
                                         "--cfg=network/crosstraffic:0"};
    static std::vector<char*> argv;
    for (auto& s : args) argv.push_back(s.data());
    int argc = static_cast<int>(argv.size());
    engine = std::make_unique<sg4::Engine>(&argc, argv.data());
    auto* zone = sg4::create_full_zone("z");
    a = zone->create_host("a", "1Gf")->seal();
    b = zone->create_host("b", "1Gf")->seal();
    twin = zone->create_host("twin", "1Gf")->seal();
    link = zone->create_link("lan", kBytesPerS)->set_latency(kLatencyS)->seal();
    zone->add_route(a->get_netpoint(), b->get_netpoint(), nullptr, nullptr, {sg4::LinkInRoute(link)}, true);
    zone->seal();
    network = std::make_unique<DatagramNetwork>(loop, counters, partitions);
    inbox = std::make_unique<Inbox>(loop);
  }
  void send_at(double t, const std::string& text, std::uint64_t wire_bytes) {
    loop.at(fw::Time::from_seconds(t), [this, text, wire_bytes] {
      network->send("a", a, *inbox, "b", b, fw::Channel::firmware,
                    std::as_bytes(std::span(text.data(), text.size())), wire_bytes);
    });
  }
  void run() {
    loop.start(twin, fw::Time::from_seconds(10));
    engine->run_until(10);
  }
};

fw::Time at_s(double s) { return fw::Time::from_seconds(s); }

TEST(WorldLoop, ADatagramTakesTheRouteLatencyPlusItsSizeOverTheBottleneck) {
  TwoHosts w;
  w.send_at(1.0, "x", 1000);
  w.run();
  ASSERT_EQ(w.inbox->got.size(), 1u);
  // 0.2 ms + 1000 B at 1 Gbit/s (8 us): what a lone SimGrid flow takes under CM02.
  EXPECT_EQ(w.inbox->got[0].at, at_s(1.0) + fw::Duration::nanoseconds(208'000));
}

// The route's latency and bottleneck are read once and kept; a link-degrade (which tells the
// network) applies from the next datagram on, and its end restores the old flight time.
TEST(WorldLoop, ADegradedLinkSlowsTheNextDatagramAndItsEndRestoresTheOldTime) {
  TwoHosts w;
  w.send_at(1.0, "before", 1000);
  w.loop.at(at_s(2.0), [&] {
    w.link->set_latency(0.0502);        // +50 ms
    w.link->set_bandwidth(kBytesPerS / 100);  // 10 Mbit/s
    w.network->link_properties_changed();
  });
  w.send_at(3.0, "degraded", 1000);
  w.loop.at(at_s(4.0), [&] {
    w.link->set_latency(kLatencyS);
    w.link->set_bandwidth(kBytesPerS);
    w.network->link_properties_changed();
  });
  w.send_at(5.0, "after", 1000);
  w.run();
  ASSERT_EQ(w.inbox->got.size(), 3u);
  EXPECT_EQ(w.inbox->got[0].at, at_s(1.0) + fw::Duration::nanoseconds(208'000));
  // 50.2 ms + 1000 B at 10 Mbit/s (0.8 ms).
  EXPECT_EQ(w.inbox->got[1].at, at_s(3.0) + fw::Duration::nanoseconds(51'000'000));
  EXPECT_EQ(w.inbox->got[2].at, at_s(5.0) + fw::Duration::nanoseconds(208'000));
}

TEST(WorldLoop, DatagramsSentAtOneInstantLandInTheOrderTheyWereSent) {
  TwoHosts w;
  for (const char* text : {"1", "2", "3"}) w.send_at(2.0, text, 100);
  w.run();
  ASSERT_EQ(w.inbox->got.size(), 3u);
  EXPECT_EQ(w.inbox->got[0].what, "a:1");
  EXPECT_EQ(w.inbox->got[1].what, "a:2");
  EXPECT_EQ(w.inbox->got[2].what, "a:3");
}

TEST(WorldLoop, ADatagramOnTheWireWhenTheReceiverRebootsIsDroppedAsStale) {
  TwoHosts w;
  w.send_at(1.0, "old", 100);
  // The receiver loses power and comes back within the datagram's 0.2 ms flight.
  w.loop.at(at_s(1.0001), [&] { ++w.inbox->boots; });
  w.send_at(1.0002, "new", 100);
  w.run();
  ASSERT_EQ(w.inbox->got.size(), 1u);
  EXPECT_EQ(w.inbox->got[0].what, "a:new");
  EXPECT_EQ(w.counters.dropped_stale, 1u);
}

TEST(WorldLoop, ALinkThatFailsWhileADatagramCrossesItLosesIt) {
  TwoHosts w;
  w.send_at(1.0, "cut", 100);
  w.loop.at(at_s(1.0001), [&] { w.link->turn_off(); });
  w.loop.at(at_s(1.00015), [&] { w.link->turn_on(); });  // back before it would have landed
  w.send_at(1.5, "after", 100);
  w.run();
  ASSERT_EQ(w.inbox->got.size(), 1u);
  EXPECT_EQ(w.inbox->got[0].what, "a:after");
  EXPECT_EQ(w.counters.datagrams_lost, 1u);
}

TEST(WorldLoop, ADatagramToAPoweredOffNodeIsLost) {
  TwoHosts w;
  w.loop.at(at_s(0.5), [&] { w.inbox->on = false; });
  w.send_at(1.0, "nobody", 100);
  w.run();
  EXPECT_TRUE(w.inbox->got.empty());
  EXPECT_EQ(w.counters.datagrams_lost, 1u);
}

// A bulk flow is SimGrid's: 1.25 MB over 1 Gbit/s with 0.2 ms latency ends at 10.2 ms, and
// the loop runs its callback then, between calendar events that come before and after it.
TEST(WorldLoop, AFlowEndsAtSimGridsTimeBetweenCalendarEvents) {
  TwoHosts w;
  std::vector<std::pair<std::string, fw::Time>> seen;
  w.loop.at(at_s(1.0), [&] {
    w.loop.start_flow(w.a, w.b, 1'250'000, &w, [&](bool complete) {
      seen.emplace_back(complete ? "flow" : "failed", w.loop.now());
    });
  });
  w.loop.at(at_s(1.005), [&] { seen.emplace_back("before", w.loop.now()); });
  w.loop.at(at_s(1.02), [&] { seen.emplace_back("after", w.loop.now()); });
  w.run();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].first, "before");
  EXPECT_EQ(seen[1].first, "flow");
  EXPECT_NEAR(seen[1].second.to_seconds(), 1.0102, 1e-6);
  EXPECT_EQ(seen[2].first, "after");
}

TEST(WorldLoop, AFlowCutByALinkFailureCallsBackIncomplete) {
  TwoHosts w;
  std::vector<std::string> seen;
  w.loop.at(at_s(1.0), [&] {
    w.loop.start_flow(w.a, w.b, 125'000'000, &w, [&](bool complete) {  // 1 s of transfer
      seen.push_back(complete ? "complete" : "failed");
    });
  });
  w.loop.at(at_s(1.5), [&] { w.link->turn_off(); });
  w.run();
  EXPECT_EQ(seen, std::vector<std::string>{"failed"});
}

}  // namespace
}  // namespace edgetwin::sim
