#include "edgetwin/sim/engine/lan_partitions.hpp"

namespace edgetwin::sim {

bool LanPartitions::blocked_by_split(const std::string& from, const std::string& to) const {
  auto a = site_of_.find(from);
  auto b = site_of_.find(to);
  if (a == site_of_.end() || b == site_of_.end() || a->second != b->second) return false;
  auto split = split_count_.find(a->second);
  return split != split_count_.end() && split->second > 0;
}

}  // namespace edgetwin::sim
