// Install time from the work done (DeployAgent::install_time): an image's bytes at the box's
// disk rate, then a start of each of the box's containers of that app.
#include <gtest/gtest.h>

#include "edgetwin/testing/test_keys.hpp"
#include "fixtures/site_fixture.hpp"

namespace edgetwin::testing {
namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;

// A site of two boxes whose disks unpack `disk_mib_per_s` (0: the fixed time per image), and a
// cloud that rolls out vision 5.1 (100 MiB) then parking 2.4 (50 MiB) at t = 10 s.
struct InstallSite {
  explicit InstallSite(double disk_mib_per_s) : network(3) {
    for (auto [self, peer] : {std::pair{"s001-a", "s001-b"}, std::pair{"s001-b", "s001-a"}}) {
      network.add_node(self, [this, self, peer, disk_mib_per_s](fw::Platform& p) {
        fw::BoxConfig config = box_config(self, peer, timing);
        config.disk_bytes_per_s = disk_mib_per_s * kMiB;
        return std::make_unique<fw::BoxAgent>(p, config);
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
      config.start_after = fw::Duration::seconds(10);
      cloud->set_rollout(config);
      return cloud;
    });
    for (const char* n : {"cloud", "s001-a", "s001-b"}) network.node(n).power_on();
  }
  // Seconds between box a's two installs: the second one's (parking's) install time.
  double parking_install_s() {
    network.run_for(fw::Duration::seconds(300));
    const auto installed = network.node("s001-a").recorded("app.version");
    EXPECT_EQ(installed.size(), 2u);
    if (installed.size() != 2) return -1;
    EXPECT_EQ(installed[1].fields["app"], "parking");
    return (installed[1].t - installed[0].t).to_seconds();
  }

  TestNetwork network;
  fw::HeartbeatTiming timing;
};

TEST(InstallTime, UnpackingCostsTheImageBytesAtTheDiskRate) {
  InstallSite fast(100);  // 50 MiB at 100 MiB/s
  EXPECT_NEAR(fast.parking_install_s(), 0.5, 1e-3);
  InstallSite slow(10);  // at 10 MiB/s
  EXPECT_NEAR(slow.parking_install_s(), 5.0, 1e-3);
}

TEST(InstallTime, EachContainerOfTheAppOnTheBoxAddsItsStart) {
  InstallSite site(100);
  const fw::ContainerSpec parking{"parking-0", "parking", 1, 2, 512, 1024, 0, "", true};
  site.network.node("s001-a").test_runtime().start(parking);
  site.network.node("s001-a").test_runtime().start(
      {"parking-1", "parking", 1, 2, 512, 1024, 0, "", true});
  // 0.5 s of unpacking, then two starts of 2 s (DeployAgentConfig::container_start).
  EXPECT_NEAR(site.parking_install_s(), 4.5, 1e-3);
}

TEST(InstallTime, WithoutADiskRateTheFixedTimePerImageApplies) {
  InstallSite site(0);
  EXPECT_NEAR(site.parking_install_s(), 5.0, 1e-3);  // DeployAgentConfig::install_per_image
}

}  // namespace
}  // namespace edgetwin::testing
