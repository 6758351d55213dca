// The 400-site rollout takes as long as its links allow: the twin's rollout_total_s against a
// closed-form estimate from the image sizes, the wave plan and the bandwidths.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace edgetwin::test {
namespace {

using Json = nlohmann::json;

// Installing (DeployAgentConfig): the image's bytes at the disk's rate (the fleet hardware's
// `disk_mib_per_s`, 500 by default), then each of the box's containers of the app restarts.
constexpr double kDiskMibPerSDefault = 500;
constexpr double kContainerStartS = 2;

// Every site of a wave pulls the new images over its WAN link (sharing the cloud's egress
// with the other sites downloading at once), its peer then pulls them over the LAN while the
// downloader installs, then the peer installs: D + L + I per site, sites of a wave in
// parallel, at most `max_parallel_downloads` at a time.
double closed_form_rollout_s(const Json& scenario, const Json& fleet, int site_count) {
  const Json& r = scenario["rollout"];
  double bytes = 0;
  double replicas = 0;  // of the upgraded apps, per site
  for (const auto& [app, o] : r["apps"].items()) {
    if (o["version"] == fleet["apps"][app]["version"]) continue;
    bytes += o["image_mib"].get<double>() * 1024 * 1024;
    replicas += fleet["apps"][app].value("replicas", 1);
  }
  const double disk_bytes_per_s =
      fleet["hardware"]["edgebox"].value("disk_mib_per_s", kDiskMibPerSDefault) * 1024 * 1024;
  const int boxes = fleet["site_defaults"]["boxes"];
  // The peer installs last: unpacking, then its share of the replicas (spread evenly).
  const double install_s = bytes / disk_bytes_per_s + replicas / boxes * kContainerStartS;
  const double wan_bps = fleet["site_defaults"]["wan"]["mbps"].get<double>() * 1e6;
  const double lan_bps = fleet["site_defaults"]["lan"]["gbps"].get<double>() * 1e9;
  const double egress_bps = fleet["cloud"]["egress_gbps"].get<double>() * 1e9;
  const int canary = r["canary_sites"], wave = r["wave_sites"], parallel = r["max_parallel_downloads"];
  std::vector<int> waves{canary};
  for (int done = canary; done < site_count; done += wave) waves.push_back(std::min(wave, site_count - done));
  double total = 0;
  for (int sites : waves) {
    for (int left = sites; left > 0; left -= parallel) {  // rounds of at most `parallel` sites
      const int at_once = std::min(left, parallel);
      const double rate = std::min(wan_bps, egress_bps / at_once);
      total += bytes * 8 / rate + bytes * 8 / lan_bps + install_s;
    }
  }
  return total;
}

TEST(RolloutEstimate, FourHundredSitesFinishWithinFivePercentOfTheClosedForm) {
  const fs::path scenario_path = fs::path(EDGETWIN_SCENARIOS) / "rollout-400.scenario.json";
  const Json scenario = Json::parse(slurp(scenario_path));
  const Json fleet = Json::parse(slurp(fs::path(EDGETWIN_SCENARIOS) / scenario["fleet"].get<std::string>()));
  const int sites = fleet["generate"]["count"];
  const double estimate = closed_form_rollout_s(scenario, fleet, sites);

  const fs::path result_path = scratch("rollout-400.result.json");
  const Outcome run = edgetwin("run " + scenario_path.string() + " --result " + result_path.string());
  ASSERT_EQ(run.status, 0) << run.out;
  const Json metrics = Json::parse(slurp(result_path))["metrics"];
  const double actual = metrics["rollout_total_s"];
  EXPECT_NEAR(actual, estimate, 0.05 * estimate) << "closed form " << estimate << " s";
  EXPECT_EQ(metrics["rollout_waves"].size(), 5u);
  // Each site pulled the new images once over its WAN and once over its LAN.
  EXPECT_EQ(metrics["image_bytes_pulled"].get<double>(), 2.0 * sites * 4120 * 1024 * 1024);
}

}  // namespace
}  // namespace edgetwin::test
