// `edgetwin` as a user's shell or CI job sees it: exit codes, error messages with positions,
// no half-written files, and byte-identical event streams for a seed.
#include <gtest/gtest.h>

#include "cli_runner.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

namespace {

namespace fs = std::filesystem;

using edgetwin::test::edgetwin;
using edgetwin::test::Outcome;
using edgetwin::test::scratch;
using edgetwin::test::slurp;

const std::string kData = EDGETWIN_TEST_DATA;

TEST(Cli, ValidateReportsEveryErrorAtItsLineAndColumn) {
  const Outcome o = edgetwin("validate " + kData + "/bad-box-name.fleet.json");
  EXPECT_EQ(o.status, 2);
  // The invalid name "Box_A" sits on line 15; the overlapping range on line 16.
  EXPECT_NE(o.out.find("bad-box-name.fleet.json:15:"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("Box_A"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("bad-box-name.fleet.json:16:"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("overlaps"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("(at /sites/"), std::string::npos) << o.out;
}

TEST(Cli, ValidateReportsASyntaxErrorAtItsPosition) {
  const Outcome o = edgetwin("validate " + kData + "/syntax-error.fleet.json");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.out.find("syntax-error.fleet.json:4:3:"), std::string::npos) << o.out;
}

TEST(Cli, ValidateAcceptsEveryBundledScenarioAndFleet) {
  std::string files;
  for (const auto& entry : fs::directory_iterator(EDGETWIN_SCENARIOS))
    if (entry.path().extension() == ".json") files += " " + entry.path().string();
  ASSERT_FALSE(files.empty());
  const Outcome o = edgetwin("validate" + files);
  EXPECT_EQ(o.status, 0) << o.out;
}

TEST(Cli, RunWithBadInputExitsTwoAndWritesNothing) {
  const fs::path result = scratch("bad.result.json");
  const fs::path events = scratch("bad.events.jsonl");
  const Outcome o = edgetwin("run " + kData + "/bad-fleet.scenario.json --result " +
                             result.string() + " --events " + events.string());
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.out.find("bad-box-name.fleet.json:15:"), std::string::npos) << o.out;
  EXPECT_FALSE(fs::exists(result));
  EXPECT_FALSE(fs::exists(events));
  EXPECT_FALSE(fs::exists(result.string() + ".tmp-" + std::to_string(::getpid())));
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(edgetwin("run").status, 2);
  EXPECT_EQ(edgetwin("no-such-command").status, 2);
  EXPECT_EQ(edgetwin("run " + kData + "/does-not-exist.scenario.json").status, 2);
}

TEST(Cli, RunPassesAndWritesResultV1) {
  const fs::path result = scratch("crash.result.json");
  const Outcome o = edgetwin("run " + kData + "/box-crash.scenario.json --result " + result.string());
  EXPECT_EQ(o.status, 0) << o.out;
  EXPECT_NE(o.out.find("PASSED"), std::string::npos);
  const std::string text = slurp(result);
  EXPECT_NE(text.find("\"format\": \"edgetwin.result/v1\""), std::string::npos);
  EXPECT_NE(text.find("\"assertions\""), std::string::npos);
}

TEST(Cli, FailedAssertionExitsOne) {
  // The same crash with a bound no heartbeat can meet.
  const fs::path scenario = scratch("strict.scenario.json");
  std::string text = slurp(kData + "/box-crash.scenario.json");
  text.replace(text.find("\"max\": 3.001"), 12, "\"max\": 0.5  ");
  text.replace(text.find("../../../scenarios/"), 19, std::string(EDGETWIN_SCENARIOS) + "/");
  std::ofstream(scenario) << text;
  const Outcome o = edgetwin("run " + scenario.string());
  EXPECT_EQ(o.status, 1) << o.out;
  EXPECT_NE(o.out.find("FAIL peer_detect_s max 0.500 site s001"), std::string::npos) << o.out;
}

TEST(Cli, SameSeedGivesByteIdenticalEventsAndAnotherSeedDoesNot) {
  const std::string scenario = kData + "/random-crashes.scenario.json";
  std::array<fs::path, 3> events{scratch("e1.jsonl"), scratch("e2.jsonl"), scratch("e3.jsonl")};
  ASSERT_LE(edgetwin("run " + scenario + " --events " + events[0].string()).status, 1);
  ASSERT_LE(edgetwin("run " + scenario + " --events " + events[1].string()).status, 1);
  ASSERT_LE(edgetwin("run " + scenario + " --seed 12 --events " + events[2].string()).status, 1);
  const std::string a = slurp(events[0]);
  EXPECT_GT(a.size(), 1000u);
  EXPECT_EQ(a, slurp(events[1]));
  EXPECT_NE(a, slurp(events[2]));
}

// The twin runs its heap on huge pages unless told not to (huge_page_heap.hpp): a speed
// matter only, so the events must not change with it.
TEST(Cli, HugePagesOnOrOffGiveByteIdenticalEvents) {
  const std::string scenario = kData + "/random-crashes.scenario.json";
  const fs::path on = scratch("huge-on.jsonl");
  const fs::path off = scratch("huge-off.jsonl");
  ASSERT_LE(edgetwin("run " + scenario + " --events " + on.string()).status, 1);
  ASSERT_EQ(::setenv("EDGETWIN_HUGE_PAGES", "0", 1), 0);  // this test's own process
  ASSERT_LE(edgetwin("run " + scenario + " --events " + off.string()).status, 1);
  ::unsetenv("EDGETWIN_HUGE_PAGES");
  EXPECT_GT(slurp(on).size(), 1000u);
  EXPECT_EQ(slurp(on), slurp(off));
}

TEST(Cli, BundledFleetIsWhatTheGeneratorWrites) {
  const fs::path generated = scratch("generated.fleet.json");
  ASSERT_EQ(edgetwin("fleet generate --sites 400 --name smart-community-400 -o " + generated.string()).status, 0);
  EXPECT_EQ(slurp(generated), slurp(std::string(EDGETWIN_SCENARIOS) + "/smart-community-400.fleet.json"))
      << "regenerate it with scripts/rehearse.sh";
}

TEST(Cli, EventsToStdoutArePureJsonLines) {
  const Outcome o = edgetwin("run " + kData + "/wan-cut.scenario.json --events - 2>/dev/null", false);
  std::istringstream lines(o.out);
  int n = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    ASSERT_EQ(line.rfind("{\"t\":", 0), 0u) << line;
  }
  EXPECT_GT(n, 10);
}

}  // namespace
