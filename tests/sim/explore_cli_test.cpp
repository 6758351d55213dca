// `edgetwin explore` as QA calls it: the fault search must find the split brain a site without
// a witness really has, hand back a small scenario that reproduces it with `edgetwin run`, and
// refuse input it cannot use without writing anything.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace edgetwin::test {
namespace {

using Json = nlohmann::json;
const std::string kScenarios = EDGETWIN_SCENARIOS;

Json read_json(const fs::path& p) { return Json::parse(slurp(p)); }

// The control case: without a witness a LAN split (or a preemption after a reboot) makes two
// VIP holders. The search must find it within a few dozen seeds, shrink the schedule, and the
// written scenario must fail `edgetwin run` the same way, byte for byte on every run.
TEST(ExploreCli, FindsTheSplitBrainOfASiteWithoutAWitnessAndWritesAReproducingScenario) {
  const fs::path out = scratch("no-witness");
  const auto o =
      edgetwin("explore " + kScenarios +
               "/explore-no-witness.scenario.json --seeds 1..30 --jobs 2 --out " + out.string());
  ASSERT_EQ(o.status, 1) << o.out;
  const Json summary = read_json(out / "explore.json");
  ASSERT_FALSE(summary["failures"].empty()) << summary.dump(2);
  const Json& first = summary["failures"][0];
  EXPECT_EQ(first["failure"], "single_vip_holder") << first.dump(2);
  EXPECT_TRUE(first["shrunk"].get<bool>());
  EXPECT_LE(first["faults_kept"].get<int>(), first["faults_drawn"].get<int>());

  const fs::path found = out / first["scenario"].get<std::string>();
  const fs::path a = scratch("a.events"), b = scratch("b.events"), result = scratch("r.json");
  const auto run = edgetwin("run " + found.string() + " --events " + a.string() + " --result " +
                            result.string());
  EXPECT_EQ(run.status, 1) << run.out;
  const Json r = read_json(result);
  ASSERT_FALSE(r["violations"].empty());
  EXPECT_EQ(r["violations"][0]["invariant"], "single_vip_holder");
  EXPECT_EQ(r["violations"][0]["t"], first["violation"]["t"]);  // the same instant as in the search
  EXPECT_EQ(edgetwin("run " + found.string() + " --events " + b.string()).status, 1);
  EXPECT_EQ(slurp(a), slurp(b));

  // Shrunk: each fault left is needed (without it the run passes or fails otherwise).
  const Json doc = read_json(found);
  const std::size_t scripted = 0;  // the base scenario scripts no fault
  for (std::size_t i = scripted; i < doc["faults"].size(); ++i) {
    Json without = doc;
    without["faults"].erase(i);
    without["fleet"] =
        (found.parent_path() / doc["fleet"].get<std::string>()).lexically_normal().string();
    const fs::path candidate = scratch("without-" + std::to_string(i) + ".scenario.json");
    std::ofstream(candidate) << without.dump(2);
    const fs::path cr = scratch("without.json");
    const auto rerun =
        edgetwin("run " + candidate.string() + " --stop-at-violation --result " + cr.string());
    const bool same_failure = rerun.status == 1 && !read_json(cr)["violations"].empty() &&
                              read_json(cr)["violations"][0]["invariant"] == "single_vip_holder";
    EXPECT_FALSE(same_failure) << "fault " << i << " of " << found << " is not needed";
  }
}

TEST(ExploreCli, TheSameSeedDrawsTheSameSchedule) {
  const fs::path one = scratch("one"), two = scratch("two");
  const std::string base =
      "explore " + kScenarios + "/explore-two-site.scenario.json --seeds 7..8 --jobs 2 --out ";
  edgetwin(base + one.string());
  edgetwin(base + two.string());
  for (const char* seed : {"seed-7", "seed-8"}) {
    const auto first = slurp(one / "runs" / (std::string(seed) + ".scenario.json"));
    EXPECT_FALSE(first.empty());
    EXPECT_EQ(first, slurp(two / "runs" / (std::string(seed) + ".scenario.json")));
  }
  EXPECT_NE(slurp(one / "runs/seed-7.scenario.json"), slurp(one / "runs/seed-8.scenario.json"));
}

TEST(ExploreCli, InputItCannotUseExitsTwoAndWritesNothing) {
  const std::string scenario = kScenarios + "/explore-two-site.scenario.json";
  const struct {
    std::string args;
    std::string says;
  } cases[] = {
      {scenario + " --seeds 9..1", "--seeds: the first seed 9 is after the last 1"},
      {scenario + " --seeds x", "--seeds: expected A..B"},
      {kScenarios + "/data-async-replica-down-then-primary-crash.scenario.json --seeds 1..2",
       "too short to search"},
      {kScenarios + "/no-such.scenario.json --seeds 1..2", "no-such.scenario.json"},
  };
  for (const auto& c : cases) {
    const fs::path out = scratch("bad");
    const auto o = edgetwin("explore " + c.args + " --out " + out.string());
    EXPECT_EQ(o.status, 2) << c.args << "\n" << o.out;
    EXPECT_NE(o.out.find(c.says), std::string::npos) << o.out;
    EXPECT_FALSE(fs::exists(out)) << c.args;
  }
}

}  // namespace
}  // namespace edgetwin::test
