// The `writes` workload of a scenario: a data app that exists, sites that exist, a rate.
#include <gtest/gtest.h>

#include "edgetwin/model/scenario.hpp"

namespace edgetwin::model {
namespace {

const std::string kFleet =
    R"({"format": "edgetwin.fleet/v1", "hardware": {"edgebox": {"cpus": 40, "memory_gib": 256}}, )"
    R"("apps": {"web": {"version": "1.0", "image_mib": 100, "cpu": 1, "memory_mib": 512}, )"
    R"("db": {"version": "8.0", "image_mib": 100, "cpu": 1, "memory_mib": 512, "data": "mysql-ha"}}, )"
    R"("systems": {"basic": ["web", "db"]}, "site_defaults": {"boxes": 2, "hardware": "edgebox", )"
    R"("system": "basic", "lan": {"cidr": "192.168.1.0/24"}, "service_cidr": "192.168.2.0/24"}, )"
    R"("sites": [{"name": "s001"}]})";

Parsed<Scenario> with_workloads(const std::string& workloads) {
  return parse_scenario(R"({"format": "edgetwin.scenario/v1", "name": "w", "duration_s": 60, "fleet": )" +
                            kFleet + R"(, "workloads": )" + workloads + "}",
                        "w.scenario.json");
}

std::string messages(const Parsed<Scenario>& p) {
  std::string out;
  for (const auto& e : p.errors) out += e.to_string() + "\n";
  return out;
}

TEST(ScenarioWorkloads, AWritesWorkloadOnADataAppIsAccepted) {
  const auto p = with_workloads(
      R"([{"kind": "writes", "app": "db", "sites": ["s001"], "rate_per_s": 5, "read_fraction": 0.5,)"
      R"( "timeout_ms": 3000, "from_s": 5, "until_s": 50}])");
  ASSERT_TRUE(p.value) << messages(p);
  EXPECT_EQ(p.value->workloads.size(), 1u);
}

TEST(ScenarioWorkloads, MistakesAreReportedWithTheirPointers) {
  const auto p = with_workloads(
      R"([{"kind": "writes", "app": "web", "sites": "s009", "rate_per_s": 0, "read_fraction": 1,)"
      R"( "until_s": 600}, {"kind": "reads", "app": "nope", "rate_per_s": 1}])");
  EXPECT_FALSE(p.value);
  const std::string m = messages(p);
  EXPECT_NE(m.find("has no 'data'"), std::string::npos) << m;
  EXPECT_NE(m.find("/workloads/0/sites"), std::string::npos) << m;
  EXPECT_NE(m.find("/workloads/0/rate_per_s"), std::string::npos) << m;
  EXPECT_NE(m.find("/workloads/0/read_fraction"), std::string::npos) << m;
  EXPECT_NE(m.find("/workloads/0/until_s"), std::string::npos) << m;
  EXPECT_NE(m.find("/workloads/1/kind"), std::string::npos) << m;
  EXPECT_NE(m.find("app 'nope' is not in the fleet"), std::string::npos) << m;
}

}  // namespace
}  // namespace edgetwin::model
