#include "edgetwin/linux/cgroup_limits.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <fstream>
#include <sstream>

namespace edgetwin::linux_box {
namespace {

constexpr long kCpuPeriodUs = 100'000;  // the kernel's default cfs period

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool write_text(const std::string& path, const std::string& text) {
  const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  return ok;
}

bool has_word(const std::string& list, const std::string& word) {
  std::istringstream in(list);
  for (std::string w; in >> w;)
    if (w == word) return true;
  return false;
}

bool make_dir(const std::string& path) { return mkdir(path.c_str(), 0755) == 0 || errno == EEXIST; }

}  // namespace

CgroupLimits::CgroupLimits(std::string group, std::string root)
    : root_(std::move(root)), group_dir_(root_ + "/" + group) {
  const std::string controllers = read_text(root_ + "/cgroup.controllers");
  if (controllers.empty()) {
    reason_ = "no cgroup v2 hierarchy at " + root_ + " (cgroup v1 or not mounted)";
    return;
  }
  if (!has_word(controllers, "cpu") || !has_word(controllers, "memory")) {
    reason_ = "cgroup v2 at " + root_ + " offers no cpu/memory controllers (not delegated)";
    return;
  }
  // Controllers must be enabled on every ancestor; a cgroup with member processes cannot
  // enable them for children, which is why the daemon's groups live beside it, not below it.
  if (!write_text(root_ + "/cgroup.subtree_control", "+cpu +memory") || !make_dir(group_dir_) ||
      !write_text(group_dir_ + "/cgroup.subtree_control", "+cpu +memory")) {
    reason_ = "cannot enable cpu/memory controllers under " + root_ + " (no permission?)";
    return;
  }
  available_ = true;
}

std::optional<std::string> CgroupLimits::prepare(const std::string& container, double cpu_limit,
                                                 double memory_limit_mib) {
  if (!available_) return std::nullopt;
  const std::string dir = group_dir_ + "/" + container;
  if (!make_dir(dir)) return std::nullopt;
  const std::string cpu = cpu_limit > 0 ? std::to_string(std::lround(cpu_limit * kCpuPeriodUs)) +
                                              " " + std::to_string(kCpuPeriodUs)
                                        : "max " + std::to_string(kCpuPeriodUs);
  const std::string memory =
      memory_limit_mib > 0 ? std::to_string(std::llround(memory_limit_mib * 1024 * 1024)) : "max";
  if (!write_text(dir + "/cpu.max", cpu) || !write_text(dir + "/memory.max", memory))
    return std::nullopt;
  return dir;
}

bool join_cgroup(const std::string& cgroup_dir) {
  return write_text(cgroup_dir + "/cgroup.procs", "0");  // "0": the writing process
}

}  // namespace edgetwin::linux_box
