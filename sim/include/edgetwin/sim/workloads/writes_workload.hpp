#pragma once
// The `writes` workload (FORMATS.md): clients at a site send writes, each with a value unique
// in the run, and some reads, to the site's service VIP, open loop at `rate_per_s`. Every
// operation is recorded as in a Jepsen history: invoke time, then `ok`, `fail` (the service
// said it did not apply it) or `unknown` (no answer within the timeout: it may have been
// applied). The client is not firmware: it is the twin's stand-in for the site's apps.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgetwin/firmware/agents/agent_stats.hpp"
#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/wire/inbox.hpp"
#include "edgetwin/firmware/wire/sealing_platform.hpp"
#include "edgetwin/model/scenario.hpp"

namespace edgetwin::sim {

struct WritesWorkload {
  std::string site;
  std::string app;
  double rate_per_s = 1;
  double read_fraction = 0.2;
  fw::Duration timeout;  // default: the semi-sync timeout + 5 s, so fallback acks are seen
  double from_s = 10;    // after the first VRRP election
  double until_s = 0;    // default: early enough for every operation to finish in the run
};

// The workloads of a scenario, one per (site, app), in site then app order.
std::vector<WritesWorkload> writes_workloads(const model::Scenario& scenario);

struct Operation {
  std::string site;
  std::string app;
  std::string kind;             // write | read
  std::uint64_t request = 0;    // unique per site
  std::uint64_t value = 0;      // written, or read (0: the log was empty)
  double invoke_s = 0;
  double complete_s = -1;       // -1 while pending and for unknown outcomes
  std::string outcome = "unknown";  // ok | fail | unknown
  std::string status;           // the service's status (fail: why)
  std::string box;              // which box answered
  std::uint64_t term = 0;       // ok write: the entry's term; read: the primary's term
  std::uint64_t index = 0;      // ok write: the entry's index; read: the commit index read

  nlohmann::ordered_json to_json() const;
};

// Every operation of the run, in invocation order per site.
class History {
 public:
  static constexpr std::size_t kOperationsMax = 10'000'000;
  std::size_t add(Operation op);  // its position; the caller checks full()
  bool full() const { return ops_.size() >= kOperationsMax; }
  Operation& at(std::size_t i) { return ops_.at(i); }
  const std::vector<Operation>& operations() const { return ops_; }

 private:
  std::vector<Operation> ops_;
};

// The clients of one site (every workload of that site), on the site's client host.
class WritesClient : public fw::NodeAgent {
 public:
  static constexpr std::size_t kOutstandingMax = 100'000;

  // `keys`: the site's (the client stands in for the site's apps, which are site members).
  WritesClient(fw::Platform& platform, std::string name, fw::WireKeys keys,
               std::vector<WritesWorkload> workloads, History& history);
  void boot() override;
  void on_datagram(const fw::Address& from, fw::Channel channel,
                   std::span<const std::byte> datagram) override;
  // The client stands in for the site's apps, not for firmware: it has no firmware counters.
  fw::AgentStats stats() const override { return {}; }

 private:
  void tick(std::size_t workload);
  void invoke(const WritesWorkload& w, bool read);
  void complete(std::uint64_t request, const std::string& box, const std::string& status,
                std::uint64_t term, std::uint64_t index, std::uint64_t value);

  fw::SealingPlatform sealed_;
  fw::Platform& platform_;  // sealed_
  fw::Inbox inbox_;
  std::vector<WritesWorkload> workloads_;
  History& history_;
  std::uint64_t next_request_ = 1;
  std::map<std::uint64_t, std::pair<std::size_t, fw::TimerId>> outstanding_;  // -> op, timeout
};

}  // namespace edgetwin::sim
