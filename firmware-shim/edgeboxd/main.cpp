// edgeboxd: the edgetwin firmware on a real box.
//   edgeboxd --config FILE         run a box or a site witness (see docs/edgeboxd.md)
//   edgeboxd --check-config FILE   parse and validate, then exit
//   edgeboxd setup --config FILE   the first-boot dialogue and activation, on the terminal
//   edgeboxd pull --registry URL --image REPO:REF --state-dir DIR
//                                  one image over the OCI distribution API (oci_pull.hpp)
//   edgeboxd --help                this usage, on stdout, exit 0
#include <cstdio>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

#include "daemon.hpp"
#include "daemon_config.hpp"
#include "edgetwin/linux/endpoint.hpp"
#include "edgetwin/linux/image_puller.hpp"
#include "edgetwin/linux/oci_pull.hpp"
#include "edgetwin/linux/oci_serve.hpp"
#include "setup_console.hpp"

namespace {

constexpr int kExitUsage = 2;
constexpr int kExitFailure = 1;

constexpr const char* kUsage =
    "usage: edgeboxd --config FILE         run a box or a site witness\n"
    "       edgeboxd --check-config FILE   validate FILE, then exit (0 valid, 2 not)\n"
    "       edgeboxd setup --config FILE   first-boot dialogue and activation\n"
    "       edgeboxd pull --registry URL --image REPO:REF --state-dir DIR\n"
    "                                      one image from an OCI registry (exit 0 pulled, 1 not)\n"
    "       edgeboxd serve-images --listen IP:PORT --state-dir DIR\n"
    "                                      the images pulled into DIR, to the site's peer\n"
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
  config.value().platform.images.puller = edgetwin::linux_box::self_executable();
  Daemon::block_signals();  // before any fd or child exists
  try {
    Daemon daemon(std::move(config.value()));
    return daemon.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "edgeboxd: %s\n", e.what());
    return kExitFailure;
  }
}

// Events as JSON lines on stdout (the daemon's schema without site and box: `t` is absent, the
// caller stamps them); exit 0 when the image is complete under DIR, 1 when a step failed (its
// `pull.<error>` event says which; the partial bytes of a cut are kept for the next try).
int run_pull(const std::vector<std::string>& args) {
  edgetwin::linux_box::OciPullRequest request;
  std::string image;
  for (std::size_t i = 1; i + 1 < args.size(); i += 2) {
    if (args[i] == "--registry")
      request.registry = args[i + 1];
    else if (args[i] == "--image")
      image = args[i + 1];
    else if (args[i] == "--state-dir")
      request.state_dir = args[i + 1];
    else
      return usage();
  }
  // REPO:TAG or REPO@sha256:HEX; the repository itself has no ':' (no registry host in it).
  const auto at = image.find('@');
  const auto colon = at == std::string::npos ? image.rfind(':') : at;
  if (args.size() != 7 || request.registry.empty() || request.state_dir.empty() ||
      colon == std::string::npos)
    return usage();
  request.repository = image.substr(0, colon);
  request.reference = image.substr(colon + 1);
  const auto result = edgetwin::linux_box::oci_pull(
      request, [](std::string_view kind, nlohmann::ordered_json fields) {
        nlohmann::ordered_json line{{"kind", kind}};
        line.update(fields);
        std::printf("%s\n", line.dump().c_str());
        std::fflush(stdout);
      });
  return result.ok() ? 0 : kExitFailure;
}

// The images under DIR over the OCI distribution API, read-only, for the site's other box
// (oci_serve.hpp); one JSON line per request on stdout. Runs until stopped.
int run_serve(const std::vector<std::string>& args) {
  if (args.size() != 5) return usage();
  std::string listen, dir;
  for (std::size_t i = 1; i + 1 < args.size(); i += 2) {
    if (args[i] == "--listen")
      listen = args[i + 1];
    else if (args[i] == "--state-dir")
      dir = args[i + 1];
    else
      return usage();
  }
  const auto endpoint = edgetwin::linux_box::parse_endpoint("self", listen);
  if (!endpoint || dir.empty()) return usage();
  return edgetwin::linux_box::oci_serve({dir, endpoint->ip, endpoint->port},
                                        [](std::string_view kind, nlohmann::ordered_json f) {
                                          nlohmann::ordered_json line{{"kind", kind}};
                                          line.update(f);
                                          std::printf("%s\n", line.dump().c_str());
                                          std::fflush(stdout);
                                        });
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) return help();
  if (args.size() == 3 && args[0] == "setup" && args[1] == "--config") return run_setup(args[2]);
  if (!args.empty() && args[0] == "pull") return run_pull(args);
  if (!args.empty() && args[0] == "serve-images") return run_serve(args);
  if (args.size() == 2 && (args[0] == "--config" || args[0] == "--check-config"))
    return run_daemon(args[0], args[1]);
  return usage();
}
