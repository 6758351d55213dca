#pragma once
// The run result's `box_resources` (docs/formats-extensions.md): every kIntervalS of simulated
// time, per box, the CPU, memory and GPU requests, limits and simulated use of the containers
// on its runtime, as fractions of the box's capacity. Use: a running container wants its app's
// `use` at that hour of the day (model/load_profile.hpp; default its requests); CPU under
// contention is shared by fw::share_cpu (requests guaranteed, the idle rest lent up to the
// limits), memory is min(use, limit), a GPU is used by a running container that requests it;
// the SSD and HDD as the load clock fills them (engine/box_load.hpp). A powered-off box holds
// nothing but its disks.
//
// Compact for 800 boxes: distinct rows of fractions are stored once (`loads`), and each box
// lists (t, load index) pairs only at t=0 and when its load changed. `day`: each box's use at
// every hour of the day with the containers placed on it when the run ends, and its peak hour.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/base/resources.hpp"
#include "edgetwin/model/fleet.hpp"
#include "edgetwin/model/load_profile.hpp"

namespace edgetwin::sim {

class BoxResources {
 public:
  static constexpr double kIntervalS = 600;
  static constexpr std::size_t kLoadsMax = 4096;  // distinct rows kept; beyond: truncated

  explicit BoxResources(const model::Fleet& fleet);

  // The box's containers and disks at simulated time `t` (samples come in time order).
  void sample(double t, const std::string& box, const std::vector<fw::ContainerStatus>& containers,
              const model::DiskUse& disks = {});
  // The box's day as the run ends: the containers placed on it then (not stopped).
  void sample_day(const std::string& box, const std::vector<fw::ContainerStatus>& containers);
  nlohmann::ordered_json to_json() const;

 private:
  using Load = std::vector<double>;  // one value per column, fractions of capacity
  Load load_of(double t, const std::string& box,
               const std::vector<fw::ContainerStatus>& containers,
               const model::DiskUse& disks) const;
  int index_of(const Load& load);

  const model::Fleet& fleet_;
  std::map<std::string, fw::Resources> capacity_;
  std::vector<std::string> box_order_;  // fleet order, for the output
  std::vector<Load> loads_;
  std::map<Load, int> load_index_;
  std::map<std::string, std::vector<std::pair<double, int>>> series_;  // box -> (t, load)
  std::map<std::string, model::DiskUse> disk_capacity_;                       // GiB; 0: none
  // The day: distinct rows of 24 (cpu, memory) fractions, and per box (row, peak hour).
  std::vector<std::vector<std::vector<double>>> days_;
  std::map<std::vector<std::vector<double>>, int> day_index_;
  std::map<std::string, std::pair<int, int>> box_day_;
  bool truncated_ = false;
};

}  // namespace edgetwin::sim
