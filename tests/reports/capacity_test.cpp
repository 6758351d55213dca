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

TEST(CapacityPlacement, ReplicaRGoesOnBoxRModBoxesLikeTheSimulator) {
  auto fleet = make_test_fleet();
  fleet.apps["web"].replicas = 3;
  const auto placed = place_replicas(fleet, fleet.sites[0]);  // s001: web x3, db x1
  ASSERT_EQ(placed.at("s001-a").size(), 3u);  // web-0, web-2, db-0
  EXPECT_EQ(placed.at("s001-a")[1].index, 2);
  EXPECT_EQ(placed.at("s001-a")[2].app->name, "db");
  ASSERT_EQ(placed.at("s001-b").size(), 1u);  // web-1
  EXPECT_EQ(placed.at("s001-b")[0].index, 1);
}

TEST(Capacity, BoxRequestsLimitsAndOvercommitByHand) {
  const auto c = compute_capacity(make_test_fleet());
  // s002-a: web-0, db-0, big-0 -> requests 2+3+3 = 8 CPUs, 4+6+8 = 18 GiB; limits 18 CPUs, 36 GiB.
  const BoxLoad& a = box(c, "s002-a");
  EXPECT_EQ(a.replicas, 3);
  EXPECT_DOUBLE_EQ(a.requests.cpus, 8);
  EXPECT_DOUBLE_EQ(a.requests.memory_gib, 18);
  EXPECT_DOUBLE_EQ(a.limits.cpus, 18);
  EXPECT_DOUBLE_EQ(a.limits.memory_gib, 36);
  EXPECT_DOUBLE_EQ(a.overcommit().cpus, 18.0 / 8);
  EXPECT_DOUBLE_EQ(a.overcommit().memory_gib, 36.0 / 16);
  EXPECT_DOUBLE_EQ(a.overcommit().gpus, 0);  // nothing asks for the GPU it does not have
  // s001-b: web-1 only -> limits 4 CPUs, 8 GiB on 8 CPUs, 16 GiB.
  EXPECT_DOUBLE_EQ(box(c, "s001-b").overcommit().cpus, 0.5);
  EXPECT_DOUBLE_EQ(box(c, "s003-a").overcommit().gpus, 1.0);
}

TEST(Capacity, OvercommitOnAMissingResourceIsInfinite) {
  auto fleet = make_test_fleet();
  fleet.sites[2].boxes[0].hardware = "small";  // vision's GPU lands on a box without one
  const auto c = compute_capacity(fleet);
  EXPECT_TRUE(std::isinf(box(c, "s003-a").overcommit().gpus));
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
