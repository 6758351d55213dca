// The metrics read only what a run recorded (events, fault windows, counters): these tests build
// a record by hand and start no simulation.
#include "edgetwin/sim/metrics/vip_metrics.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace edgetwin::sim {
namespace {

LoggedEvent vip(double t, const std::string& box, bool claim) {
  nlohmann::ordered_json line{
      {"t", t}, {"site", "s001"}, {"box", box}, {"kind", claim ? "vip.claim" : "vip.release"}};
  return {t, claim ? "vip.claim" : "vip.release", line};
}

TEST(VipMetrics, FailoverIsMeasuredFromTheFaultToTheNewHoldersClaim) {
  const model::Fleet fleet;
  const std::vector<LoggedEvent> events{vip(10, "s001-a", true), vip(100, "s001-a", false),
                                        vip(103.5, "s001-b", true)};
  const std::vector<FaultWindow> faults{
      {"box-crash", "s001", "s001-a", "", 100, 400, {"s001-a"}, nlohmann::json::object()}};
  const RunFacts facts{fleet, events, faults, {}, 0, 0, 600, nullptr, {}, false, std::nullopt};
  nlohmann::ordered_json m;
  add_vip_metrics(facts, m);
  EXPECT_EQ(m["vip_failover_s"]["count"], 1);
  EXPECT_DOUBLE_EQ(m["vip_failover_s"]["max"].get<double>(), 3.5);
  EXPECT_EQ(m["dual_master_s"], 0.0);
  EXPECT_EQ(m["vip_transitions"], 1);
}

TEST(VipMetrics, TwoHoldersAtOnceCountAsDualMaster) {
  const model::Fleet fleet;
  const std::vector<LoggedEvent> events{vip(10, "s001-a", true), vip(50, "s001-b", true),
                                        vip(52.25, "s001-a", false)};
  const std::vector<FaultWindow> faults;
  const RunFacts facts{fleet, events, faults, {}, 0, 0, 600, nullptr, {}, false, std::nullopt};
  nlohmann::ordered_json m;
  add_vip_metrics(facts, m);
  EXPECT_DOUBLE_EQ(m["dual_master_s"].get<double>(), 2.25);
  EXPECT_DOUBLE_EQ(m["dual_master_s_by_site"]["s001"].get<double>(), 2.25);
}

}  // namespace
}  // namespace edgetwin::sim
