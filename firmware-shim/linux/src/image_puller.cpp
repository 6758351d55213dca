#include "edgetwin/linux/image_puller.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <fstream>

#include "edgetwin/firmware/base/address.hpp"
#include "edgetwin/firmware/base/ipv4_cidr.hpp"

namespace edgetwin::linux_box {

namespace {

// `edgeboxd pull` takes REPO:TAG or REPO@sha256:HEX.
std::string image_argument(const fw::ImageName& image) {
  const bool digest = image.reference.rfind("sha256:", 0) == 0;
  return image.repository + (digest ? "@" : ":") + image.reference;
}

nlohmann::ordered_json exit_fields(int status) {
  nlohmann::ordered_json f;
  if (WIFEXITED(status)) f["exit_code"] = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) f["signal"] = WTERMSIG(status);
  return f;
}

}  // namespace

ImagePuller::ImagePuller(ImagePullConfig config, fw::Platform& platform, ProcessRuntime& processes,
                         Endpoint self, std::vector<Endpoint> nodes, std::string state_dir,
                         Emit emit)
    : config_(std::move(config)),
      platform_(platform),
      processes_(processes),
      self_(std::move(self)),
      nodes_(std::move(nodes)),
      state_dir_(std::move(state_dir)),
      emit_(std::move(emit)) {}

// The children die with the daemon anyway (PR_SET_PDEATHSIG); their callbacks must not run
// into a puller that is gone.
ImagePuller::~ImagePuller() {
  stopping_ = true;
  if (running_ > 0) processes_.abandon_job(running_);
  if (server_ > 0) processes_.abandon_job(server_);
}

std::optional<std::string> ImagePuller::source_url(const std::string& source) const {
  if (source == fw::kCloudAddress.node) {
    if (config_.registry.empty()) return std::nullopt;
    return config_.registry;
  }
  if (config_.serve_port == 0) return std::nullopt;
  for (const auto& node : nodes_)
    if (node.node == source)
      return "http://" + fw::format_ipv4(node.ip) + ":" + std::to_string(config_.serve_port);
  return std::nullopt;
}

void ImagePuller::fail_soon(std::function<void(bool)> done) {
  platform_.after(fw::Duration::zero(), [done = std::move(done)] { done(false); });
}

void ImagePuller::pull(const fw::Address& source, const fw::ImageName& image, std::uint64_t bytes,
                       std::function<void(bool complete)> done) {
  Request request{source.node, image, bytes, std::move(done)};
  if (running_ <= 0) return start(std::move(request));
  // A newer pull replaces one still waiting (which fails: the firmware no longer wants it)
  // and stops the one running: it goes on once that is reaped.
  if (queued_) fail_soon(std::move(queued_->done));
  queued_ = std::move(request);
  processes_.kill_job(running_);
}

void ImagePuller::start(Request request) {
  const auto url = source_url(request.source);
  nlohmann::ordered_json fields{{"source", request.source},
                                {"image", image_argument(request.image)},
                                {"bytes", request.bytes}};
  if (!url || config_.puller.empty()) {
    fields["detail"] = config_.puller.empty() ? "no puller" : "no address for this source";
    emit_("pull.no_source", std::move(fields));
    return fail_soon(std::move(request.done));
  }
  fields["url"] = *url;
  const std::vector<std::string> argv{config_.puller, "pull",    "--registry",
                                      *url,           "--image", image_argument(request.image),
                                      "--state-dir",  state_dir_};
  running_ = processes_.run_job(argv, state_dir_ + "/pull.log", [this](int status) {
    if (!stopping_) finished(status);
  });
  if (running_ <= 0) {
    running_ = -1;
    emit_("pull.spawn_failed", std::move(fields));
    return fail_soon(std::move(request.done));
  }
  emit_("pull.start", std::move(fields));
  started_ = platform_.now();
  timed_out_ = false;
  current_ = std::move(request);
  timeout_ = platform_.after(config_.timeout, [this, pid = running_] {
    timeout_.reset();
    if (running_ != pid) return;
    timed_out_ = true;
    processes_.kill_job(pid);
  });
}

void ImagePuller::finished(int status) {
  running_ = -1;
  if (timeout_) platform_.cancel(*timeout_);
  timeout_.reset();
  forward_output(state_dir_ + "/pull.log");
  const bool complete = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  const auto ms = (platform_.now() - started_).count_ns() / 1'000'000;
  auto fields = exit_fields(status);
  fields["source"] = current_->source;
  fields["image"] = image_argument(current_->image);
  fields["ms"] = ms;
  if (timed_out_) fields["timed_out"] = true;
  if (queued_) fields["replaced"] = true;
  emit_(complete ? "pull.end" : "pull.failed", std::move(fields));
  auto done = std::move(current_->done);
  current_.reset();
  // The next pull starts before this one's caller runs, which may ask for another.
  if (queued_) {
    Request next = std::move(*queued_);
    queued_.reset();
    start(std::move(next));
  }
  done(complete);
}

// The child's events, as this box's: a line that is not a JSON object with a `pull.` kind is
// left out (the child is ours, but its output file is on disk).
void ImagePuller::forward_output(const std::string& path) const {
  std::ifstream in(path);
  std::string line;
  std::size_t lines = 0, bytes = 0;
  while (lines < kEventLinesMax && bytes < kOutputBytesMax && std::getline(in, line)) {
    ++lines;
    bytes += line.size() + 1;
    auto event = nlohmann::ordered_json::parse(line, nullptr, false);
    if (!event.is_object() || !event.contains("kind") || !event["kind"].is_string()) continue;
    const std::string kind = event["kind"].get<std::string>();
    if (kind.rfind("pull.", 0) != 0) continue;
    event.erase("kind");
    emit_(kind, std::move(event));
  }
}

void ImagePuller::serve() {
  if (config_.serve_port == 0 || config_.puller.empty() || stopping_) return;
  const std::string listen = fw::format_ipv4(self_.ip) + ":" + std::to_string(config_.serve_port);
  server_ = processes_.run_job(
      {config_.puller, "serve-images", "--listen", listen, "--state-dir", state_dir_},
      state_dir_ + "/serve-images.log", [this](int status) {
        if (!stopping_) on_serve_exit(status);
      });
  if (server_ <= 0) {  // no process (fork failed): try again, as after an exit
    server_ = -1;
    emit_("images.serve_exit", {{"error", "fork failed"}, {"retry_ms", kServeRestartMs}});
    platform_.after(kServeRestart, [this] { serve(); });
    return;
  }
  emit_("images.serve", {{"listen", listen}, {"pid", server_}});
}

// It serves until the daemon stops; an exit (it could not listen yet, a crash) is reported
// and retried, since the site's peer depends on it for its one WAN download per site.
void ImagePuller::on_serve_exit(int status) {
  server_ = -1;
  auto fields = exit_fields(status);
  fields["retry_ms"] = kServeRestartMs;
  emit_("images.serve_exit", std::move(fields));
  platform_.after(kServeRestart, [this] { serve(); });
}

std::string self_executable() {
  std::array<char, 4096> path{};
  const ssize_t n = readlink("/proc/self/exe", path.data(), path.size() - 1);
  return n > 0 ? std::string(path.data(), static_cast<std::size_t>(n)) : std::string();
}

}  // namespace edgetwin::linux_box
