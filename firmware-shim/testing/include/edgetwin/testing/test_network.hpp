#pragma once
// An in-memory datagram network with a manual clock, for firmware unit tests without a
// simulator. Programmable per link (ordered pair of nodes): loss probability, delay,
// duplication probability, and partitions. Everything is driven by `run_until`, which
// dispatches timers and deliveries in time order (ties: deliveries first, then nodes by name).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "edgetwin/firmware/base/seeded_rng.hpp"
#include "edgetwin/testing/test_platform.hpp"

namespace edgetwin::testing {

struct LinkBehaviour {
  fw::Duration delay = fw::Duration::milliseconds(1);
  double loss = 0;       // probability a datagram is dropped
  double duplicate = 0;  // probability a datagram is delivered twice
};

class TestNetwork {
 public:
  explicit TestNetwork(std::uint64_t seed = 1) : seed_(seed), rng_(seed, "test-network") {}

  TestPlatform& add_node(const std::string& name, TestPlatform::AgentFactory factory);
  TestPlatform& node(const std::string& name) { return *nodes_.at(name); }
  bool has_node(const std::string& name) const { return nodes_.count(name) > 0; }

  fw::Time now() const { return now_; }
  void run_until(fw::Time t);
  void run_for(fw::Duration d) { run_until(now_ + d); }

  // Link behaviour from `from` to `to` (default for every link if not set).
  void set_link(const std::string& from, const std::string& to, LinkBehaviour b);
  void set_default_link(LinkBehaviour b) { default_link_ = b; }
  void partition(const std::string& a, const std::string& b);  // both directions
  void heal(const std::string& a, const std::string& b);

  // Puts raw bytes on the wire as if `from` had sent them, delivered after `delay`.
  void inject(const std::string& from, const std::string& to, fw::Bytes bytes,
              fw::Duration delay = fw::Duration::zero(),
              fw::Channel channel = fw::Channel::firmware);

  // Drops every datagram for which `drop(from, to, channel, bytes)` says so, decided when it
  // is sent (e.g. "the first advert b sends as master"); it may also just watch the traffic.
  // An empty function drops nothing.
  using DropFilter = std::function<bool(const std::string& from, const std::string& to,
                                        fw::Channel channel, std::span<const std::byte> bytes)>;
  void set_drop_filter(DropFilter drop) { drop_filter_ = std::move(drop); }

  std::uint64_t sent() const { return sent_; }
  std::uint64_t dropped() const { return dropped_; }

  // Called by TestPlatform::send; `at` is the sender's clock (never before now()).
  void transmit(const std::string& from, const std::string& to, fw::Channel channel,
                std::span<const std::byte> bytes, fw::Time at);

 private:
  struct InFlight {
    std::string from;
    std::string to;
    fw::Channel channel;
    fw::Bytes bytes;
  };
  using DeliveryKey = std::pair<fw::Time, std::uint64_t>;
  const LinkBehaviour& link(const std::string& from, const std::string& to) const;
  void enqueue(fw::Time at, InFlight message);
  bool dispatch_next(fw::Time limit);

  std::uint64_t seed_;
  fw::SeededRng rng_;
  fw::Time now_;
  std::map<std::string, std::unique_ptr<TestPlatform>> nodes_;
  std::map<std::pair<std::string, std::string>, LinkBehaviour> links_;
  std::set<std::pair<std::string, std::string>> cut_;
  LinkBehaviour default_link_;
  DropFilter drop_filter_;
  std::map<DeliveryKey, InFlight> in_flight_;
  std::uint64_t next_seq_ = 0;
  std::uint64_t sent_ = 0;
  std::uint64_t dropped_ = 0;
};

}  // namespace edgetwin::testing
