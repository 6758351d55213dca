#pragma once
// The container runtime of a simulated box.
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::sim {

// Containers deployed on a box; they run while the box is up (restart policy "always").
class SimRuntime final : public fw::Runtime {
 public:
  void start(const fw::ContainerSpec& spec) override;
  void stop(std::string_view name) override;
  std::vector<fw::ContainerStatus> containers() const override;
  fw::ProbeResult probe(std::string_view container, fw::ProbeKind kind) override;
  void set_powered(bool powered) { powered_ = powered; }

  // Faults (the fault injector's to call). A crash or a hang lasts until the container is
  // started again; a readiness failure lasts until cleared.
  void crash(std::string_view name) { crashed_.emplace(name); }
  void hang(std::string_view name) { hung_.emplace(name); }
  void fail_readiness(std::string_view name, bool failing);

 private:
  std::vector<fw::ContainerSpec> deployed_;  // sorted by name
  bool powered_ = false;
  std::set<std::string, std::less<>> crashed_;
  std::set<std::string, std::less<>> hung_;
  std::set<std::string, std::less<>> not_ready_;
};

}  // namespace edgetwin::sim
