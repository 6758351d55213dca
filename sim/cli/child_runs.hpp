#pragma once
// What `sweep` and `explore` share: seed ranges, and `edgetwin run` children (a SimGrid
// engine per process, so a crash in one seed cannot take the others down).
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace edgetwin::cli {

inline constexpr std::uint64_t kSeedsMax = 10000;

struct SeedRange {
  std::uint64_t first = 0;
  std::uint64_t count = 0;
};

// "A..B", both inclusive, A <= B, at most kSeedsMax seeds; nullopt and `error` otherwise.
// `option` names the option in the message.
std::optional<SeedRange> parse_seed_range(const std::string& text, const std::string& option,
                                          std::string& error);

// The running executable (/proc/self/exe), to start children of the same build.
std::optional<std::string> this_executable();

// Starts `exe args...` with stdin from /dev/null and stdout and stderr into `log` (N children
// on one terminal would be unreadable); nullopt and `error` when it cannot start.
std::optional<pid_t> spawn_child(const std::string& exe, const std::vector<std::string>& args,
                                 const std::string& log, std::string& error);

// "exited with status 3", "killed by signal 6 (Aborted)".
std::string describe_status(int status);

}  // namespace edgetwin::cli
