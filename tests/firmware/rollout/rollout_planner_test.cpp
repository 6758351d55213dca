#include "edgetwin/firmware/rollout/rollout_planner.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace edgetwin::fw {
namespace {

std::vector<std::string> site_names(int n) {
  std::vector<std::string> out;
  for (int i = 1; i <= n; ++i) out.push_back("s" + std::to_string(1000 + i).substr(1));
  return out;
}

Time at(int s) { return Time::from_ns(0) + Duration::seconds(s); }

RolloutPlan plan(int canary, int wave, int downloads, int pause_after) {
  return {"smart-community", "2.0", canary, wave, downloads, pause_after};
}

// Drives a planner: every handed-out download completes and the site becomes ready, except
// the sites in `failing`, one event per simulated second.
int run(RolloutPlanner& p, const std::vector<std::string>& failing, int& t) {
  int max_downloading = 0;
  for (int guard = 0; guard < 10'000 && p.state() == RolloutState::running; ++guard) {
    const auto started = p.next_downloads(at(t));
    max_downloading = std::max(max_downloading, p.downloading());
    if (started.empty()) break;
    for (const auto& s : started) {
      ++t;
      if (std::find(failing.begin(), failing.end(), s) != failing.end()) {
        p.on_failed(s, "image pull failed", at(t));
        continue;
      }
      p.on_downloaded(s, at(t));
      p.on_ready(s, at(t));
    }
  }
  return max_downloading;
}

TEST(RolloutPlanner, CanaryThenWavesWithinTheDownloadLimit) {
  RolloutPlanner p(plan(1, 50, 20, 2), site_names(400), at(0));
  ASSERT_EQ(p.waves().size(), 9u);  // 1 canary + 399 sites in waves of 50
  EXPECT_EQ(p.waves()[0].sites, std::vector<std::string>{"s001"});
  EXPECT_EQ(p.waves()[8].sites.size(), 49u);
  // Only the canary may start, however many slots there are.
  EXPECT_EQ(p.next_downloads(at(0)), std::vector<std::string>{"s001"});
  EXPECT_TRUE(p.next_downloads(at(0)).empty());
  p.on_downloaded("s001", at(5));
  p.on_ready("s001", at(6));
  const auto wave1 = p.next_downloads(at(6));
  ASSERT_EQ(wave1.size(), 20u);  // max_parallel_downloads
  EXPECT_EQ(wave1.front(), "s002");
  // Finished downloads free slots, but only within wave 1 until all of it is ready.
  for (const auto& s : wave1) p.on_downloaded(s, at(7));
  const auto more = p.next_downloads(at(7));
  ASSERT_EQ(more.size(), 20u);
  EXPECT_EQ(more.back(), "s041");
  for (const auto& s : wave1) p.on_ready(s, at(8));
  for (const auto& s : more) p.on_ready(s, at(8));  // a site that had the image already
  EXPECT_EQ(p.next_downloads(at(8)).size(), 10u);   // the rest of wave 1 (s042..s051)
  int t = 8;
  // Wave 1's last 10 sites are downloading; run() completes them and everything after.
  for (const auto& [name, site] : p.sites())
    if (site.state == SiteRollout::downloading)
      p.on_downloaded(name, at(t)), p.on_ready(name, at(t));
  EXPECT_LE(run(p, {}, t), 20);
  ASSERT_EQ(p.state(), RolloutState::done);
  EXPECT_EQ(p.failed(), 0);
  for (std::size_t w = 1; w < p.waves().size(); ++w)
    EXPECT_GE(*p.waves()[w].started_at, *p.waves()[w - 1].ended_at) << w;
  EXPECT_EQ(p.total(), at(t) - at(0));
  EXPECT_EQ(*p.sites().at("s001").ready_at, at(6));
}

TEST(RolloutPlanner, ACanaryFailurePausesTheRollout) {
  RolloutPlanner p(plan(2, 50, 100, 5), site_names(10), at(0));
  int t = 0;
  run(p, {"s002"}, t);
  EXPECT_EQ(p.state(), RolloutState::paused);
  EXPECT_EQ(p.paused_because(), "canary site s002 failed: image pull failed");
  EXPECT_TRUE(p.next_downloads(at(t)).empty());
  EXPECT_EQ(p.sites().at("s003").state, SiteRollout::waiting);
  ASSERT_TRUE(p.resume(at(t)));
  run(p, {}, t);
  EXPECT_EQ(p.state(), RolloutState::done);
  EXPECT_EQ(p.failed(), 1);
}

TEST(RolloutPlanner, PausesWhenKSitesFailAndCountsAgainAfterResume) {
  RolloutPlanner p(plan(0, 5, 5, 2), site_names(20), at(0));
  int t = 0;
  run(p, {"s002", "s004", "s007", "s012", "s013"}, t);
  EXPECT_EQ(p.state(), RolloutState::paused);
  EXPECT_NE(p.paused_because().find("2 sites failed, the last s004"), std::string::npos);
  ASSERT_TRUE(p.resume(at(t)));
  run(p, {"s007", "s012", "s013"}, t);  // s007 alone does not pause; s012 does
  EXPECT_EQ(p.state(), RolloutState::paused);
  EXPECT_NE(p.paused_because().find("the last s012"), std::string::npos);
  // s013 was already on its way in the same wave when the rollout paused: it finished (failed).
  EXPECT_EQ(p.failed(), 5);
  // The operator retries the failed sites and resumes: the rollout completes.
  for (const char* s : {"s002", "s004", "s007", "s012", "s013"}) EXPECT_TRUE(p.retry(s, at(t)));
  EXPECT_FALSE(p.retry("s001", at(t)));  // not failed
  ASSERT_TRUE(p.resume(at(t)));
  run(p, {}, t);
  EXPECT_EQ(p.state(), RolloutState::done);
  EXPECT_EQ(p.failed(), 0);
}

TEST(RolloutPlanner, AbortStartsNothingNewAndOperatorPauseHolds) {
  RolloutPlanner p(plan(1, 3, 10, 2), site_names(10), at(0));
  ASSERT_EQ(p.next_downloads(at(0)).size(), 1u);
  EXPECT_TRUE(p.pause(at(1)));
  p.on_downloaded("s001", at(2));
  p.on_ready("s001", at(3));  // under way: it finishes
  EXPECT_TRUE(p.next_downloads(at(3)).empty());
  EXPECT_EQ(p.state(), RolloutState::paused);
  ASSERT_TRUE(p.resume(at(4)));
  EXPECT_EQ(p.next_downloads(at(4)).size(), 3u);
  ASSERT_TRUE(p.abort(at(5)));
  EXPECT_TRUE(p.next_downloads(at(5)).empty());
  EXPECT_FALSE(p.resume(at(6)));
  EXPECT_EQ(p.sites().at("s010").state, SiteRollout::waiting);
  EXPECT_FALSE(p.total());
}

TEST(RolloutPlanner, ChecksPlans) {
  EXPECT_FALSE(RolloutPlanner::check(plan(1, 50, 100, 2), 400));
  EXPECT_TRUE(RolloutPlanner::check(plan(1, 0, 100, 2), 400));
  EXPECT_TRUE(RolloutPlanner::check(plan(1, 50, 0, 2), 400));
  EXPECT_TRUE(RolloutPlanner::check(plan(-1, 50, 100, 2), 400));
}

// A first deployment (docs/rollout.md, "First deployment"): a site whose boxes are not
// activated yet is held, keeps its place in its wave and is handed out once released; the
// wave after it waits for it, and the rollout is done only when every held site went through.
TEST(RolloutPlanner, AHeldSiteWaitsForItsReleaseAndKeepsItsWave) {
  RolloutPlanner p(plan(1, 2, 10, 2), site_names(3), at(0));
  p.hold("s001");
  p.hold("s003");
  p.hold("s999");  // not a site of the rollout: nothing to hold
  EXPECT_FALSE(p.held("s999"));
  EXPECT_TRUE(p.next_downloads(at(1)).empty()) << "the canary is not activated yet";
  p.release("s001");
  EXPECT_EQ(p.next_downloads(at(2)), std::vector<std::string>{"s001"});
  p.on_downloaded("s001", at(3));
  p.on_ready("s001", at(4));
  // Wave 1 (s002, s003) opens; only s002 may go while s003 is held.
  EXPECT_EQ(p.next_downloads(at(5)), std::vector<std::string>{"s002"});
  p.on_downloaded("s002", at(6));
  p.on_ready("s002", at(7));
  EXPECT_TRUE(p.next_downloads(at(8)).empty());
  EXPECT_EQ(p.state(), RolloutState::running);
  EXPECT_EQ(p.sites().at("s003").state, SiteRollout::queued);
  EXPECT_EQ(p.sites().at("s003").wave, 1);
  p.release("s003");
  EXPECT_EQ(p.next_downloads(at(90)), std::vector<std::string>{"s003"});
  p.on_downloaded("s003", at(91));
  p.on_ready("s003", at(92));
  EXPECT_EQ(p.state(), RolloutState::done);
  EXPECT_EQ(p.total(), Duration::seconds(92));
}

}  // namespace
}  // namespace edgetwin::fw
