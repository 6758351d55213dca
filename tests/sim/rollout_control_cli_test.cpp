// Scripted rollout control and a crashing cloud in the twin (issue 20, items 4 and 6): what the
// bundled scenarios claim, read from their event streams, and each stream identical for a seed.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace edgetwin::test {
namespace {

const std::string kScenarios = EDGETWIN_SCENARIOS;

std::vector<nlohmann::json> events_of_kind(const std::string& text, const std::string& kind) {
  std::vector<nlohmann::json> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line);
    if (j.value("kind", "") == kind) out.push_back(std::move(j));
  }
  return out;
}

// Runs the scenario twice with the same seed: it passes its `expect` entries and both event
// streams are the same bytes. Returns the stream.
std::string run_twice(const std::string& name) {
  const fs::path first = scratch(name + ".1.jsonl");
  const fs::path second = scratch(name + ".2.jsonl");
  const std::string scenario = kScenarios + "/" + name + ".scenario.json";
  const Outcome a = edgetwin("run " + scenario + " --events " + first.string());
  EXPECT_EQ(a.status, 0) << a.out;
  const Outcome b = edgetwin("run " + scenario + " --events " + second.string());
  EXPECT_EQ(b.status, 0) << b.out;
  const std::string text = slurp(first);
  EXPECT_GT(text.size(), 1000u);
  EXPECT_EQ(text, slurp(second)) << "the same seed gave another event stream";
  return text;
}

// (rollout, site) -> how many times the cloud ordered the site.
std::map<std::pair<int, std::string>, int> orders(const std::string& text) {
  std::map<std::pair<int, std::string>, int> out;
  for (const auto& e : events_of_kind(text, "rollout.site"))
    if (e.value("state", "") == "ordered")
      ++out[{e.value("rollout", 0), e.value("site", std::string())}];
  return out;
}

TEST(RolloutControl, ACloudCrashMidRolloutOrdersNoSiteTwice) {
  const std::string text = run_twice("rollout-cloud-crash");
  const auto restored = events_of_kind(text, "rollout.restored");
  ASSERT_EQ(restored.size(), 1u);
  EXPECT_EQ(restored[0].value("ready_sites", -1), 1);  // the canary, soaked before the crash
  EXPECT_EQ(restored[0].value("in_progress_sites", -1), 1);
  EXPECT_EQ(events_of_kind(text, "orchestration.restored").size(), 1u);
  EXPECT_EQ(events_of_kind(text, "rollout.start").size(), 1u) << "started over after the crash";
  const auto o = orders(text);
  ASSERT_EQ(o.size(), 2u);
  for (const auto& [site, count] : o) EXPECT_EQ(count, 1) << site.second << " ordered again";
  // The restarted cloud did not switch the canary again, nor take it back to 1.0.
  int switches = 0;
  for (const auto& e : events_of_kind(text, "app.op"))
    switches += e.value("site", "") == "s001" && e.value("t", 0.0) > 300 ? 1 : 0;
  EXPECT_EQ(switches, 0);
}

TEST(RolloutControl, RetryFailedOrdersTheFailedCanaryAgainAfterTheResume) {
  const std::string text = run_twice("rollout-retry-failed");
  ASSERT_EQ(events_of_kind(text, "rollout.retry").size(), 1u);
  const auto o = orders(text);
  EXPECT_EQ(o.at({1, "s001"}), 2);  // before its failure, and after the retry
  EXPECT_EQ(o.at({1, "s002"}), 1);
  // Held by the pause until the resume at 600 s.
  for (const auto& e : events_of_kind(text, "rollout.site")) {
    if (e.value("state", "") == "ordered" && e.value("t", 0.0) > 100) {
      EXPECT_GE(e.value("t", 0.0), 600.0) << e.dump();
    }
  }
}

TEST(RolloutControl, ASecondRolloutStartsAsAConsoleCommandOnceTheFirstIsOver) {
  const std::string text = run_twice("rollouts-fix-forward");
  bool started = false;
  for (const auto& e : events_of_kind(text, "rollout.command"))
    if (e.value("command", "") == "rollout_start")
      started = e.value("rollout", 0) == 2 && e.value("outcome", "") == "accepted";
  EXPECT_TRUE(started);
  for (const auto& e : events_of_kind(text, "app.flawed_start"))
    EXPECT_EQ(e.value("site", ""), "s001") << "only the canary ever ran 1.1";
  const auto o = orders(text);
  EXPECT_EQ(o.at({1, "s001"}), 1);
  EXPECT_FALSE(o.contains({1, "s002"}));
  EXPECT_EQ(o.at({2, "s001"}), 1);
  EXPECT_EQ(o.at({2, "s002"}), 1);
}

}  // namespace
}  // namespace edgetwin::test
