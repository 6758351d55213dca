#include "edgetwin/model/scenario.hpp"

#include <gtest/gtest.h>

#include "fleet_text.hpp"

namespace edgetwin::model {
namespace {

using test::all_errors;

const char* const kInlineFleet =
    R"({"format": "edgetwin.fleet/v1", "hardware": {"edgebox": {"cpus": 40, "memory_gib": 256}}, )"
    R"("apps": {"web": {"version": "1.0", "image_mib": 100, "cpu": 1, "memory_mib": 512}}, )"
    R"("systems": {"basic": ["web"]}, "site_defaults": {"boxes": 2, "hardware": "edgebox", )"
    R"("system": "basic", "lan": {"cidr": "192.168.1.0/24"}, "service_cidr": "192.168.2.0/24"}, )"
    R"("sites": [{"name": "s001"}, {"name": "s002"}]})";

// Faults start at line 5; expectations at line 7 + faults.size().
std::string scenario_text(const std::vector<std::string>& faults,
                          const std::vector<std::string>& expect) {
  std::string text =
      "{\n  \"format\": \"edgetwin.scenario/v1\", \"name\": \"t\", \"duration_s\": 3600,\n";
  text += std::string("  \"fleet\": ") + kInlineFleet + ",\n  \"faults\": [\n";
  for (std::size_t i = 0; i < faults.size(); ++i) {
    text += faults[i] + (i + 1 < faults.size() ? ",\n" : "\n");
  }
  text += "  ],\n  \"expect\": [\n";
  for (std::size_t i = 0; i < expect.size(); ++i) {
    text += expect[i] + (i + 1 < expect.size() ? ",\n" : "\n");
  }
  return text + "  ]\n}\n";
}

std::vector<Diagnostic> errors_of(const std::string& text) {
  auto parsed = parse_scenario(text, "t.scenario.json");
  EXPECT_FALSE(parsed.value.has_value());
  return parsed.errors;
}

void expect_error(const std::vector<Diagnostic>& errors, const std::string& pointer, int line,
                  int column, const std::string& message_part) {
  int matches = 0;
  for (const auto& e : errors) {
    if (e.pointer != pointer) continue;
    ++matches;
    EXPECT_EQ(e.line, line) << e.to_string();
    EXPECT_EQ(e.column, column) << e.to_string();
    EXPECT_NE(e.message.find(message_part), std::string::npos) << e.to_string();
  }
  EXPECT_EQ(matches, 1) << pointer << " in:\n" << all_errors(errors);
}

TEST(Scenario, InlineFleetAndFaults) {
  const auto parsed = parse_scenario(
      scenario_text(
          {R"(    {"at_s": 60, "kind": "box-crash", "target": "s001/s001-b", "for_s": 30})",
           R"(    {"at_s": 60, "kind": "box-crash", "target": "s002"})",
           R"(    {"at_s": 90, "kind": "link-degrade", "target": "*", "loss": 0.1, "x-note": "x"})",
           R"(    {"at_s": 90, "kind": "cloud-down"})",
           R"(    {"kind": "site-power-loss", "target": "*", )"
           R"("random": {"rate_per_day": 0.05, "for_s": 600}})"},
          {R"(    {"metric": "nodes_running", "at_s": 1800, "min": 3})"}),
      "t.scenario.json");
  ASSERT_TRUE(parsed.ok()) << all_errors(parsed.errors);
  const Scenario& scenario = *parsed.value;
  EXPECT_EQ(scenario.seed, 1u);
  EXPECT_EQ(scenario.start, "running");
  EXPECT_EQ(scenario.fleet.box_count(), 4);
  ASSERT_EQ(scenario.faults.size(), 5u);
  EXPECT_EQ(scenario.faults[0].for_s, 30);
  EXPECT_FALSE(scenario.faults[1].for_s.has_value());
  EXPECT_EQ(scenario.faults[2].params.dump(), R"({"loss":0.1})");
  EXPECT_EQ(scenario.faults[3].target, "");
  ASSERT_TRUE(scenario.faults[4].random.has_value());
  EXPECT_EQ(scenario.faults[4].random->rate_per_day, 0.05);
  EXPECT_EQ(scenario.faults[4].pointer, "/faults/4");
  EXPECT_EQ(scenario.expect.at(0).raw.dump(), R"({"metric":"nodes_running","at_s":1800,"min":3})");
}

TEST(Scenario, UnknownFaultKind) {
  const auto errors =
      errors_of(scenario_text({R"(    {"at_s": 60, "kind": "box-crsh", "target": "s001"})"}, {}));
  ASSERT_EQ(errors.size(), 1u) << all_errors(errors);
  expect_error(
      errors, "/faults/0/kind", 5, 26,
      "unknown fault kind 'box-crsh' (supported: box-crash, site-power-loss, lan-split, "
      "wan-down, cloud-down, link-degrade, container-crash, container-hang, disk-loss, "
      "clock-skew, nas-down, stall, disk-full, cloud-restart, cloud-crash, datagram-chaos)");
}

TEST(Scenario, FaultParametersAreCheckedPerKind) {
  const auto errors = errors_of(
      scenario_text({R"(    {"at_s": 60, "kind": "link-degrade", "target": "s001", "latncy_ms": 5})",
                     R"(    {"at_s": 60, "kind": "link-degrade", "target": "s001", "loss": 1.5})",
                     R"(    {"at_s": 60, "kind": "wan-down", "target": "s001", "mbps": 5})",
                     R"(    {"at_s": 60, "kind": "clock-skew", "target": "s001/s001-a"})",
                     R"(    {"at_s": 60, "kind": "clock-skew", "target": "s001", "drift_ppm": 9e5})",
                     R"(    {"at_s": 60, "kind": "disk-loss", "target": "s001/s001-b"})"},
                    {}));
  ASSERT_EQ(errors.size(), 6u) << all_errors(errors);
  expect_error(errors, "/faults/0/latncy_ms", 5, 73, "unknown field 'latncy_ms' for fault kind");
  expect_error(errors, "/faults/0", 5, 5, "link-degrade needs at least one of");
  expect_error(errors, "/faults/1/loss", 6, 68, "loss is a fraction in [0, 1]");
  expect_error(errors, "/faults/2/mbps", 7, 64, "unknown field 'mbps' for fault kind 'wan-down'");
  expect_error(errors, "/faults/3", 8, 5, "missing");
  expect_error(errors, "/faults/4/drift_ppm", 9, 71, "drift_ppm must be non-zero");
}

TEST(Scenario, TargetMatchingNothing) {
  const auto errors =
      errors_of(scenario_text({R"(    {"at_s": 60, "kind": "wan-down", "target": "s999"})",
                               R"(    {"at_s": 60, "kind": "box-crash", "target": "s001/s001-z"})",
                               R"(    {"at_s": 60, "kind": "wan-down", "target": "s001/s001-a"})",
                               R"(    {"at_s": 60, "kind": "cloud-down", "target": "s001"})"},
                              {}));
  ASSERT_EQ(errors.size(), 4u) << all_errors(errors);
  expect_error(errors, "/faults/0/target", 5, 48, "target 's999' matches no site in the fleet");
  expect_error(errors, "/faults/1/target", 6, 49, "matches no box of site 's001'");
  expect_error(errors, "/faults/2/target", 7, 48, "is not valid for wan-down");
  expect_error(errors, "/faults/3/target", 8, 50, "cloud-down takes no target");
}

TEST(Scenario, FaultTimes) {
  const auto errors =
      errors_of(scenario_text({R"(    {"at_s": 4000, "kind": "box-crash", "target": "s001"})",
                               R"(    {"kind": "box-crash", "target": "*"})"},
                              {}));
  ASSERT_EQ(errors.size(), 2u) << all_errors(errors);
  expect_error(errors, "/faults/0/at_s", 5, 14,
               "at_s 4000 is beyond the scenario's duration_s 3600");
  expect_error(errors, "/faults/1", 6, 5, "needs 'at_s'");
}

TEST(Scenario, Expectations) {
  const auto errors =
      errors_of(scenario_text({}, {R"(    {"metric": "unserved_s", "max": 0})",
                                   R"(    {"metric": "vip_failover_s", "site": "s404", "max": 4})",
                                   R"(    {"metric": "lost_writes"})",
                                   R"(    {"metric": "nodes_running", "at_s": 3601, "min": 1})"}));
  ASSERT_EQ(errors.size(), 4u) << all_errors(errors);
  expect_error(errors, "/expect/0/metric", 7, 16, "unknown metric 'unserved_s' (known: ");
  expect_error(errors, "/expect/1/site", 8, 42, "site 's404' is not in the fleet");
  expect_error(errors, "/expect/2", 9, 5, "needs 'min', 'max' or 'equals'");
  expect_error(errors, "/expect/3/at_s", 10, 41, "beyond the scenario's duration_s 3600");
}

TEST(Scenario, KnownMetricsIncludeTheDocumentedOnes) {
  const auto& metrics = known_metrics();
  for (const char* name : {"vip_failover_s", "lost_writes", "n1_risk_sites", "alert_delay_s",
                           "peer_detect_s", "offline_detect_s", "malformed_datagrams"}) {
    EXPECT_NE(std::find(metrics.begin(), metrics.end(), name), metrics.end()) << name;
  }
}

TEST(Scenario, InlineFleetErrorsPointIntoTheScenario) {
  const std::string text =
      "{\"format\": \"edgetwin.scenario/v1\", \"name\": \"t\",\n"
      " \"fleet\": {\"format\": \"edgetwin.fleet/v1\", \"hardware\": {}, \"apps\": {},\n"
      "           \"systems\": {}, \"cloud\": {\"latency_ms\": -5}}}";
  const auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 1u) << all_errors(errors);
  EXPECT_EQ(errors[0].to_string(),
            "t.scenario.json:3:51: must not be negative, got -5 (at /fleet/cloud/latency_ms)");
}

TEST(Scenario, FleetByRelativePath) {
  const auto parsed = load_scenario_file(EDGETWIN_MODEL_TEST_DATA "/relative.scenario.json");
  ASSERT_TRUE(parsed.ok()) << all_errors(parsed.errors);
  EXPECT_EQ(parsed.value->name, "relative-fleet");
  EXPECT_EQ(parsed.value->seed, 7u);
  EXPECT_EQ(parsed.value->duration_s, 600);
  EXPECT_EQ(parsed.value->fleet.name, "small");
  EXPECT_EQ(parsed.value->fleet.sites.at(1).boxes.at(0).address, "10.0.0.11");
  EXPECT_EQ(parsed.value->faults.at(0).target, "s001/s001-a");
}

TEST(Scenario, FleetFileErrorsAreReportedAgainstTheFleetFile) {
  const auto parsed = load_scenario_file(EDGETWIN_MODEL_TEST_DATA "/broken_fleet.scenario.json");
  ASSERT_EQ(parsed.errors.size(), 2u) << all_errors(parsed.errors);
  EXPECT_EQ(parsed.errors[0].file, EDGETWIN_MODEL_TEST_DATA "/bad_names_vip.fleet.json");
  EXPECT_EQ(parsed.errors[0].line, 14);
  EXPECT_EQ(parsed.errors[0].column, 50);
}

TEST(Scenario, MissingFleetFile) {
  const auto errors = errors_of(
      "{\"format\": \"edgetwin.scenario/v1\", \"name\": \"t\", \"fleet\": \"nope.fleet.json\"}");
  ASSERT_EQ(errors.size(), 1u) << all_errors(errors);
  EXPECT_EQ(errors[0].pointer, "/fleet");
  EXPECT_EQ(errors[0].column, 58);
  EXPECT_NE(errors[0].message.find("does not exist"), std::string::npos);
}

TEST(Scenario, HeaderErrors) {
  const auto errors = errors_of(
      "{\"format\": \"edgetwin.scenario/v1\", \"name\": \"t\", \"fleet\": 3, \"seed\": -1,\n"
      " \"duration_s\": 0, \"start\": \"warm\", \"faults\": {}}");
  EXPECT_EQ(errors.size(), 5u) << all_errors(errors);
  expect_error(errors, "/seed", 1, 69, "expected a non-negative whole number");
  expect_error(errors, "/duration_s", 2, 16, "must be positive");
  expect_error(errors, "/start", 2, 28, "unsupported start 'warm'");
  expect_error(errors, "/fleet", 1, 58, "expected a fleet file path or an inline fleet");
  expect_error(errors, "/faults", 2, 46, "expected an array");
}

}  // namespace
}  // namespace edgetwin::model
