#pragma once
// What the Linux backend's tests against a stand-in shell script share: a temporary folder for
// the script and its record of calls, the test platform, a process runtime that runs the
// script's jobs, and a loop that reaps them and fires the platform's timers.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "clock_platform.hpp"
#include "edgetwin/linux/process_runtime.hpp"

namespace edgetwin::linux_box {

class StandInScriptTest : public ::testing::Test {
 protected:
  // Makes the test's folder from a mkdtemp pattern such as "edgetwin-data-XXXXXX".
  void make_dir(const char* pattern) {
    std::string path = (std::filesystem::temp_directory_path() / pattern).string();
    dir_ = mkdtemp(path.data());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // The events of one kind the platform was given, in order.
  std::vector<nlohmann::ordered_json> of(const std::string& kind) const {
    std::vector<nlohmann::ordered_json> out;
    for (const auto& [k, f] : platform_.emitted)
      if (k == kind) out.push_back(f);
    return out;
  }
  // Runs the loop (reaping jobs, firing timers) until `done` or `seconds` passed.
  template <class Done>
  void run_until(Done done, double seconds = 5) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!done() && std::chrono::steady_clock::now() < end) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      processes_.reap();
      platform_.fire_due();
    }
  }
  // What the script recorded: one line of arguments per call.
  std::string calls() const {
    std::ifstream in(dir_ + "/calls");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  std::string dir_;
  ClockPlatform platform_;
  ProcessRuntime processes_{RuntimeConfig{"box-t", "/tmp", {}, fw::Duration::seconds(1)},
                            CgroupLimits("edgetwin-test", "/nonexistent"),
                            [](std::string_view, nlohmann::ordered_json) {}};
};

}  // namespace edgetwin::linux_box
