// Hostile fleet and scenario files as `edgetwin validate/run/sweep` see them: exit 2 and a
// `file:line:column:` message, never an abort or a crash (docs/security.md, "Hostile input").
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "cli_runner.hpp"

namespace {

namespace fs = std::filesystem;

using edgetwin::test::edgetwin;
using edgetwin::test::Outcome;
using edgetwin::test::scratch;
using edgetwin::test::slurp;

const fs::path kScenarios = EDGETWIN_SCENARIOS;

fs::path write(const std::string& name, const std::string& text) {
  const fs::path path = scratch(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// The bundled two-site fleet with `value` as its first field after "format" (line 3 column 11).
// "x-" fields are extensions, ignored once parsed; any other unknown field is an error.
std::string fleet_with(const std::string& value, const std::string& key = "x-a") {
  std::string text = slurp(kScenarios / "two-site.fleet.json");
  const auto format_end = text.find('\n', text.find("\"format\"")) + 1;
  return text.insert(format_end, "  \"" + key + "\": " + value + ",\n");
}

// A scenario naming the fleet at `fleet_file`, with `value` on line 3 column 11.
std::string scenario_with(const std::string& value, const std::string& fleet_file) {
  return "{\n  \"format\": \"edgetwin.scenario/v1\",\n  \"x-a\": " + value +
         ",\n  \"name\": \"h\", \"fleet\": \"" + fleet_file + "\", \"duration_s\": 10\n}\n";
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

void expect_refused(const Outcome& o, const std::string& where) {
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_NE(o.out.find(where), std::string::npos) << o.out;
  EXPECT_EQ(o.out.find("terminate"), std::string::npos) << o.out;
}

TEST(HostileFile, AHugeNumberInAFleetIsExitTwoWithItsPosition) {
  const fs::path fleet = write("huge.fleet.json", fleet_with("1e999"));
  expect_refused(edgetwin("validate " + fleet.string()), "huge.fleet.json:3:10: ");
  const fs::path scenario =
      write("huge-fleet.scenario.json", scenario_with("1", "huge.fleet.json"));
  expect_refused(edgetwin("run " + scenario.string()), "huge.fleet.json:3:10: ");
}

TEST(HostileFile, AHugeNumberInAScenarioIsExitTwoForValidateRunAndSweep) {
  write("ok.fleet.json", slurp(kScenarios / "two-site.fleet.json"));
  const fs::path scenario = write("huge.scenario.json", scenario_with("-1e999", "ok.fleet.json"));
  const std::string where = "huge.scenario.json:3:10: ";
  expect_refused(edgetwin("validate " + scenario.string()), where);
  expect_refused(edgetwin("run " + scenario.string()), where);
  const fs::path out = scratch("sweep-out");
  expect_refused(edgetwin("sweep " + scenario.string() + " --seeds 1..2 --out " + out.string()),
                 where);
}

TEST(HostileFile, DeepNestingIsExitTwoAtTheBracketThatGoesTooDeep) {
  write("ok.fleet.json", slurp(kScenarios / "two-site.fleet.json"));
  // The document is level 1, so the 64th '[' (column 10 + 63) is the 65th level.
  for (const std::size_t depth : {20000u, 40000u, 100000u}) {
    const fs::path fleet = write("deep.fleet.json", fleet_with(nested(depth)));
    expect_refused(edgetwin("validate " + fleet.string()), "deep.fleet.json:3:73: ");
    const fs::path scenario =
        write("deep.scenario.json", scenario_with(nested(depth), "ok.fleet.json"));
    expect_refused(edgetwin("run " + scenario.string()), "deep.scenario.json:3:73: ");
    const fs::path in_fleet =
        write("deep-fleet.scenario.json", scenario_with("1", "deep.fleet.json"));
    expect_refused(edgetwin("run " + in_fleet.string()), "deep.fleet.json:3:73: ");
  }
}

TEST(HostileFile, DeepNestingInSiteDefaultsAndInlineFleetsIsExitTwo) {
  std::string fleet = slurp(kScenarios / "two-site.fleet.json");
  fleet.insert(fleet.find("\"site_defaults\": {") + 18, "\"x-deep\": " + nested(20000) + ", ");
  const fs::path path = write("deep-defaults.fleet.json", fleet);
  expect_refused(edgetwin("validate " + path.string()), "deep-defaults.fleet.json:");
  const std::string scenario =
      "{\"format\": \"edgetwin.scenario/v1\", \"name\": \"h\", \"fleet\": " + fleet +
      ", \"duration_s\": 10}";
  const fs::path inline_path = write("inline.scenario.json", scenario);
  expect_refused(edgetwin("run " + inline_path.string()), "inline.scenario.json:");
}

TEST(HostileFile, MegabytesOfInputAreExitTwoWithAPosition) {
  // 16 MiB of one string: over the file size limit.
  const fs::path big = write("big.fleet.json", "{\"x\": \"" + std::string(17u << 20, 'a') + "\"}");
  expect_refused(edgetwin("validate " + big.string()), "big.fleet.json:1:");
  // 8 MiB of small arrays: under the limit, every value indexed, one error at its position.
  std::string many = "[";
  for (int i = 0; i < 1000000; ++i) many += "[1],\n";
  const fs::path wide = write("wide.fleet.json", fleet_with(many + "[]]", "bad"));
  expect_refused(edgetwin("validate " + wide.string()), "wide.fleet.json:3:10: unknown field");
}

}  // namespace
