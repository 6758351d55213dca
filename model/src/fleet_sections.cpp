// The fleet-wide sections: hardware, apps, systems, cloud, ha, monitoring.
#include <algorithm>
#include <string>

#include "edgetwin/firmware/orchestration/desired_messages.hpp"
#include "fleet_parse.hpp"
#include "json_pointer.hpp"

namespace edgetwin::model {
namespace {

constexpr int kMaxPort = 65535;
constexpr int kMaxVrrpPriority = 254;  // 255 is reserved for the address owner (RFC 5798)
constexpr std::size_t kHoursPerDay = 24;

void read_one_hardware(Checker& checker, const Json& value, const std::string& pointer,
                       Hardware& hardware) {
  if (!checker.expect_object(value, pointer)) return;
  checker.check_keys(value, pointer,
                     {"cpus", "memory_gib", "ssd_gib", "hdd_tib", "gpus", "disk_mib_per_s"});
  hardware.cpus =
      checker.int_field(value, pointer, "cpus", Bound::kPositive, Need::kRequired).value_or(0);
  hardware.memory_gib =
      checker.number_field(value, pointer, "memory_gib", Bound::kPositive, Need::kRequired)
          .value_or(0);
  hardware.ssd_gib =
      checker.number_field(value, pointer, "ssd_gib", Bound::kNonNegative, Need::kOptional)
          .value_or(0);
  hardware.hdd_tib =
      checker.number_field(value, pointer, "hdd_tib", Bound::kNonNegative, Need::kOptional)
          .value_or(0);
  hardware.gpus =
      checker.int_field(value, pointer, "gpus", Bound::kNonNegative, Need::kOptional).value_or(0);
  hardware.disk_mib_per_s =
      checker.number_field(value, pointer, "disk_mib_per_s", Bound::kPositive, Need::kOptional)
          .value_or(Hardware::kDiskMibPerSDefault);
}

// `profile`: exactly 24 non-negative factors, one per hour of the day.
void read_use_profile(Checker& checker, const Json& use, const std::string& pointer,
                      AppUse& out) {
  const Json* profile = checker.array_field(use, pointer, "profile", Need::kOptional);
  if (profile == nullptr) return;
  const std::string profile_pointer = child_pointer(pointer, "profile");
  if (profile->size() != kHoursPerDay) {
    checker.error(profile_pointer, "profile must hold 24 hourly factors, not " +
                                       std::to_string(profile->size()));
    return;
  }
  for (std::size_t i = 0; i < profile->size(); ++i)
    out.profile.push_back(
        checker.number_value((*profile)[i], child_pointer(profile_pointer, i), Bound::kNonNegative)
            .value_or(0));
}

// `peak_hours`: hours of the day 0-23, each at most once.
void read_peak_hours(Checker& checker, const Json& use, const std::string& pointer, AppUse& out) {
  const Json* hours = checker.array_field(use, pointer, "peak_hours", Need::kOptional);
  if (hours == nullptr) return;
  const std::string hours_pointer = child_pointer(pointer, "peak_hours");
  for (std::size_t i = 0; i < hours->size(); ++i) {
    const std::string at = child_pointer(hours_pointer, i);
    const auto hour = checker.int_value((*hours)[i], at, Bound::kNonNegative);
    if (!hour) continue;
    if (*hour >= static_cast<int>(kHoursPerDay))
      checker.error(at, "an hour of the day must be 0-23, not " + std::to_string(*hour));
    else if (std::find(out.peak_hours.begin(), out.peak_hours.end(), *hour) !=
             out.peak_hours.end())
      checker.error(at, "hour " + std::to_string(*hour) + " is listed twice");
    else
      out.peak_hours.push_back(*hour);
  }
  std::sort(out.peak_hours.begin(), out.peak_hours.end());
}

void read_app_use(Checker& checker, const Json& app, const std::string& pointer, App& out) {
  // What the simulation consumes defaults to the requests (peak: the limit).
  out.use.cpu = out.cpu;
  out.use.cpu_peak = out.cpu_limit;
  out.use.memory_mib = out.memory_mib;
  out.use.memory_peak_mib = out.memory_mib;
  const Json* use = checker.object_field(app, pointer, "use", Need::kOptional);
  if (use == nullptr) return;
  const std::string use_pointer = child_pointer(pointer, "use");
  checker.check_keys(*use, use_pointer,
                     {"cpu", "cpu_peak", "memory_mib", "profile", "peak_hours", "memory_peak_mib",
                      "log_mib_per_day", "log_retention_days", "video_gib_per_day",
                      "video_retention_days"});
  auto number = [&](std::string_view key, double fallback) {
    return checker.number_field(*use, use_pointer, key, Bound::kNonNegative, Need::kOptional)
        .value_or(fallback);
  };
  out.use.cpu = number("cpu", out.cpu);
  out.use.cpu_peak = number("cpu_peak", out.cpu_limit);
  out.use.memory_mib = number("memory_mib", out.memory_mib);
  read_use_profile(checker, *use, use_pointer, out.use);
  read_peak_hours(checker, *use, use_pointer, out.use);
  out.use.memory_peak_mib = number("memory_peak_mib", out.use.memory_mib);
  if (use->contains("memory_peak_mib") && out.use.peak_hours.empty())
    checker.error(child_pointer(use_pointer, "memory_peak_mib"),
                  "memory_peak_mib needs peak_hours (the hours it applies at)");
  out.use.log_mib_per_day = number("log_mib_per_day", 0);
  out.use.log_retention_days = number("log_retention_days", out.use.log_retention_days);
  out.use.video_gib_per_day = number("video_gib_per_day", 0);
  out.use.video_retention_days = number("video_retention_days", out.use.video_retention_days);
}

void read_ports(Checker& checker, const Json& app, const std::string& pointer, App& out) {
  const Json* ports = checker.array_field(app, pointer, "ports", Need::kOptional);
  if (ports == nullptr) return;
  for (std::size_t i = 0; i < ports->size(); ++i) {
    const std::string port_pointer = child_pointer(child_pointer(pointer, "ports"), i);
    const auto port = checker.int_value((*ports)[i], port_pointer, Bound::kPositive);
    if (port && *port > kMaxPort) checker.error(port_pointer, "port must be 1-65535");
    if (port && *port <= kMaxPort) out.ports.push_back(*port);
  }
}

// A limit defaults to its request and may not be below it.
double read_limit(Checker& checker, const Json& app, const std::string& pointer,
                  std::string_view key, double request) {
  const auto limit = checker.number_field(app, pointer, key, Bound::kPositive, Need::kOptional);
  if (!limit) return request;
  if (*limit < request) {
    checker.error(child_pointer(pointer, key), std::string(key) + " " + format_number(*limit) +
                                                   " is below the request " +
                                                   format_number(request));
  }
  return *limit;
}

void read_one_app(Checker& checker, const Json& app, const std::string& pointer, App& out) {
  if (!checker.expect_object(app, pointer)) return;
  checker.check_keys(app, pointer,
                     {"version", "image_mib", "replicas", "cpu", "cpu_limit", "memory_mib",
                      "memory_limit_mib", "gpu", "ports", "priority", "data", "use", "approval"});
  out.version = checker.string_field(app, pointer, "version", Need::kRequired).value_or("");
  out.image_mib = checker.number_field(app, pointer, "image_mib", Bound::kPositive, Need::kRequired)
                      .value_or(0);
  out.replicas =
      checker.int_field(app, pointer, "replicas", Bound::kPositive, Need::kOptional).value_or(1);
  out.cpu =
      checker.number_field(app, pointer, "cpu", Bound::kPositive, Need::kRequired).value_or(0);
  out.memory_mib =
      checker.number_field(app, pointer, "memory_mib", Bound::kPositive, Need::kRequired)
          .value_or(0);
  out.cpu_limit = read_limit(checker, app, pointer, "cpu_limit", out.cpu);
  out.memory_limit_mib = read_limit(checker, app, pointer, "memory_limit_mib", out.memory_mib);
  out.gpu =
      checker.int_field(app, pointer, "gpu", Bound::kNonNegative, Need::kOptional).value_or(0);
  out.priority = checker.string_field(app, pointer, "priority", Need::kOptional).value_or("");
  out.data =
      checker.enum_field(app, pointer, "data", {"mysql-ha", "redis-ha", "nas"}, Need::kOptional)
          .value_or("");
  out.approval = checker.bool_field(app, pointer, "approval", Need::kOptional).value_or(false);
  read_ports(checker, app, pointer, out);
  read_app_use(checker, app, pointer, out);
}

}  // namespace

void read_hardware(Checker& checker, const Json& doc, Fleet& fleet) {
  const Json* section = checker.object_field(doc, "", "hardware", Need::kRequired);
  if (section == nullptr) return;
  for (const auto& [name, value] : section->items()) {
    Hardware hardware;
    hardware.name = name;
    read_one_hardware(checker, value, child_pointer("/hardware", name), hardware);
    fleet.hardware[name] = hardware;
  }
}

void read_apps(Checker& checker, const Json& doc, Fleet& fleet) {
  const Json* section = checker.object_field(doc, "", "apps", Need::kRequired);
  if (section == nullptr) return;
  for (const auto& [name, value] : section->items()) {
    App app;
    app.name = name;
    read_one_app(checker, value, child_pointer("/apps", name), app);
    fleet.apps[name] = app;
  }
}

void read_systems(Checker& checker, const Json& doc, Fleet& fleet) {
  const Json* section = checker.object_field(doc, "", "systems", Need::kRequired);
  if (section == nullptr) return;
  for (const auto& [name, value] : section->items()) {
    const std::string pointer = child_pointer("/systems", name);
    auto& apps = fleet.systems[name];
    if (!checker.expect_array(value, pointer)) continue;
    for (std::size_t i = 0; i < value.size(); ++i) {
      const std::string item_pointer = child_pointer(pointer, i);
      const auto app = checker.string_value(value[i], item_pointer);
      if (!app) continue;
      if (fleet.apps.count(*app) == 0) {
        checker.error(item_pointer, "unknown app '" + *app + "' (not defined in /apps)");
      }
      apps.push_back(*app);
    }
    // Every site of this system holds all its replicas in one desired state, which the cloud
    // can send up to a bound: said here, not as a site that never deploys.
    std::size_t containers = 0;
    for (const auto& app : apps)
      if (const auto it = fleet.apps.find(app); it != fleet.apps.end())
        containers += static_cast<std::size_t>(std::max(it->second.replicas, 0));
    if (containers > fw::kDesiredContainersMax)
      checker.error(pointer, "system '" + name + "' needs " + std::to_string(containers) +
                                 " containers per site (replicas of its apps), more than the " +
                                 std::to_string(fw::kDesiredContainersMax) +
                                 " one site's desired state may hold");
  }
}

void read_cloud(Checker& checker, const Json& doc, Fleet& fleet) {
  const Json* cloud = checker.object_field(doc, "", "cloud", Need::kOptional);
  if (cloud == nullptr) return;
  checker.check_keys(*cloud, "/cloud", {"egress_gbps", "latency_ms", "activations_per_s",
                                        "activation_burst", "activation_init_s"});
  fleet.cloud.egress_gbps =
      checker.number_field(*cloud, "/cloud", "egress_gbps", Bound::kPositive, Need::kOptional)
          .value_or(fleet.cloud.egress_gbps);
  fleet.cloud.latency_ms =
      checker.number_field(*cloud, "/cloud", "latency_ms", Bound::kNonNegative, Need::kOptional)
          .value_or(fleet.cloud.latency_ms);
  auto positive = [&](const char* key, double& out) {
    out = checker.number_field(*cloud, "/cloud", key, Bound::kPositive, Need::kOptional)
              .value_or(out);
  };
  positive("activations_per_s", fleet.cloud.activations_per_s);
  positive("activation_burst", fleet.cloud.activation_burst);
  positive("activation_init_s", fleet.cloud.activation_init_s);
}

void read_ha(Checker& checker, const Json& doc, Fleet& fleet) {
  const Json* ha = checker.object_field(doc, "", "ha", Need::kOptional);
  if (ha == nullptr) return;
  const std::string p = "/ha";
  Ha& out = fleet.ha;
  checker.check_keys(*ha, p,
                     {"advert_interval_ms", "preempt", "witness", "replication",
                      "semi_sync_timeout_ms", "priorities", "preempt_delay_ms", "auth",
                      "track_weight"});
  out.advert_interval_ms =
      checker.int_field(*ha, p, "advert_interval_ms", Bound::kPositive, Need::kOptional)
          .value_or(out.advert_interval_ms);
  // VRRPv3 carries the interval in centiseconds, in 12 bits.
  if (out.advert_interval_ms % 10 != 0 || out.advert_interval_ms > 40950)
    checker.error("/ha/advert_interval_ms",
                  "advert_interval_ms must be a multiple of 10 up to 40950 (VRRPv3 counts "
                  "centiseconds in 12 bits)");
  out.preempt_delay_ms =
      checker.int_field(*ha, p, "preempt_delay_ms", Bound::kNonNegative, Need::kOptional)
          .value_or(out.preempt_delay_ms);
  out.auth = checker.enum_field(*ha, p, "auth", {"none", "hmac-sha256"}, Need::kOptional)
                 .value_or(out.auth);
  out.track_weight = checker.int_field(*ha, p, "track_weight", Bound::kAny, Need::kOptional)
                         .value_or(out.track_weight);
  if (out.track_weight < -254 || out.track_weight > 254)
    checker.error("/ha/track_weight", "track_weight must be between -254 and 254");
  out.preempt = checker.bool_field(*ha, p, "preempt", Need::kOptional).value_or(out.preempt);
  out.witness = checker.enum_field(*ha, p, "witness", {"nas", "cloud", "none"}, Need::kOptional)
                    .value_or(out.witness);
  out.replication =
      checker.enum_field(*ha, p, "replication", {"semi-sync", "async"}, Need::kOptional)
          .value_or(out.replication);
  out.semi_sync_timeout_ms =
      checker.int_field(*ha, p, "semi_sync_timeout_ms", Bound::kPositive, Need::kOptional)
          .value_or(out.semi_sync_timeout_ms);
  const Json* priorities = checker.array_field(*ha, p, "priorities", Need::kOptional);
  if (priorities == nullptr) return;
  if (priorities->empty()) checker.error("/ha/priorities", "expected at least one priority");
  std::vector<int> values;
  for (std::size_t i = 0; i < priorities->size(); ++i) {
    const std::string item = child_pointer("/ha/priorities", i);
    const auto value = checker.int_value((*priorities)[i], item, Bound::kPositive);
    if (value && *value > kMaxVrrpPriority) checker.error(item, "VRRP priority must be 1-254");
    if (value) values.push_back(*value);
  }
  if (!values.empty()) out.priorities = values;
}

void read_monitoring(Checker& checker, const Json& doc, Fleet& fleet) {
  const Json* section = checker.object_field(doc, "", "monitoring", Need::kOptional);
  if (section == nullptr) return;
  Monitoring& out = fleet.monitoring;
  const std::string p = "/monitoring";
  checker.check_keys(
      *section, p,
      {"peer_interval_ms", "peer_timeout_ms", "cloud_interval_ms", "cloud_offline_after_ms"});
  auto read = [&](std::string_view key, int& field) {
    field = checker.int_field(*section, p, key, Bound::kPositive, Need::kOptional).value_or(field);
  };
  read("peer_interval_ms", out.peer_interval_ms);
  read("peer_timeout_ms", out.peer_timeout_ms);
  read("cloud_interval_ms", out.cloud_interval_ms);
  read("cloud_offline_after_ms", out.cloud_offline_after_ms);
}

}  // namespace edgetwin::model
