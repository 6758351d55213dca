#include <gtest/gtest.h>

#include <cmath>

#include "edgetwin/reports/capacity.hpp"
#include "edgetwin/reports/placement.hpp"
#include "test_fleet.hpp"

namespace edgetwin::reports {
namespace {

using testing::make_test_fleet;

const BoxLoad& box(const CapacityReport& c, const std::string& name) {
  for (const auto& b : c.boxes)
    if (b.box == name) return b;
  throw std::runtime_error("no box " + name);
}

const SiteN1& site(const CapacityReport& c, const std::string& name) {
  for (const auto& s : c.sites)
    if (s.site == name) return s;
  throw std::runtime_error("no site " + name);
}

std::vector<std::string> names(const std::vector<PlacedReplica>& replicas) {
  std::vector<std::string> out;
  for (const auto& r : replicas) out.push_back(r.app->name + "-" + std::to_string(r.index));
  return out;
}

TEST(CapacityPlacement, TheSchedulerSpreadsReplicasAndFillsTheLeastAllocatedBox) {
  auto fleet = make_test_fleet();
  fleet.apps["web"].replicas = 3;
  const auto placed = place_replicas(fleet, fleet.sites[0]);  // s001: web x3, db x1
  // web-0 on a (tie: first name), web-1 on b (anti-affinity), web-2 on a (skew 1, tie);
  // db-0 on b, the less allocated box. The old "replica r on box r mod n" put db-0 on a.
  EXPECT_EQ(names(placed.at("s001-a")), (std::vector<std::string>{"web-0", "web-2"}));
  EXPECT_EQ(names(placed.at("s001-b")), (std::vector<std::string>{"web-1", "db-0"}));
}

TEST(CapacityPlacement, SingleReplicaAppsGoOnBothBoxes) {
  auto fleet = make_test_fleet();
  fleet.apps["big"].replicas = 1;
  fleet.apps["vision"].gpu = 0;
  fleet.systems["singles"] = {"db", "big", "vision"};
  fleet.sites[0].system = "singles";
  const auto placed = place_replicas(fleet, fleet.sites[0]);
  // db-0 on a (tie: first name), big-0 on b (less allocated after placing), vision-0 on a
  // (after placing, a: 4/8 CPUs and 7/16 GiB, less than b: 4/8 CPUs and 9/16 GiB).
  // The old "replica r on box r mod n" put all three on a.
  EXPECT_EQ(names(placed.at("s001-a")), (std::vector<std::string>{"db-0", "vision-0"}));
  EXPECT_EQ(names(placed.at("s001-b")), (std::vector<std::string>{"big-0"}));
}

TEST(CapacityPlacement, HigherPrioritiesArePlacedFirst) {
  auto fleet = make_test_fleet();
  fleet.apps["db"].priority = "critical";
  const auto placed = place_replicas(fleet, fleet.sites[0]);  // s001: web x2, db x1
  EXPECT_EQ(names(placed.at("s001-a")), (std::vector<std::string>{"db-0", "web-1"}));
  EXPECT_EQ(names(placed.at("s001-b")), (std::vector<std::string>{"web-0"}));
}

TEST(CapacityPlacement, WhatFitsNowhereIsUnplacedNotDropped) {
  const auto fleet = make_test_fleet();
  const auto placed = place_site_replicas(fleet, fleet.sites[1]);  // s002: web x2, db, big x2
  // big-1 must avoid b (big-0 is there) and a has 10 of 16 GiB promised: no room for 8.
  EXPECT_EQ(names(placed.by_box.at("s002-a")), (std::vector<std::string>{"web-0", "db-0"}));
  EXPECT_EQ(names(placed.by_box.at("s002-b")), (std::vector<std::string>{"web-1", "big-0"}));
  EXPECT_EQ(names(placed.unplaced), std::vector<std::string>{"big-1"});
}

TEST(Capacity, BoxRequestsLimitsAndOvercommitByHand) {
  const auto c = compute_capacity(make_test_fleet());
  // s002-b: web-1, big-0 -> requests 2+3 = 5 CPUs, 4+8 = 12 GiB; limits 12 CPUs, 24 GiB.
  const BoxLoad& b = box(c, "s002-b");
  EXPECT_EQ(b.replicas, 2);
  EXPECT_DOUBLE_EQ(b.requests.cpus, 5);
  EXPECT_DOUBLE_EQ(b.requests.memory_gib, 12);
  EXPECT_DOUBLE_EQ(b.limits.cpus, 12);
  EXPECT_DOUBLE_EQ(b.limits.memory_gib, 24);
  EXPECT_DOUBLE_EQ(b.overcommit().cpus, 12.0 / 8);
  EXPECT_DOUBLE_EQ(b.overcommit().memory_gib, 24.0 / 16);
  EXPECT_DOUBLE_EQ(b.overcommit().gpus, 0);  // nothing asks for the GPU it does not have
  // s001-b: web-1 only -> limits 4 CPUs, 8 GiB on 8 CPUs, 16 GiB.
  EXPECT_DOUBLE_EQ(box(c, "s001-b").overcommit().cpus, 0.5);
  EXPECT_DOUBLE_EQ(box(c, "s003-a").overcommit().gpus, 1.0);
}

TEST(Capacity, RatioOnAMissingResourceIsInfinite) {
  EXPECT_TRUE(std::isinf(ratio({0, 0, 1}, {8, 16, 0}).gpus));
  EXPECT_DOUBLE_EQ(ratio({0, 0, 0}, {8, 16, 0}).gpus, 0);
}

TEST(Capacity, AGpuReplicaOnASiteWithoutAGpuIsUnplacedAndTheSiteAtRisk) {
  auto fleet = make_test_fleet();
  fleet.sites[2].boxes[0].hardware = "small";  // s003 (vision, 1 GPU) has no GPU left
  const auto c = compute_capacity(fleet);
  EXPECT_EQ(box(c, "s003-a").replicas, 0);
  EXPECT_EQ(box(c, "s003-b").replicas, 0);
  const SiteN1& s = site(c, "s003");
  EXPECT_EQ(s.unplaced_replicas, 1);
  EXPECT_DOUBLE_EQ(s.requests.gpus, 1);  // still asked for
  EXPECT_DOUBLE_EQ(s.shortfall.gpus, 1);
  EXPECT_FALSE(s.ok());
}

TEST(Capacity, N1FitsWhenTheRemainingBoxHoldsEveryRequest) {
  const auto c = compute_capacity(make_test_fleet());
  const SiteN1& s = site(c, "s001");  // requests 7 CPUs, 14 GiB; one box left: 8 CPUs, 16 GiB
  EXPECT_TRUE(s.ok());
  EXPECT_DOUBLE_EQ(s.requests.cpus, 7);
  EXPECT_DOUBLE_EQ(s.requests.memory_gib, 14);
  EXPECT_DOUBLE_EQ(s.remaining.cpus, 8);
  EXPECT_DOUBLE_EQ(s.shortfall.cpus, 0);
}

TEST(Capacity, N1ShortfallIsWhatTheRemainingBoxCannotHold) {
  const auto c = compute_capacity(make_test_fleet());
  const SiteN1& s = site(c, "s002");  // requests 13 CPUs, 30 GiB; one box left: 8 CPUs, 16 GiB
  EXPECT_FALSE(s.ok());
  EXPECT_DOUBLE_EQ(s.shortfall.cpus, 5);
  EXPECT_DOUBLE_EQ(s.shortfall.memory_gib, 14);
  EXPECT_DOUBLE_EQ(s.shortfall.gpus, 0);
}

TEST(Capacity, N1TakesDownTheLargestBoxAndCountsGpus) {
  const auto c = compute_capacity(make_test_fleet());
  const SiteN1& s = site(c, "s003");  // equal CPUs and memory: the GPU box is the larger
  EXPECT_EQ(s.largest_box, "s003-a");
  EXPECT_FALSE(s.ok());
  EXPECT_DOUBLE_EQ(s.shortfall.gpus, 1);
  EXPECT_DOUBLE_EQ(s.shortfall.cpus, 0);
}

TEST(Capacity, FleetTotalsAndSiteCounts) {
  const auto c = compute_capacity(make_test_fleet());
  EXPECT_EQ(c.n1_ok_sites(), 1);
  EXPECT_EQ(c.n1_risk_sites(), 2);
  EXPECT_DOUBLE_EQ(c.capacity.cpus, 48);
  EXPECT_DOUBLE_EQ(c.capacity.memory_gib, 96);
  EXPECT_DOUBLE_EQ(c.capacity.gpus, 1);
  EXPECT_DOUBLE_EQ(c.requests.cpus, 21);       // 7 + 13 + 1
  EXPECT_DOUBLE_EQ(c.requests.memory_gib, 45);  // 14 + 30 + 1
  EXPECT_DOUBLE_EQ(c.limits.cpus, 46);          // 14 + 30 + 2
}

TEST(Capacity, SingleBoxSiteCannotSurviveItsLoss) {
  auto fleet = make_test_fleet();
  fleet.sites[0].boxes.pop_back();
  const auto c = compute_capacity(fleet);
  EXPECT_FALSE(site(c, "s001").ok());
  EXPECT_DOUBLE_EQ(site(c, "s001").shortfall.cpus, 7);
}

}  // namespace
}  // namespace edgetwin::reports
