#include "edgetwin/firmware/orchestration/scheduler.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "edgetwin/firmware/base/seeded_rng.hpp"
#include "edgetwin/firmware/orchestration/placement.hpp"

namespace edgetwin::fw {
namespace {

constexpr Resources kEdgeBox{40, 262144, 1};  // 40 cores, 256 GiB, one T4

PlacementRequest pod(const std::string& name, double cpu, double memory_mib = 1024,
                     const std::string& priority = "", int gpu = 0) {
  PlacementRequest r;
  r.spec.name = name;
  r.spec.app = name.substr(0, name.rfind('-'));
  r.spec.cpu_request = cpu;
  r.spec.cpu_limit = cpu * 2;  // overcommitted limits never block placement
  r.spec.memory_request_mib = memory_mib;
  r.spec.memory_limit_mib = memory_mib * 2;
  r.spec.priority = priority;
  r.spec.gpu = gpu;
  return r;
}

Scheduler site(ScoringPolicy policy = ScoringPolicy::spread) {
  Scheduler s(policy);
  s.add_node("s001-a", kEdgeBox);
  s.add_node("s001-b", kEdgeBox);
  return s;
}

TEST(Scheduler, NeverExceedsCapacityByRequests) {
  // Random workloads, placed and removed: requests never pass a box's capacity, and a refusal
  // happens only when the container's requests really fit on no box.
  for (const auto policy : {ScoringPolicy::spread, ScoringPolicy::bin_pack}) {
    Scheduler s = site(policy);
    s.add_node("s001-c", {16, 65536, 0});
    SeededRng rng(7, "scheduler-test");
    std::vector<std::string> placed;
    int successes = 0;
    int refusals = 0;
    for (int i = 0; i < 2000; ++i) {
      if (!placed.empty() && rng.uniform01() < 0.3) {
        const auto k =
            static_cast<std::size_t>(rng.uniform01() * static_cast<double>(placed.size()));
        s.unbind(placed[k]);
        placed.erase(placed.begin() + static_cast<std::ptrdiff_t>(k));
        continue;
      }
      auto r = pod("app" + std::to_string(i) + "-0",  // one replica per app: no spreading
                   0.1 * static_cast<double>(1 + rng.next_u64() % 80),
                   static_cast<double>(256 * (1 + rng.next_u64() % 64)), "",
                   rng.uniform01() < 0.05 ? 1 : 0);
      if (s.schedule(r, false)) {
        placed.push_back(r.spec.name);
        ++successes;
      } else {
        ++refusals;
        for (const auto& n : s.nodes())
          ASSERT_TRUE(n.requested.cpu + r.spec.cpu_request > n.capacity.cpu ||
                      n.requested.memory_mib + r.spec.memory_request_mib > n.capacity.memory_mib ||
                      n.requested.gpu + r.spec.gpu > n.capacity.gpu)
              << r.spec.name << " was refused although it fits on " << n.name;
      }
      for (const auto& n : s.nodes()) {
        ASSERT_LE(n.requested.cpu, n.capacity.cpu + 1e-6) << n.name;
        ASSERT_LE(n.requested.memory_mib, n.capacity.memory_mib + 1e-6) << n.name;
        ASSERT_LE(n.requested.gpu, n.capacity.gpu) << n.name;
      }
    }
    EXPECT_GT(successes, 500);
    EXPECT_GT(refusals, 50);  // the boxes were really full at times
  }
}

TEST(Scheduler, LimitsMayOvercommitRequestsMayNot) {
  Scheduler s = site();
  auto big = pod("vision-0", 30, 1024);
  big.spec.cpu_limit = 40;  // may borrow the whole box
  ASSERT_TRUE(s.schedule(big));
  ASSERT_TRUE(s.schedule(pod("other-0", 30)));  // spread: the other box
  const auto third = s.schedule(pod("third-0", 11), false);
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().message,
            "s001-a: cpu 30 of 40 requested; s001-b: cpu 30 of 40 requested");
  EXPECT_TRUE(s.schedule(pod("fourth-0", 10)));  // exactly fills one box
  EXPECT_GT(s.node("s001-a")->limits.cpu + s.node("s001-b")->limits.cpu, 80);
}

TEST(Scheduler, KeepsReplicasApart) {
  Scheduler s = site(ScoringPolicy::bin_pack);  // packing alone would put both on one box
  const auto first = s.schedule(pod("mysql-0", 4)).value().node;
  const auto second = s.schedule(pod("mysql-1", 4)).value().node;
  EXPECT_NE(first, second);
  // A third replica goes somewhere (skew 1), a fourth to the other box.
  const auto third = s.schedule(pod("mysql-2", 4)).value().node;
  EXPECT_NE(s.schedule(pod("mysql-3", 4)).value().node, third);
}

TEST(Scheduler, AReplicaIsRefusedRatherThanDoubledUpWhileItsPeerBoxIsUp) {
  Scheduler s = site();
  ASSERT_TRUE(s.schedule(pod("filler-0", 39)));  // s001-a
  ASSERT_EQ(s.schedule(pod("web-0", 2)).value().node, "s001-b");
  const auto second = s.schedule(pod("web-1", 2), false);  // b has room, but holds web-0
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("s001-b: a replica of web is already here"),
            std::string::npos);
  // With s001-a down, the survivors count: the replica moves in beside its sibling.
  s.set_schedulable("s001-a", false);
  EXPECT_EQ(s.schedule(pod("web-1", 2), false).value().node, "s001-b");
}

TEST(Scheduler, SpreadAndBinPackChooseDifferently) {
  Scheduler spread = site(ScoringPolicy::spread);
  Scheduler pack = site(ScoringPolicy::bin_pack);
  for (auto* s : {&spread, &pack}) ASSERT_EQ(s->schedule(pod("a-0", 10)).value().node, "s001-a");
  EXPECT_EQ(spread.schedule(pod("b-0", 1)).value().node, "s001-b");
  EXPECT_EQ(pack.schedule(pod("b-0", 1)).value().node, "s001-a");
}

TEST(Scheduler, IsDeterministicWhateverTheOrderNodesWereAdded) {
  auto run = [](const std::vector<std::string>& node_order) {
    Scheduler s;
    for (const auto& n : node_order) s.add_node(n, kEdgeBox);
    std::vector<std::string> out;
    for (int i = 0; i < 80; ++i)
      out.push_back(s.schedule(pod("app" + std::to_string(i % 7) + "-" + std::to_string(i),
                                   0.5 + (i % 3), 512.0 * (1 + i % 5)))
                        .value()
                        .node);
    return out;
  };
  const auto forward = run({"s001-a", "s001-b", "s002-a", "s002-b"});
  EXPECT_EQ(forward, run({"s002-b", "s001-b", "s002-a", "s001-a"}));
  EXPECT_EQ(forward.front(), "s001-a");  // all equal: the first name wins the tie
}

TEST(Scheduler, ANodeAddedLaterKeepsEarlierBindingsStraight) {
  Scheduler s;
  s.add_node("s001-b", kEdgeBox);
  ASSERT_EQ(s.schedule(pod("web-0", 30)).value().node, "s001-b");
  s.add_node("s001-a", kEdgeBox);  // sorts first: every index moves
  EXPECT_EQ(s.node_of("web-0"), "s001-b");
  EXPECT_EQ(s.schedule(pod("web-1", 30)).value().node, "s001-a");  // apart from web-0
  ASSERT_TRUE(s.unbind("web-0"));
  EXPECT_EQ(s.node("s001-b")->requested.cpu, 0);
  EXPECT_EQ(s.schedule(pod("web-2", 30)).value().node, "s001-b");
}

TEST(Scheduler, GpuPortsAndDuplicates) {
  Scheduler s = site();
  ASSERT_EQ(s.schedule(pod("vision-0", 1, 1024, "", 1)).value().node, "s001-a");
  ASSERT_EQ(s.schedule(pod("ocr-0", 1, 1024, "", 1)).value().node, "s001-b");
  const auto no_gpu = s.schedule(pod("lpr-0", 1, 1024, "", 1), false);
  ASSERT_FALSE(no_gpu);
  EXPECT_NE(no_gpu.error().message.find("gpu 1 of 1 in use"), std::string::npos);

  auto web = pod("web-0", 1);
  web.host_ports = {8080};
  auto api = pod("api-0", 1);
  api.host_ports = {8080};
  const auto w = s.schedule(web).value().node;
  EXPECT_NE(s.schedule(api).value().node, w);    // port 8080 is taken there
  EXPECT_FALSE(s.schedule(pod("vision-0", 1)));  // already placed
}

TEST(Scheduler, PreemptsLowerPriorityWorkOnly) {
  Scheduler s = site();
  ASSERT_TRUE(s.schedule(pod("batch-0", 30, 1024, "low")));
  ASSERT_TRUE(s.schedule(pod("batch-1", 30, 1024, "low")));
  ASSERT_TRUE(s.schedule(pod("report-0", 8, 1024, "")));
  ASSERT_TRUE(s.schedule(pod("report-1", 8, 1024, "")));
  // A critical container of 10 CPUs fits nowhere: one low-priority victim suffices.
  const auto bound = s.schedule(pod("access-0", 10, 1024, "critical")).value();
  EXPECT_EQ(bound.node, "s001-a");
  EXPECT_EQ(bound.preempted, std::vector<std::string>{"batch-0"});
  EXPECT_FALSE(s.node_of("batch-0"));
  EXPECT_EQ(s.node_of("report-0"), "s001-a");  // equal priority: never a victim
  // A normal one that fits nowhere may preempt the low batch-1, and nothing of its own rank.
  const auto peer = s.schedule(pod("report2-0", 25, 1024, ""));
  ASSERT_TRUE(peer);
  EXPECT_EQ(peer.value().preempted, std::vector<std::string>{"batch-1"});
  EXPECT_FALSE(s.schedule(pod("late-0", 30, 1024, "")));
}

TEST(Scheduler, PreemptionTakesTheFewestLowestVictims) {
  Scheduler s;
  s.add_node("s001-a", {8, 65536, 0});
  ASSERT_TRUE(s.schedule(pod("a-0", 2, 1024, "low")));
  ASSERT_TRUE(s.schedule(pod("b-0", 2, 1024, "low")));
  ASSERT_TRUE(s.schedule(pod("c-0", 4, 1024, "")));
  // Needs 4 CPUs: the two low ones suffice, so c-0 (normal) is spared although evicting it
  // alone would also do (the highest victim priority counts before the number of victims).
  const auto bound = s.schedule(pod("d-0", 4, 1024, "critical")).value();
  EXPECT_EQ(bound.preempted, (std::vector<std::string>{"a-0", "b-0"}));
  // The box is full again: now c-0 is the only lower-priority container left.
  const auto next = s.schedule(pod("e-0", 1, 1024, "critical")).value();
  EXPECT_EQ(next.preempted, std::vector<std::string>{"c-0"});
}

TEST(Placement, PlacesCriticalFirstAndReportsWhatDoesNotFit) {
  AppReplicas mysql{pod("mysql-x", 4).spec, 2, {3306}};
  AppReplicas access{pod("access-x", 2, 1024, "critical").spec, 2, {8080}};
  AppReplicas huge{pod("huge-x", 50).spec, 1, {}};
  const auto p = place_site({{"s001-a", kEdgeBox}, {"s001-b", kEdgeBox}}, {mysql, huge, access});
  ASSERT_EQ(p.by_node.at("s001-a").size(), 2u);
  EXPECT_EQ(p.by_node.at("s001-a")[0].name, "access-0");  // critical first
  EXPECT_EQ(p.by_node.at("s001-a")[1].name, "mysql-0");
  EXPECT_EQ(p.by_node.at("s001-b")[0].name, "access-1");
  EXPECT_EQ(p.by_node.at("s001-b")[1].name, "mysql-1");
  ASSERT_EQ(p.unplaced.size(), 1u);
  EXPECT_EQ(p.unplaced[0].container, "huge-0");
}

}  // namespace
}  // namespace edgetwin::fw
