#include "edgetwin/sim/engine/box_load.hpp"

#include <algorithm>
#include <cmath>

#include "edgetwin/model/load_share.hpp"
#include "edgetwin/model/site_placement.hpp"
#include "edgetwin/sim/engine/sim_node.hpp"

namespace edgetwin::sim {
namespace {

using Json = nlohmann::ordered_json;

constexpr double kMibPerGib = 1024;
constexpr double kGibPerTib = 1024;

double rounded(double v) { return std::round(v * 1000) / 1000; }

}  // namespace

BoxLoad::BoxLoad(const model::Fleet& fleet, EventLog& log, std::function<double()> now_s)
    : fleet_(fleet), log_(log), now_s_(std::move(now_s)) {
  for (const auto& site : fleet.sites)
    for (const auto& box : site.boxes) {
      site_of_[box.name] = site.name;
      Disks& disks = disks_[box.name];
      if (const auto hw = fleet.hardware.find(box.hardware); hw != fleet.hardware.end()) {
        disks.ssd_gib = hw->second.ssd_gib;
        disks.hdd_gib = hw->second.hdd_tib * kGibPerTib;
      }
    }
}

bool BoxLoad::over_memory(double t, const fw::ContainerSpec& spec) const {
  if (spec.memory_limit_mib <= 0) return false;  // no limit: nothing kills it
  const model::AppUse use = model::use_of(fleet_, spec);
  return model::memory_want_mib(use, model::hour_of_day(t)) > spec.memory_limit_mib;
}

void BoxLoad::log_oom(double t, const std::string& box, const fw::ContainerSpec& spec) {
  const model::AppUse use = model::use_of(fleet_, spec);
  log_.write(t, "container.oom", Json{{"site", site_of_.at(box)}, {"box", box}, {"by", "twin"}},
             Json{{"container", spec.name},
                  {"app", spec.app},
                  {"memory_use_mib", rounded(model::memory_want_mib(use, model::hour_of_day(t)))},
                  {"memory_limit_mib", rounded(spec.memory_limit_mib)}});
}

void BoxLoad::watch(const std::vector<SimNode*>& boxes) {
  for (SimNode* box : boxes)
    box->sim_runtime().set_over_memory([this, name = box->name()](const fw::ContainerSpec& spec) {
      const double t = now_s_();
      if (!over_memory(t, spec)) return false;
      log_oom(t, name, spec);
      return true;
    });
}

double BoxLoad::images_gib(const std::vector<fw::ContainerStatus>& containers) const {
  double mib = 0;
  for (const auto& c : containers) {
    if (c.state == fw::ContainerState::stopped) continue;
    if (const auto app = fleet_.apps.find(c.spec.app); app != fleet_.apps.end())
      mib += app->second.image_mib;
  }
  return mib / kMibPerGib;
}

DiskUse BoxLoad::disk_use(const std::string& box,
                          const std::vector<fw::ContainerStatus>& containers) const {
  const auto it = disks_.find(box);
  if (it == disks_.end()) return {};
  DiskUse use{images_gib(containers), 0};
  for (const auto& [name, gib] : it->second.logs_gib) use.ssd_gib += gib;
  for (const auto& [name, gib] : it->second.video_gib) use.hdd_gib += gib;
  return use;
}

void BoxLoad::fill(double t, const std::string& box, const char* disk, double capacity_gib,
                   double used_gib, bool& full) {
  if (full) return;
  full = true;
  log_.write(t, "disk.full", Json{{"site", site_of_.at(box)}, {"box", box}, {"by", "twin"}},
             Json{{"disk", disk},
                  {"capacity_gib", rounded(capacity_gib)},
                  {"wanted_gib", rounded(used_gib)}});
}

// Each running replica's writes since the previous tick, each kept for its retention. What a
// disk cannot take is not written (the increments shrink alike): the disk is full.
void BoxLoad::write(double t, SimNode& box, Disks& disks,
                    const std::vector<fw::ContainerStatus>& now) {
  const double days = (t - disks.last_tick_s) / kSecondsPerDay;
  std::map<std::string, double> logs_add, video_add;
  double logs_total = 0, video_total = 0;
  for (const auto& c : now) {
    if (c.state != fw::ContainerState::running) continue;
    const model::AppUse use = model::use_of(fleet_, c.spec);
    const double logs_cap = use.log_mib_per_day / kMibPerGib * use.log_retention_days;
    const double video_cap = use.video_gib_per_day * use.video_retention_days;
    double& logs = disks.logs_gib[c.spec.name];
    double& video = disks.video_gib[c.spec.name];
    logs_total += logs_add[c.spec.name] =
        std::max(0.0, std::min(logs + use.log_mib_per_day / kMibPerGib * days, logs_cap) - logs);
    video_total += video_add[c.spec.name] =
        std::max(0.0, std::min(video + use.video_gib_per_day * days, video_cap) - video);
  }
  const DiskUse before = disk_use(box.name(), now);
  auto scale = [](double capacity, double used, double add) {
    if (capacity <= 0 || add <= 0) return 1.0;  // not modelled, or nothing to write
    return std::clamp((capacity - used) / add, 0.0, 1.0);
  };
  const double logs_scale = scale(disks.ssd_gib, before.ssd_gib, logs_total);
  const double video_scale = scale(disks.hdd_gib, before.hdd_gib, video_total);
  for (const auto& [name, add] : logs_add) disks.logs_gib[name] += add * logs_scale;
  for (const auto& [name, add] : video_add) disks.video_gib[name] += add * video_scale;
  // Images alone may already exceed a small SSD: full as well.
  if (disks.ssd_gib > 0 && (logs_scale < 1 || before.ssd_gib > disks.ssd_gib)) {
    const bool was_full = disks.ssd_full;
    fill(t, box.name(), "ssd", disks.ssd_gib, before.ssd_gib + logs_total, disks.ssd_full);
    if (!was_full) box.set_disk_full(true);  // the firmware's durable writes fail from now on
  }
  if (disks.hdd_gib > 0 && video_scale < 1)
    fill(t, box.name(), "hdd", disks.hdd_gib, before.hdd_gib + video_total, disks.hdd_full);
}

void BoxLoad::tick(double t, SimNode& box) {
  Disks& disks = disks_.at(box.name());
  if (!box.powered()) {
    disks.last_tick_s = t;  // an unpowered box writes nothing
    return;
  }
  SimRuntime& runtime = box.sim_runtime();
  for (const auto& c : runtime.containers())
    if (c.state == fw::ContainerState::running && over_memory(t, c.spec)) {
      runtime.oom_kill(c.spec.name);
      log_oom(t, box.name(), c.spec);
    }
  write(t, box, disks, runtime.containers());
  disks.last_tick_s = t;
}

}  // namespace edgetwin::sim
