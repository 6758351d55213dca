#pragma once
// The shim: everything the firmware may do to the world goes through a Platform. The Linux
// backend (edgeboxd), the SimGrid backend (edgetwin) and the test backend implement it.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgetwin/firmware/base/address.hpp"
#include "edgetwin/firmware/base/time.hpp"

namespace edgetwin::fw {

using Bytes = std::vector<std::byte>;
using TimerId = std::uint64_t;

enum class Durability { synced, unsynced };

// Durable state. What was written `synced` survives power loss; `unsynced` survives a clean
// reboot but may be lost when the box loses power.
class Disk {
 public:
  virtual ~Disk() = default;
  virtual std::optional<Bytes> read(std::string_view key) const = 0;
  // Whether something is stored under `key`, even if read() cannot return it (an I/O error,
  // a value too large): a caller for whom "absent" means "first boot, use the default" must
  // not take an unreadable record for an absent one. A disk whose read() fails only for
  // absent keys (the twin's, the tests') keeps this default.
  virtual bool present(std::string_view key) const { return read(key).has_value(); }
  // False when the value may not be durable as asked (disk full, I/O error, a failed fsync):
  // a caller that promises durability to someone (an acknowledged write, a granted lease, a
  // term) must not make the promise then. A reader may see the old value or the new one.
  virtual bool write(std::string_view key, std::span<const std::byte> value, Durability) = 0;
  virtual void remove(std::string_view key) = 0;
};

struct ContainerSpec {
  std::string name;  // unique on the box, e.g. "mysql-0"
  std::string app;
  double cpu_request = 0;
  double cpu_limit = 0;
  double memory_request_mib = 0;
  double memory_limit_mib = 0;
  int gpu = 0;
  std::string priority{};  // "critical" replicas are placed first and tracked for the VIP
  bool stateless = true;   // a stateless replica may run on another box when its own dies
  bool operator==(const ContainerSpec&) const = default;
};

// The priority of the replicas placed first on failover and tracked for the box's VIP.
inline constexpr std::string_view kCriticalPriority = "critical";

enum class ContainerState { starting, running, failed, stopped };

struct ContainerStatus {
  ContainerSpec spec;
  ContainerState state = ContainerState::stopped;
};

enum class ProbeKind { liveness, readiness };
enum class ProbeResult { ok, failed, timed_out };

// The container runtime of a box.
class Runtime {
 public:
  virtual ~Runtime() = default;
  virtual void start(const ContainerSpec& spec) = 0;
  virtual void stop(std::string_view name) = 0;
  virtual std::vector<ContainerStatus> containers() const = 0;  // sorted by name
  // Runs a health probe and answers at once; `timed_out` stands for a probe that hung until
  // its timeout, which the caller accounts for (the answer is only usable that much later).
  // A container that is not deployed answers `failed`.
  virtual ProbeResult probe(std::string_view container, ProbeKind kind) = 0;
};

// Network configuration: the site's service VIP.
class NetConfig {
 public:
  virtual ~NetConfig() = default;
  // Holds `vip` until it is released or `lifetime` has passed since this call, whichever comes
  // first; claiming a held VIP again only sets its new lifetime (a lease renewal). The platform
  // drops an expired VIP on its own, so a stalled or killed firmware cannot keep serving after
  // its lease ended (a box: the kernel's address lifetime; the twin: its own timer). nullopt:
  // held until released (a site without a lease).
  virtual void claim_vip(std::string_view vip, std::optional<Duration> lifetime) = 0;
  virtual void release_vip(std::string_view vip) = 0;
};

// Structured events. The platform stamps each with its time and the box's site and name.
// Fields keep their insertion order so the same run gives the same bytes.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void emit(std::string_view kind, nlohmann::ordered_json fields) = 0;
};

// The box's own random stream, derived from the run seed and the box name.
class Rng {
 public:
  virtual ~Rng() = default;
  virtual std::uint64_t next_u64() = 0;
  double uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
};

// What a pull fetches: a container image by its name in the registry (the repository: the
// app's name) and its reference (a tag: the version; or "sha256:<64 hex digits>", which pins
// the manifest's bytes). The twin moves only the image's bytes; a box fetches the image itself.
struct ImageName {
  std::string repository;
  std::string reference;
  bool operator==(const ImageName&) const = default;
};

class Platform {
 public:
  virtual ~Platform() = default;
  virtual Time now() const = 0;  // monotonic
  virtual TimerId after(Duration delay, std::function<void()> callback) = 0;
  virtual void cancel(TimerId id) = 0;  // no-op for a timer that fired or was cancelled
  // May be lost, delayed or duplicated, never altered in flight unnoticed.
  virtual void send(const Address& to, Channel channel, std::span<const std::byte> datagram) = 0;
  // A bulk transfer of `image`, `bytes` long, from `source` to this node (from the cloud's
  // registry or from the site's other box); `done(true)` when it is all here and verified,
  // `done(false)` when the transfer failed (the caller retries). Nothing is called after a
  // reboot of this node.
  virtual void pull(const Address& source, const ImageName& image, std::uint64_t bytes,
                    std::function<void(bool complete)> done) = 0;
  virtual Disk& disk() = 0;
  virtual Runtime& runtime() = 0;
  virtual NetConfig& net() = 0;
  virtual EventSink& events() = 0;
  // For timing and choices (jitter, loss, probes): fast and seeded. Never for secrets: one
  // output of SplitMix64 gives its state, hence every later output.
  virtual Rng& rng() = 0;
  // Fills `out` with bytes nobody can predict from earlier outputs of this call or of rng():
  // what secrets are made of (bind codes, join tokens, the code book's hash key). On a real
  // box libsodium's randombytes_buf (the kernel's CSPRNG); in the twin and the tests a ChaCha20
  // stream from a per-node seed (seeded_secure_stream.hpp), so a run stays reproducible.
  virtual void secure_bytes(std::span<std::byte> out) = 0;
};

}  // namespace edgetwin::fw
