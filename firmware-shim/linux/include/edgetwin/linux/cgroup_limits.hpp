#pragma once
// CPU and memory limits of a supervised container through cgroup v2 (cpu.max, memory.max),
// where the machine has it: a unified hierarchy at /sys/fs/cgroup whose root offers the cpu and
// memory controllers. Elsewhere (cgroup v1, a container without delegation) limits are not
// enforced, and available() == false with reason() saying why, so the daemon reports it.
#include <optional>
#include <string>

namespace edgetwin::linux_box {

class CgroupLimits {
 public:
  // `group` names this daemon's subtree, e.g. "edgeboxd-a" under the cgroup root.
  explicit CgroupLimits(std::string group, std::string root = "/sys/fs/cgroup");

  bool available() const { return available_; }
  const std::string& reason() const { return reason_; }
  // Creates (or reuses) the container's cgroup with the limits; the directory to join, or
  // nullopt when limits are unavailable or the cgroup could not be set up. A limit <= 0 means
  // none ("max").
  std::optional<std::string> prepare(const std::string& container, double cpu_limit,
                                     double memory_limit_mib);

 private:
  std::string root_;
  std::string group_dir_;
  bool available_ = false;
  std::string reason_;
};

// In a forked child before exec: moves the calling process into `cgroup_dir`.
bool join_cgroup(const std::string& cgroup_dir);

}  // namespace edgetwin::linux_box
