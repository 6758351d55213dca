// `edgetwin sweep` and `edgetwin run --junit` as a CI job sees them: exit codes, the files
// written (and, on bad input, not written), and what they say.
#include <gtest/gtest.h>

#include "cli_runner.hpp"
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

using edgetwin::test::edgetwin;
using edgetwin::test::Outcome;
using edgetwin::test::scratch;
using edgetwin::test::slurp;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

const std::string kData = EDGETWIN_TEST_DATA;
const std::string kCrash = kData + "/box-crash.scenario.json";

// The crash scenario with a peer-detection bound no heartbeat can meet.
fs::path strict_scenario() {
  const fs::path scenario = scratch("strict.scenario.json");
  std::string text = slurp(kCrash);
  text.replace(text.find("\"max\": 3.001"), 12, "\"max\": 0.5  ");
  text.replace(text.find("../../../scenarios/"), 19, std::string(EDGETWIN_SCENARIOS) + "/");
  std::ofstream(scenario) << text;
  return scenario;
}

TEST(SweepCli, FourSeedsTwoAtATimeWriteEveryResultAndTheAggregate) {
  const fs::path dir = scratch("sweep-ok");
  const Outcome o = edgetwin("sweep " + kCrash + " --seeds 1..4 --jobs 2 --out " + dir.string());
  ASSERT_EQ(o.status, 0) << o.out;
  for (int seed = 1; seed <= 4; ++seed) {
    const Json r = Json::parse(slurp(dir / ("seed-" + std::to_string(seed) + ".result.json")));
    EXPECT_EQ(r["seed"], seed);
  }
  const Json s = Json::parse(slurp(dir / "sweep.json"));
  EXPECT_EQ(s["format"], "edgetwin.sweep/v1");
  EXPECT_EQ(s["scenario"], "test-box-crash");
  EXPECT_EQ(s["seeds"], Json::array({1, 2, 3, 4}));
  EXPECT_TRUE(s["passed"].get<bool>());
  const Json& detect = s["metrics"]["peer_detect_s"];
  EXPECT_EQ(detect["seeds"], 4);
  EXPECT_LE(detect["min"].get<double>(), detect["p50"].get<double>());
  EXPECT_LE(detect["p50"].get<double>(), detect["max"].get<double>());
  ASSERT_EQ(s["assertions"].size(), 5u);
  for (const auto& a : s["assertions"]) EXPECT_EQ(a["failures"], 0) << a;
  EXPECT_NE(o.out.find("PASSED"), std::string::npos) << o.out;
}

TEST(SweepCli, FailedAssertionExitsOneAndListsTheFailingSeeds) {
  const fs::path dir = scratch("sweep-strict");
  const Outcome o = edgetwin("sweep " + strict_scenario().string() +
                             " --seeds 1..3 --jobs 2 --out " + dir.string());
  EXPECT_EQ(o.status, 1) << o.out;
  const Json s = Json::parse(slurp(dir / "sweep.json"));
  EXPECT_FALSE(s["passed"].get<bool>());
  EXPECT_EQ(s["failed_seeds"], Json::array({1, 2, 3}));
  EXPECT_EQ(s["assertions"][0]["expect"]["max"], 0.5);
  EXPECT_EQ(s["assertions"][0]["failures"], 3);
  EXPECT_EQ(s["assertions"][0]["failed_seeds"], Json::array({1, 2, 3}));
  EXPECT_EQ(s["assertions"][1]["failures"], 0);
  EXPECT_NE(o.out.find("FAIL [0]"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("(1, 2, 3)"), std::string::npos) << o.out;
}

TEST(SweepCli, BadSeedsOrJobsExitTwoAndWriteNothing) {
  const fs::path dir = scratch("sweep-bad");
  for (const std::string seeds : {"5..1", "1-4", "1..", "..4", "a..b", "1..10001",
                                  "0..18446744073709551615", "1..99999999999999999999", "1..2x"}) {
    const Outcome o = edgetwin("sweep " + kCrash + " --seeds " + seeds + " --out " + dir.string());
    EXPECT_EQ(o.status, 2) << seeds << ": " << o.out;
    EXPECT_NE(o.out.find("--seeds"), std::string::npos) << seeds << ": " << o.out;
    EXPECT_FALSE(fs::exists(dir)) << seeds;
  }
  EXPECT_EQ(edgetwin("sweep " + kCrash + " --seeds 1..2 --jobs 0 --out " + dir.string()).status, 2);
  EXPECT_EQ(edgetwin("sweep " + kCrash + " --seeds 1..2").status, 2);  // no --out
  EXPECT_FALSE(fs::exists(dir));
}

TEST(SweepCli, BadScenarioExitsTwoAndWritesNothing) {
  const fs::path dir = scratch("sweep-bad-scenario");
  const Outcome o =
      edgetwin("sweep " + kData + "/bad-fleet.scenario.json --seeds 1..2 --out " + dir.string());
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_NE(o.out.find("bad-box-name.fleet.json:15:"), std::string::npos) << o.out;
  EXPECT_FALSE(fs::exists(dir));
}

TEST(SweepCli, ASeedWithoutAResultExitsTwoWithoutAnAggregate) {
  // A non-empty directory where seed 2's result goes: that run cannot put its result in place.
  const fs::path dir = scratch("sweep-broken");
  fs::create_directories(dir / "seed-2.result.json" / "blocker");
  const Outcome o = edgetwin("sweep " + kCrash + " --seeds 1..3 --jobs 2 --out " + dir.string());
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_NE(o.out.find("seed-2.result.json"), std::string::npos) << o.out;
  EXPECT_FALSE(fs::exists(dir / "sweep.json"));
  for (const auto& entry : fs::directory_iterator(dir))
    EXPECT_EQ(entry.path().string().find(".tmp-"), std::string::npos) << entry.path();
}

TEST(SweepCli, RunJunitHasOneTestcasePerAssertion) {
  const fs::path junit = scratch("crash.junit.xml");
  ASSERT_EQ(edgetwin("run " + kCrash + " --junit " + junit.string()).status, 0);
  const std::string xml = slurp(junit);
  EXPECT_EQ(count(xml, "<testcase "), 5u) << xml;
  EXPECT_NE(xml.find("tests=\"5\" failures=\"0\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<property name=\"scenario\" value=\"test-box-crash\"/>"), std::string::npos);
  EXPECT_NE(xml.find("name=\"peer_detect_s max 3.001 site s001\" classname=\"test-box-crash\""),
            std::string::npos)
      << xml;
  EXPECT_EQ(count(xml, "<failure"), 0u);
}

TEST(SweepCli, RunJunitNamesTheFailedBound) {
  const fs::path junit = scratch("strict.junit.xml");
  ASSERT_EQ(edgetwin("run " + strict_scenario().string() + " --junit " + junit.string()).status, 1);
  const std::string xml = slurp(junit);
  EXPECT_EQ(count(xml, "<failure "), 1u) << xml;
  EXPECT_NE(xml.find("tests=\"5\" failures=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("message=\"peer_detect_s: actual "), std::string::npos) << xml;
  EXPECT_NE(xml.find("above max 0.5, worst site s001\""), std::string::npos) << xml;
}

TEST(SweepCli, RunJunitToABadPathExitsTwoBeforeRunning) {
  const Outcome o = edgetwin("run " + kCrash + " --junit /no-such-dir/x.xml");
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_NE(o.out.find("cannot write /no-such-dir/x.xml"), std::string::npos) << o.out;
}

}  // namespace
