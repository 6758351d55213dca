#pragma once
// The box's side of `Platform::pull` (issue 22, item 1): each pull is `edgeboxd pull` in a
// child process (oci_pull.hpp: manifest, then each blob verified by sha256, resumed with an
// HTTP Range after a cut, written atomically under the state directory), so a slow registry
// never stalls the event loop that keeps VRRP and leases on time. The child's JSON lines
// (`pull.manifest`, `pull.blob`, `pull.done`, `pull.<error>`) become the box's own events once
// it is reaped, and its exit status is the firmware's `done(complete)`: a failure is retried
// by the firmware with its back-off (deploy_agent.hpp), resuming what the cut left.
//
// Where from: the firmware names its source node. "cloud" is the cloud's registry
// (`registry`); a site peer is its address on the LAN at `serve_port`, where its own
// `edgeboxd serve-images` (started by serve(), restarted if it exits) offers what it pulled.
// One pull at a time: a pull asked for while one runs (the firmware switched to a better
// source) kills the running one and starts once it is reaped, so two children never write the
// same partial blob.
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/linux/endpoint.hpp"
#include "edgetwin/linux/process_runtime.hpp"

namespace edgetwin::linux_box {

struct ImagePullConfig {
  std::string registry;          // the cloud's registry, "http://host:port"; empty: none
  std::uint16_t serve_port = 0;  // the site's boxes serve their images here; 0: not at all
  std::string puller;            // the edgeboxd binary that runs `pull` and `serve-images`
  fw::Duration timeout = fw::Duration::seconds(3600);  // a pull still running then is killed
};

class ImagePuller {
 public:
  static constexpr std::size_t kEventLinesMax = 512;       // of one child's output
  static constexpr std::size_t kOutputBytesMax = 1 << 20;  // read of one child's output
  static constexpr std::int64_t kServeRestartMs = 1000;  // after serve-images exited
  static constexpr auto kServeRestart = fw::Duration::milliseconds(kServeRestartMs);
  using Emit = std::function<void(std::string_view kind, nlohmann::ordered_json fields)>;

  ImagePuller(ImagePullConfig config, fw::Platform& platform, ProcessRuntime& processes,
              Endpoint self, std::vector<Endpoint> nodes, std::string state_dir, Emit emit);
  ~ImagePuller();
  ImagePuller(const ImagePuller&) = delete;
  ImagePuller& operator=(const ImagePuller&) = delete;

  void pull(const fw::Address& source, const fw::ImageName& image, std::uint64_t bytes,
            std::function<void(bool complete)> done);
  // Starts `edgeboxd serve-images` on this box's address at serve_port (no-op without one).
  void serve();

  // The base URL a pull from `source` uses; nullopt when this box does not know where it is.
  std::optional<std::string> source_url(const std::string& source) const;

 private:
  struct Request {
    std::string source;
    fw::ImageName image;
    std::uint64_t bytes = 0;
    std::function<void(bool)> done;
  };
  void start(Request request);
  void finished(int status);
  void forward_output(const std::string& path) const;
  void fail_soon(std::function<void(bool)> done);
  void on_serve_exit(int status);

  ImagePullConfig config_;
  fw::Platform& platform_;
  ProcessRuntime& processes_;
  Endpoint self_;
  std::vector<Endpoint> nodes_;
  std::string state_dir_;
  Emit emit_;
  pid_t running_ = -1;
  std::optional<Request> current_;
  std::optional<Request> queued_;
  fw::Time started_{};
  std::optional<fw::TimerId> timeout_;
  bool timed_out_ = false;
  pid_t server_ = -1;
  bool stopping_ = false;
};

// The running program's own file (/proc/self/exe): edgeboxd runs itself as the puller.
std::string self_executable();

}  // namespace edgetwin::linux_box
