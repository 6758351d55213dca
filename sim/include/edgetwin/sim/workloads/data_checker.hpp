#pragma once
// The lost-write checker (Jepsen style), run after the simulation on the history of the
// `writes` workload and the final state of each site's data service:
// - every write acknowledged `ok` must be in the final log of the site's primary, else lost;
// - an `ok` read must return 0 (nothing written yet) or the value of a write that was invoked
//   and is in the final log, else it is a phantom read (never written, or lost since);
// - an `ok` write from a term lower than one that had already acknowledged a write was
//   acknowledged by a deposed primary while a newer one served: a stale-primary ack;
// - unavailable_s: within the workload's window, the time from the first write that did not
//   succeed to the next one that did (no write succeeding), summed.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgetwin/firmware/data/replicated_log.hpp"
#include "edgetwin/sim/record/event_log.hpp"
#include "edgetwin/sim/workloads/writes_workload.hpp"

namespace edgetwin::sim {

// What a site's data service holds at the end of the run: the log of its primary (or, with
// no primary then, of the box with the most recent log). A log that compacted (more than
// ReplicatedLog::kRetainedMin entries behind its safe index, which no bundled scenario writes)
// no longer holds the values before its snapshot: an acknowledged write among them cannot be
// shown present and is counted lost, never assumed kept (the checker errs towards alarms).
struct FinalState {
  std::string box;
  std::uint64_t term = 0;
  std::set<std::uint64_t> values;
  std::uint64_t compacted_through = 0;  // the snapshot index: values before it are not listed
};
using SiteApp = std::pair<std::string, std::string>;

// One copy of a site's data at the end of the run: a box's log, or a NAS volume.
struct ServiceAtEnd {
  std::string box;
  bool powered = false;
  std::uint64_t primary_term = 0;  // the term it serves in; 0 unless primary (a volume: its term)
  const fw::ReplicatedLog* log = nullptr;
};
// The data of record: the primary with the highest term among powered boxes; without one, the
// powered box whose log is most recent (last term, then length); with no box powered, the
// same among all boxes (their logs are on disk).
FinalState final_state(const std::vector<ServiceAtEnd>& candidates);

struct DataCheck {
  std::string site;
  std::string app;
  int acknowledged = 0;
  int lost = 0;
  int failed = 0;
  int unknown = 0;
  int reads_ok = 0;
  int phantom_reads = 0;
  int stale_primary_acks = 0;
  double unavailable_s = 0;
};

std::vector<DataCheck> check_history(const History& history,
                                     const std::map<SiteApp, FinalState>& final_states);

// acknowledged_writes, lost_writes, phantom_reads, failed_writes, unknown_writes,
// stale_primary_acks (each with a _by_site companion), and from the event log
// discarded_entries and semi_sync_fallbacks.
void add_data_metrics(const std::vector<DataCheck>& checks, const std::vector<LoggedEvent>& events,
                      nlohmann::ordered_json& metrics);

}  // namespace edgetwin::sim
