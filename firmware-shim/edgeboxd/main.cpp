// edgeboxd: the edgetwin firmware on a real box.
//   edgeboxd --config FILE         run a box or a site witness (see docs/edgeboxd.md)
//   edgeboxd --check-config FILE   parse and validate, then exit
//   edgeboxd setup --config FILE   the first-boot dialogue and activation, on the terminal
//   edgeboxd --help                this usage, on stdout, exit 0
#include <cstdio>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

#include "daemon.hpp"
#include "daemon_config.hpp"
#include "setup_console.hpp"

namespace {

constexpr int kExitUsage = 2;
constexpr int kExitFailure = 1;

constexpr const char* kUsage =
    "usage: edgeboxd --config FILE         run a box or a site witness\n"
    "       edgeboxd --check-config FILE   validate FILE, then exit (0 valid, 2 not)\n"
    "       edgeboxd setup --config FILE   first-boot dialogue and activation\n"
    "       edgeboxd --help                this text\n"
    "FILE is JSON (edgeboxd.config/v1, see docs/edgeboxd.md). A FILE holding a key must be\n"
    "readable by its owner only (chmod 600).\n";

// Asked for (--help): stdout and success, so scripts and packaging checks can use it. A
// usage mistake: stderr and exit 2.
int help() {
  std::fputs(kUsage, stdout);
  return 0;
}

int usage() {
  std::fputs(kUsage, stderr);
  return kExitUsage;
}

int run_setup(const std::string& path) {
  using namespace edgetwin::edgeboxd;
  auto config = load_daemon_config(path);
  if (!config) {
    std::fprintf(stderr, "edgeboxd: %s\n", config.error().c_str());
    return kExitUsage;
  }
  SetupConsole::block_signals();
  try {
    SetupConsole console(std::move(config.value()));
    return console.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "edgeboxd setup: %s\n", e.what());
    return kExitFailure;
  }
}

int run_daemon(const std::string& mode, const std::string& path) {
  using namespace edgetwin::edgeboxd;
  auto config = load_daemon_config(path);
  if (!config) {
    std::fprintf(stderr, "edgeboxd: %s\n", config.error().c_str());
    return kExitUsage;
  }
  if (mode == "--check-config") return 0;
  Daemon::block_signals();  // before any fd or child exists
  try {
    Daemon daemon(std::move(config.value()));
    return daemon.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "edgeboxd: %s\n", e.what());
    return kExitFailure;
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) return help();
  if (args.size() == 3 && args[0] == "setup" && args[1] == "--config") return run_setup(args[2]);
  if (args.size() == 2 && (args[0] == "--config" || args[0] == "--check-config"))
    return run_daemon(args[0], args[1]);
  return usage();
}
