#include "edgetwin/sim/workloads/data_checker.hpp"

#include <algorithm>
#include <tuple>

namespace edgetwin::sim {
namespace {

using Json = nlohmann::ordered_json;

void check_write(const Operation& op, const FinalState* final_state, DataCheck& c) {
  if (op.outcome == "fail") ++c.failed;
  if (op.outcome == "unknown") ++c.unknown;
  if (op.outcome != "ok") return;
  ++c.acknowledged;
  if (final_state == nullptr || final_state->values.count(op.value) == 0) ++c.lost;
}

void check_read(const Operation& op, const FinalState* final_state,
                const std::set<std::uint64_t>& invoked, DataCheck& c) {
  if (op.outcome != "ok") return;
  ++c.reads_ok;
  if (op.value == 0) return;
  const bool written = invoked.count(op.value) > 0;
  const bool kept = final_state != nullptr && final_state->values.count(op.value) > 0;
  if (!written || !kept) ++c.phantom_reads;
}

// In completion order, an ok write whose term is below the highest term already seen acknowledging.
int stale_primary_acks(std::vector<const Operation*> writes) {
  std::stable_sort(writes.begin(), writes.end(), [](const Operation* a, const Operation* b) {
    return a->complete_s < b->complete_s;
  });
  std::uint64_t highest = 0;
  int stale = 0;
  for (const Operation* op : writes) {
    if (op->term < highest) ++stale;
    highest = std::max(highest, op->term);
  }
  return stale;
}

double unavailable_s(const std::vector<const Operation*>& writes_in_invoke_order) {
  double total = 0;
  double run_start = -1;
  for (const Operation* op : writes_in_invoke_order) {
    if (op->outcome != "ok" && run_start < 0) run_start = op->invoke_s;
    if (op->outcome == "ok" && run_start >= 0) {
      total += op->invoke_s - run_start;
      run_start = -1;
    }
  }
  if (run_start >= 0 && !writes_in_invoke_order.empty())
    total += writes_in_invoke_order.back()->invoke_s - run_start;
  return total;
}

Json by_site(const std::vector<DataCheck>& checks, int DataCheck::*field) {
  Json out = Json::object();
  for (const auto& c : checks) out[c.site] = out.value(c.site, 0) + c.*field;
  return out;
}

// Primary first, then the most recent log.
auto rank(const ServiceAtEnd& c) {
  return std::tuple{c.primary_term, c.log->last_term(), c.log->last_index()};
}

}  // namespace

FinalState final_state(const std::vector<ServiceAtEnd>& candidates) {
  const ServiceAtEnd* best = nullptr;
  for (bool powered_only : {true, false}) {
    for (const auto& c : candidates)
      if (c.log != nullptr && (c.powered || !powered_only) && (best == nullptr || rank(c) > rank(*best)))
        best = &c;
    if (best != nullptr) break;
  }
  FinalState out;
  if (best == nullptr) return out;
  out.box = best->box;
  out.term = best->log->current_term();
  const auto& log = *best->log;
  // From the snapshot's own entry on: the prefix before it was compacted away (see FinalState).
  out.compacted_through = log.snapshot().index;
  const std::uint64_t first = std::max<std::uint64_t>(log.snapshot().index, 1);
  for (std::uint64_t i = first; i <= log.last_index(); ++i) out.values.insert(log.at(i).value);
  return out;
}

std::vector<DataCheck> check_history(const History& history,
                                     const std::map<SiteApp, FinalState>& final_states) {
  std::map<SiteApp, std::vector<const Operation*>> ops;
  for (const auto& op : history.operations()) ops[{op.site, op.app}].push_back(&op);
  std::vector<DataCheck> out;
  for (const auto& [key, list] : ops) {
    DataCheck c{key.first, key.second};
    auto it = final_states.find(key);
    const FinalState* final_state = it == final_states.end() ? nullptr : &it->second;
    std::set<std::uint64_t> invoked;
    std::vector<const Operation*> writes, ok_writes;
    for (const Operation* op : list) {
      if (op->kind != "write") continue;
      invoked.insert(op->value);
      writes.push_back(op);
      if (op->outcome == "ok") ok_writes.push_back(op);
      check_write(*op, final_state, c);
    }
    for (const Operation* op : list)
      if (op->kind == "read") check_read(*op, final_state, invoked, c);
    c.stale_primary_acks = stale_primary_acks(ok_writes);
    c.unavailable_s = unavailable_s(writes);
    out.push_back(c);
  }
  return out;
}

void add_data_metrics(const std::vector<DataCheck>& checks, const std::vector<LoggedEvent>& events,
                      Json& m) {
  auto total = [&](int DataCheck::*field) {
    int sum = 0;
    for (const auto& c : checks) sum += c.*field;
    return sum;
  };
  const std::pair<const char*, int DataCheck::*> numbers[] = {
      {"acknowledged_writes", &DataCheck::acknowledged}, {"lost_writes", &DataCheck::lost},
      {"phantom_reads", &DataCheck::phantom_reads},      {"failed_writes", &DataCheck::failed},
      {"unknown_writes", &DataCheck::unknown},
      {"stale_primary_acks", &DataCheck::stale_primary_acks}};
  for (const auto& [name, field] : numbers) {
    m[name] = total(field);
    m[std::string(name) + "_by_site"] = by_site(checks, field);
  }
  std::uint64_t discarded = 0;
  int fallbacks = 0;
  Json discarded_by_site = Json::object();
  for (const auto& e : events) {
    if (e.kind == "data.discard") {
      const auto n = e.line.value("entries", std::uint64_t{0});
      discarded += n;
      const std::string site = e.line.value("site", "");
      discarded_by_site[site] = discarded_by_site.value(site, std::uint64_t{0}) + n;
    }
    if (e.kind == "data.semisync" && e.line.value("to", "") == "async") ++fallbacks;
  }
  m["discarded_entries"] = discarded;
  m["discarded_entries_by_site"] = discarded_by_site;
  m["semi_sync_fallbacks"] = fallbacks;
}

}  // namespace edgetwin::sim
