// Fleet-wide rollout: the cloud and box firmware deploying a version to a site over the test
// network (the planner's waves and limits are tested in rollout_planner_test.cpp).
#include <gtest/gtest.h>

#include "fixtures/site_fixture.hpp"
#include "edgetwin/testing/test_keys.hpp"

namespace edgetwin::testing {
namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;

// A site of two boxes and a cloud that rolls out two new images at t = 10 s.
struct RolloutSite {
  RolloutSite() : network(3) {
    for (auto [self, peer] : {std::pair{"s001-a", "s001-b"}, std::pair{"s001-b", "s001-a"}}) {
      network.add_node(self, [this, self, peer](fw::Platform& p) {
        return std::make_unique<fw::BoxAgent>(p, box_config(self, peer, timing));
      });
    }
    network.add_node("cloud", [this](fw::Platform& p) {
      auto cloud = std::make_unique<fw::CloudAgent>(
          p, std::vector<fw::CloudInventoryEntry>{{"s001-a", "s001"}, {"s001-b", "s001"}},
          timing.cloud_timeout, fw::ActivationServiceConfig{}, test_cloud_keys());
      fw::RolloutConfig config;
      config.plan.system = "smart-community";
      config.images = {{"vision", "5.1", 100 * kMiB}, {"parking", "2.4", 50 * kMiB}};
      config.sites = {{"s001", {"s001-a", "s001-b"}}};
      config.plan.pause_if_failed_sites = 1;
      config.start_after = fw::Duration::seconds(10);
      cloud->set_rollout(config);
      return cloud;
    });
  }
  void power_on_all() {
    for (const char* n : {"cloud", "s001-a", "s001-b"}) network.node(n).power_on();
  }
  TestPlatform& a() { return network.node("s001-a"); }
  TestPlatform& b() { return network.node("s001-b"); }
  TestPlatform& cloud() { return network.node("cloud"); }
  fw::BoxAgent& agent_a() { return static_cast<fw::BoxAgent&>(*a().agent()); }

  std::vector<std::string> site_states() {
    std::vector<std::string> out;
    for (const auto& e : cloud().recorded("rollout.site")) out.push_back(e.fields["state"]);
    return out;
  }

  TestNetwork network;
  fw::HeartbeatTiming timing;
};

TEST(Rollout, SiteDownloadsOnceOverTheWanAndThePeerPullsOverTheLan) {
  RolloutSite site;
  site.power_on_all();
  site.network.run_for(fw::Duration::seconds(300));
  EXPECT_EQ(site.site_states(), (std::vector<std::string>{"ordered", "ready"}));
  ASSERT_EQ(site.cloud().recorded("rollout.done").size(), 1u);
  // Each box pulled each image exactly once: box a from the cloud, box b from box a.
  EXPECT_EQ(site.a().pulled_bytes(), 150 * kMiB);
  EXPECT_EQ(site.b().pulled_bytes(), 150 * kMiB);
  EXPECT_EQ(site.b().recorded("deploy.order").at(0).fields["source"], "s001-a");
  for (auto* box : {&site.a(), &site.b()}) EXPECT_EQ(box->recorded("app.version").size(), 2u);
}

// A real box fetches the image itself (edgeboxd's registry pull): each pull names it, the app
// as the registry's repository and the version as its reference, with its expected size.
TEST(Rollout, EachPullNamesTheImageItsSourceAndItsSize) {
  RolloutSite site;
  site.power_on_all();
  site.network.run_for(fw::Duration::seconds(300));
  auto asked = [](TestPlatform& box) {
    std::vector<std::string> out;
    for (const auto& p : box.pulls_asked())
      out.push_back(p.source + " " + p.image.repository + ":" + p.image.reference + " " +
                    std::to_string(p.bytes / kMiB));
    return out;
  };
  EXPECT_EQ(asked(site.a()),
            (std::vector<std::string>{"cloud vision:5.1 100", "cloud parking:2.4 50"}));
  EXPECT_EQ(asked(site.b()),
            (std::vector<std::string>{"s001-a vision:5.1 100", "s001-a parking:2.4 50"}));
}

TEST(Rollout, RebootHalfWayResumesWithoutPullingAgainWhatIsOnDisk) {
  RolloutSite site;
  site.power_on_all();
  // At 12.5 MB/s the first image (104.9 MB) is on box a after about 18.4 s: stop it at 22 s.
  site.network.run_until(fw::Time::from_seconds(22));
  ASSERT_EQ(site.a().recorded("deploy.pulled").size(), 1u);
  site.a().power_off();
  site.network.run_for(fw::Duration::seconds(5));
  site.a().power_on();
  site.network.run_for(fw::Duration::seconds(300));
  EXPECT_EQ(site.a().recorded("deploy.resume").size(), 1u);
  EXPECT_EQ(site.a().pulled_bytes(), 150 * kMiB) << "the first image was not pulled twice";
  EXPECT_EQ(site.site_states(), (std::vector<std::string>{"ordered", "ready"}));
}

TEST(Rollout, WhenTheDownloaderDiesTheCloudOrdersTheOtherBox) {
  RolloutSite site;
  site.power_on_all();
  site.network.run_until(fw::Time::from_seconds(15));
  site.a().power_off();  // mid-download, for three minutes
  site.network.run_for(fw::Duration::seconds(180));
  ASSERT_FALSE(site.b().recorded("deploy.order").empty());
  EXPECT_EQ(site.b().recorded("deploy.order").at(0).fields["source"], "cloud")
      << "box b took over the download from the cloud";
  site.a().power_on();
  site.network.run_for(fw::Duration::seconds(300));
  EXPECT_EQ(site.site_states(), (std::vector<std::string>{"ordered", "ready"}));
  for (auto* box : {&site.a(), &site.b()}) EXPECT_EQ(box->recorded("app.version").size(), 2u);
}

TEST(Rollout, AfterTheCloudLostSightTheOtherBoxDoesNotStartASecondWanDownload) {
  RolloutSite site;
  site.power_on_all();
  site.a().set_pull_rate(1e6);  // 157 s for the two images
  site.b().set_pull_rate(1e6);
  site.network.run_until(fw::Time::from_seconds(15));
  // Box a's reports are lost: at 100 s the cloud gives up on it and orders box b, which still
  // hears box a over the LAN.
  site.network.partition("cloud", "s001-a");
  site.network.run_until(fw::Time::from_seconds(130));
  site.network.heal("cloud", "s001-a");
  site.network.run_for(fw::Duration::seconds(600));
  EXPECT_EQ(site.b().recorded("deploy.deferred").size(), 1u);
  ASSERT_FALSE(site.b().recorded("deploy.order").empty());
  EXPECT_EQ(site.b().recorded("deploy.order").at(0).fields["source"], "s001-a")
      << "box b waited for box a's copy instead of pulling over the WAN";
  EXPECT_EQ(site.site_states(), (std::vector<std::string>{"ordered", "ready"}));
}

TEST(Rollout, ASiteThatCannotPullFailsAndPausesTheRollout) {
  RolloutSite site;
  site.power_on_all();
  site.a().set_pulls_failing(true);
  site.b().set_pulls_failing(true);
  site.network.run_for(fw::Duration::seconds(3600));
  EXPECT_EQ(site.site_states(), (std::vector<std::string>{"ordered", "failed"}));
  EXPECT_EQ(site.cloud().recorded("rollout.paused").size(), 1u);
  EXPECT_TRUE(site.cloud().recorded("rollout.done").empty()) << "a paused rollout is not done";
}

// The operator's retry: the failed site is ordered again (a new order, timeout and verdict) once
// the rollout runs; a paused rollout holds it until resumed.
TEST(Rollout, RetryFailedOrdersTheFailedSiteAgainWhenTheRolloutRuns) {
  RolloutSite site;
  site.power_on_all();
  site.a().set_pulls_failing(true);
  site.b().set_pulls_failing(true);
  site.network.run_for(fw::Duration::seconds(3600));
  ASSERT_EQ(site.site_states(), (std::vector<std::string>{"ordered", "failed"}));
  site.a().set_pulls_failing(false);
  site.b().set_pulls_failing(false);
  auto& cloud = static_cast<fw::CloudAgent&>(*site.cloud().agent());
  // Retrying needs the deploy permission on every site of the rollout.
  const auto denied = cloud.console().rollout_retry_failed("bob");
  ASSERT_TRUE(denied);
  EXPECT_NE(denied->find("lacks the deploy permission"), std::string::npos) << *denied;
  ASSERT_EQ(cloud.console().rollout_retry_failed("admin"), std::nullopt);
  EXPECT_EQ(site.cloud().recorded("rollout.retry").size(), 1u);
  site.network.run_for(fw::Duration::seconds(300));
  EXPECT_EQ(site.site_states(), (std::vector<std::string>{"ordered", "failed"}))
      << "the paused rollout holds the retried site";
  ASSERT_EQ(cloud.console().rollout_resume("admin"), std::nullopt);
  site.network.run_for(fw::Duration::seconds(600));
  EXPECT_EQ(site.site_states(),
            (std::vector<std::string>{"ordered", "failed", "ordered", "ready"}));
  ASSERT_EQ(site.cloud().recorded("rollout.done").size(), 1u);
  EXPECT_EQ(site.cloud().recorded("rollout.done").at(0).fields["failed_sites"], 0);
  EXPECT_TRUE(cloud.rollout()->over());
  // Nothing failed any more: another retry has nothing to do.
  EXPECT_TRUE(cloud.console().rollout_retry_failed("admin"));
}

// The cloud crashes while the site downloads (issue 20, item 6): its boxes go on by themselves,
// and the restarted cloud resumes the rollout from its disk: the site is not ordered again, no
// image is pulled twice, and the rollout ends once.
TEST(Rollout, ACloudThatCrashedMidRolloutResumesWithoutOrderingTheSiteAgain) {
  RolloutSite site;
  site.power_on_all();
  site.network.run_until(fw::Time::from_seconds(15));  // ordered at 10 s, downloading
  ASSERT_EQ(site.site_states(), (std::vector<std::string>{"ordered"}));
  site.cloud().power_off();
  site.network.run_for(fw::Duration::seconds(30));
  site.cloud().power_on();
  site.network.run_for(fw::Duration::seconds(300));
  ASSERT_EQ(site.cloud().recorded("rollout.restored").size(), 1u);
  EXPECT_EQ(site.cloud().recorded("rollout.restored").at(0).fields["in_progress_sites"], 1);
  EXPECT_EQ(site.cloud().recorded("rollout.start").size(), 1u) << "not started over";
  EXPECT_EQ(site.site_states(), (std::vector<std::string>{"ordered", "ready"}));
  EXPECT_EQ(site.cloud().recorded("rollout.done").size(), 1u);
  EXPECT_EQ(site.a().pulled_bytes(), 150 * kMiB);
  EXPECT_EQ(site.b().pulled_bytes(), 150 * kMiB);
}

// A cloud that crashes after the rollout ended does not run it again when it restarts.
TEST(Rollout, ACloudRestartedAfterTheRolloutDoesNotRunItAgain) {
  RolloutSite site;
  site.power_on_all();
  site.network.run_for(fw::Duration::seconds(300));
  ASSERT_EQ(site.cloud().recorded("rollout.done").size(), 1u);
  site.cloud().power_off();
  site.network.run_for(fw::Duration::seconds(10));
  site.cloud().power_on();
  site.network.run_for(fw::Duration::seconds(300));
  EXPECT_EQ(site.site_states(), (std::vector<std::string>{"ordered", "ready"}));
  EXPECT_EQ(site.cloud().recorded("rollout.done").size(), 1u);
  EXPECT_EQ(site.a().pulled_bytes(), 150 * kMiB);
}

TEST(Rollout, MalformedOrdersAreDroppedAndCounted) {
  RolloutSite site;
  site.power_on_all();
  site.network.run_for(fw::Duration::seconds(1));
  const auto before = site.agent_a().inbox().malformed().total();
  site.network.inject("cloud", "s001-a",
                      seal_as(site.network, "cloud", "s001-a",
                              fw::encode_envelope(fw::MessageType::deploy_order, 1,
                                                  fw::Bytes(7, std::byte{0xff}))));
  site.network.run_for(fw::Duration::seconds(1));
  EXPECT_EQ(site.agent_a().inbox().malformed().total(), before + 1);
  EXPECT_TRUE(site.a().recorded("deploy.order").empty());
}

}  // namespace
}  // namespace edgetwin::testing
