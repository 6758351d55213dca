// `edgetwin fleet generate`: a realistic smart-community fleet on the default EdgeBox.
#include <initializer_list>
#include <vector>

#include "edgetwin/model/fleet_io.hpp"

namespace edgetwin::model {
namespace {

using OJson = nlohmann::ordered_json;

constexpr int kThreeDigitSitesMax = 999;

// Whole numbers, so the file reads "cpu": 2 rather than "cpu": 2.0.
OJson app(const char* version, int image_mib, int replicas, int cpu, int cpu_limit, int memory_mib,
          int memory_limit_mib, std::vector<int> ports) {
  OJson out;
  out["version"] = version;
  out["image_mib"] = image_mib;
  out["replicas"] = replicas;
  out["cpu"] = cpu;
  out["cpu_limit"] = cpu_limit;
  out["memory_mib"] = memory_mib;
  out["memory_limit_mib"] = memory_limit_mib;
  out["gpu"] = 0;
  out["ports"] = ports;
  return out;
}

// Requests per site: 26 CPUs, 44 GiB, 1 GPU, so one EdgeBox can carry a whole site when its
// peer is down (N-1), and the two boxes of a site hold the system twice over.
//
// Use over a residential community's day (t=0 is midnight): gates and car parks busy at the
// morning and evening rush, the database behind them alike, intercom and video analytics in
// the evening. At the busiest hour (18:00) a site wants about 31 CPUs, within one box's 40:
// its peak fits N-1 too. Video: 16 cameras at about 60 Mbit/s in all, 640 GiB a day kept 30
// days (18.75 TiB of the 24 TiB HDD); logs 200 MiB a day per app kept 7 days on the SSD.
OJson daily(std::initializer_list<double> factors) { return OJson(std::vector<double>(factors)); }

OJson rush_hours() {
  return daily({0.3, 0.2, 0.2, 0.2, 0.3, 0.5, 1.2, 2.0, 2.0, 1.2, 0.8, 0.8,
                1.0, 0.8, 0.8, 0.8, 1.0, 1.5, 2.0, 1.5, 1.2, 1.0, 0.6, 0.4});
}

OJson evening() {
  return daily({0.4, 0.3, 0.3, 0.3, 0.3, 0.4, 0.6, 0.8, 0.8, 0.8, 0.8, 0.8,
                0.8, 0.8, 0.8, 0.8, 1.0, 1.2, 1.5, 2.0, 2.0, 1.8, 1.2, 0.6});
}

OJson smart_community_apps() {
  OJson apps;
  apps["access-control"] = app("1.0", 600, 2, 2, 4, 2048, 4096, {8080});
  apps["access-control"]["priority"] = "critical";
  apps["access-control"]["use"] = {{"cpu", 1.5}, {"memory_mib", 2048}, {"profile", rush_hours()},
                                   {"log_mib_per_day", 200}};
  apps["parking"] = app("2.3", 450, 1, 2, 4, 2048, 4096, {8081});
  apps["parking"]["priority"] = "high";
  apps["parking"]["use"] = {{"cpu", 1.25}, {"memory_mib", 2048}, {"profile", rush_hours()},
                            {"log_mib_per_day", 200}};
  apps["intercom"] = app("1.4", 300, 2, 1, 2, 1024, 2048, {5060});
  apps["intercom"]["priority"] = "high";
  apps["intercom"]["use"] = {{"cpu", 0.6}, {"memory_mib", 1024}, {"profile", evening()},
                             {"log_mib_per_day", 200}};
  apps["video-analytics"] = app("5.0", 2400, 1, 8, 16, 16384, 32768, {8554});
  apps["video-analytics"]["gpu"] = 1;
  apps["video-analytics"]["use"] = {{"cpu", 6}, {"cpu_peak", 14}, {"memory_mib", 14000},
                                    {"profile", evening()}, {"log_mib_per_day", 200},
                                    {"video_gib_per_day", 640}, {"video_retention_days", 30}};
  apps["mysql"] = app("8.0", 500, 2, 4, 8, 8192, 16384, {3306});
  apps["mysql"]["data"] = "mysql-ha";
  apps["mysql"]["use"] = {{"cpu", 2.5}, {"cpu_peak", 6}, {"memory_mib", 7000},
                          {"profile", rush_hours()}, {"log_mib_per_day", 200}};
  apps["redis"] = app("7.0", 120, 2, 1, 2, 2048, 4096, {6379});
  apps["redis"]["data"] = "redis-ha";
  apps["redis"]["use"] = {{"cpu", 0.5}, {"cpu_peak", 1.5}, {"memory_mib", 1500},
                          {"profile", rush_hours()}, {"log_mib_per_day", 200}};
  return apps;
}

OJson site_defaults(int boxes_per_site) {
  OJson defaults;
  defaults["boxes"] = boxes_per_site;
  defaults["hardware"] = "edgebox";
  defaults["system"] = "smart-community";
  defaults["lan"] = {{"cidr", "192.168.1.0/24"}, {"gbps", 1}, {"latency_ms", 0.2}};
  defaults["service_cidr"] = "192.168.2.0/24";
  defaults["wan"] = {{"mbps", 100}, {"latency_ms", 30}};
  defaults["nas"] = {{"address", "192.168.1.250"}, {"path", "/export/edge"}};
  return defaults;
}

void add_ha_and_monitoring(OJson& fleet) {
  const Ha ha;
  fleet["ha"] = {{"advert_interval_ms", ha.advert_interval_ms},
                 {"preempt", ha.preempt},
                 {"witness", ha.witness},
                 {"replication", ha.replication},
                 {"semi_sync_timeout_ms", ha.semi_sync_timeout_ms},
                 {"priorities", ha.priorities}};
  const Monitoring monitoring;
  fleet["monitoring"] = {{"peer_interval_ms", monitoring.peer_interval_ms},
                         {"peer_timeout_ms", monitoring.peer_timeout_ms},
                         {"cloud_interval_ms", monitoring.cloud_interval_ms},
                         {"cloud_offline_after_ms", monitoring.cloud_offline_after_ms}};
}

}  // namespace

nlohmann::ordered_json generate_fleet(const GenerateOptions& options) {
  OJson fleet;
  fleet["format"] = "edgetwin.fleet/v1";
  fleet["name"] = options.name.empty() ? "fleet-" + std::to_string(options.sites) : options.name;
  fleet["hardware"]["edgebox"] = {
      {"cpus", 40}, {"memory_gib", 256}, {"ssd_gib", 480}, {"hdd_tib", 24}, {"gpus", 1}};
  fleet["apps"] = smart_community_apps();
  OJson system = OJson::array();
  for (const auto& [name, value] : fleet["apps"].items()) system.push_back(name);
  fleet["systems"]["smart-community"] = system;
  fleet["cloud"] = {{"egress_gbps", 10}, {"latency_ms", 5}};
  add_ha_and_monitoring(fleet);
  fleet["site_defaults"] = site_defaults(options.boxes_per_site);
  fleet["sites"] = OJson::array();
  fleet["generate"] = {{"count", options.sites},
                       {"name", options.sites > kThreeDigitSitesMax ? "s{:04}" : "s{:03}"}};
  return fleet;
}

}  // namespace edgetwin::model
