// A factory start's install schedule (`install`): a rate, a start, an order; every mistake
// reported at its own line and column.
#include <gtest/gtest.h>

#include "edgetwin/model/scenario.hpp"

namespace edgetwin::model {
namespace {

const std::string kFleet =
    R"({"format": "edgetwin.fleet/v1", "hardware": {"edgebox": {"cpus": 40, "memory_gib": 256}}, )"
    R"("apps": {"web": {"version": "1.0", "image_mib": 100, "cpu": 1, "memory_mib": 512}}, )"
    R"("systems": {"basic": ["web"]}, "site_defaults": {"boxes": 2, "hardware": "edgebox", )"
    R"("system": "basic", "lan": {"cidr": "192.168.1.0/24"}, "service_cidr": "192.168.2.0/24"}, )"
    R"("sites": [{"name": "s001"}, {"name": "s002"}]})";

Parsed<Scenario> with_install(const std::string& start, const std::string& install) {
  // One line per field, so that a diagnostic's line says which one it is about.
  return parse_scenario("{\"format\": \"edgetwin.scenario/v1\", \"name\": \"i\",\n"
                        "\"duration_s\": 86400,\n\"start\": \"" + start + "\",\n\"fleet\": " +
                            kFleet + ",\n\"install\": " + install + "\n}",
                        "i.scenario.json");
}

std::string messages(const Parsed<Scenario>& p) {
  std::string out;
  for (const auto& e : p.errors) out += e.to_string() + "\n";
  return out;
}

TEST(ScenarioInstall, AScheduleIsReadWithItsDefaults) {
  const auto p = with_install("factory", R"({"sites_per_day": 40})");
  ASSERT_TRUE(p.value) << messages(p);
  ASSERT_TRUE(p.value->install);
  EXPECT_EQ(p.value->install->sites_per_day, 40);
  EXPECT_EQ(p.value->install->from_s, 0);
  EXPECT_EQ(p.value->install->order, "fleet");
  const auto r = with_install("factory", R"({"sites_per_day": 2.5, "from_s": 600, "order": "random"})");
  ASSERT_TRUE(r.value) << messages(r);
  EXPECT_EQ(r.value->install->from_s, 600);
  EXPECT_EQ(r.value->install->order, "random");
}

TEST(ScenarioInstall, ABadRateOrderOrStartIsAnErrorAtItsPosition) {
  const auto p = with_install("factory", "{\"sites_per_day\": 0, \"order\": \"by-region\"}");
  EXPECT_FALSE(p.value);
  const std::string m = messages(p);
  EXPECT_NE(m.find("i.scenario.json:5:"), std::string::npos) << m;
  EXPECT_NE(m.find("/install/sites_per_day"), std::string::npos) << m;
  EXPECT_NE(m.find("must be positive"), std::string::npos) << m;
  EXPECT_NE(m.find("unsupported order 'by-region'"), std::string::npos) << m;
  EXPECT_NE(m.find("/install/order"), std::string::npos) << m;
}

TEST(ScenarioInstall, NegativeRateMissingRateAndUnknownKeysAreErrors) {
  EXPECT_NE(messages(with_install("factory", R"({"sites_per_day": -3})")).find("must be positive"),
            std::string::npos);
  const std::string missing = messages(with_install("factory", R"({"from_s": 10})"));
  EXPECT_NE(missing.find("sites_per_day"), std::string::npos) << missing;
  const std::string unknown =
      messages(with_install("factory", R"({"sites_per_day": 4, "crews": 2})"));
  EXPECT_NE(unknown.find("crews"), std::string::npos) << unknown;
  const std::string type = messages(with_install("factory", R"({"sites_per_day": "ten"})"));
  EXPECT_NE(type.find("expected a number"), std::string::npos) << type;
}

TEST(ScenarioInstall, AStartAfterTheRunOrARunningFleetIsAnError) {
  const std::string late = messages(with_install("factory", R"({"sites_per_day": 4, "from_s": 86400})"));
  EXPECT_NE(late.find("/install/from_s"), std::string::npos) << late;
  const std::string running = messages(with_install("running", R"({"sites_per_day": 4})"));
  EXPECT_NE(running.find("needs \"start\": \"factory\""), std::string::npos) << running;
  EXPECT_NE(running.find("i.scenario.json:5:"), std::string::npos) << running;
}

}  // namespace
}  // namespace edgetwin::model
