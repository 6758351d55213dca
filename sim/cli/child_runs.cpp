#include "child_runs.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <charconv>
#include <cstring>
#include <filesystem>
#include <string_view>

extern char** environ;

namespace edgetwin::cli {
namespace {

std::optional<std::uint64_t> parse_seed(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<SeedRange> parse_seed_range(const std::string& text, const std::string& option,
                                          std::string& error) {
  const auto dots = text.find("..");
  const auto first =
      dots == std::string::npos ? std::nullopt : parse_seed(std::string_view(text).substr(0, dots));
  const auto last = dots == std::string::npos ? std::nullopt
                                              : parse_seed(std::string_view(text).substr(dots + 2));
  if (!first || !last) {
    error =
        option + ": expected A..B with unsigned integers A <= B (e.g. 1..100), got '" + text + "'";
    return std::nullopt;
  }
  if (*first > *last) {
    error = option + ": the first seed " + std::to_string(*first) + " is after the last " +
            std::to_string(*last);
    return std::nullopt;
  }
  if (*last - *first >= kSeedsMax) {
    error = option + ": " + text + " is more than " + std::to_string(kSeedsMax) + " seeds";
    return std::nullopt;
  }
  return SeedRange{*first, *last - *first + 1};
}

std::optional<std::string> this_executable() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  return exe.string();
}

std::optional<pid_t> spawn_child(const std::string& exe, const std::vector<std::string>& args,
                                 const std::string& log, std::string& error) {
  std::vector<std::string> argv_text{exe};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    error = "cannot start " + exe + ": " + std::strerror(rc);
    return std::nullopt;
  }
  return pid;
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status))
    return "killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
           ::strsignal(WTERMSIG(status)) + ")";
  return "ended with wait status " + std::to_string(status);
}

}  // namespace edgetwin::cli
