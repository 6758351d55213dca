#include "edgetwin/firmware/orchestration/qos.hpp"

#include <algorithm>
#include <cstddef>
#include <tuple>

namespace edgetwin::fw {
namespace {

// The share weight of a container without a request: CFS's 2 shares out of 1024 per CPU.
constexpr double kBestEffortWeight = 2.0 / 1024.0;
constexpr double kEpsilon = 1e-9;

}  // namespace

QosClass qos_class(const ContainerSpec& s) {
  const bool nothing = s.cpu_request <= 0 && s.cpu_limit <= 0 && s.memory_request_mib <= 0 &&
                       s.memory_limit_mib <= 0;
  if (nothing) return QosClass::best_effort;
  const bool cpu_pinned = s.cpu_request > 0 && s.cpu_request == s.cpu_limit;
  const bool memory_pinned = s.memory_request_mib > 0 && s.memory_request_mib == s.memory_limit_mib;
  return cpu_pinned && memory_pinned ? QosClass::guaranteed : QosClass::burstable;
}

std::string_view to_string(QosClass qos) {
  switch (qos) {
    case QosClass::guaranteed:
      return "guaranteed";
    case QosClass::burstable:
      return "burstable";
    case QosClass::best_effort:
      return "best-effort";
  }
  return "burstable";
}

int priority_rank(std::string_view priority) {
  if (priority == kCriticalPriority) return 2;
  if (priority == "high") return 1;
  if (priority == "low") return -1;
  return 0;
}

std::vector<double> share_cpu(double capacity, const std::vector<CpuDemand>& demands) {
  std::vector<double> grant(demands.size(), 0);
  double guaranteed = 0;
  for (std::size_t i = 0; i < demands.size(); ++i) {
    grant[i] = std::min(demands[i].want, demands[i].request);
    guaranteed += grant[i];
  }
  if (guaranteed > capacity) {
    for (auto& g : grant) g *= capacity / guaranteed;
    return grant;
  }
  // Water-filling: lend the rest by weight; a container capped by its limit or its want drops
  // out and its unused share goes round again. Each round caps at least one, so n rounds do.
  double idle = capacity - guaranteed;
  std::vector<std::size_t> borrowers;
  for (std::size_t i = 0; i < demands.size(); ++i) borrowers.push_back(i);
  auto cap = [&](std::size_t i) {
    const double limit = demands[i].limit > 0 ? demands[i].limit : capacity;
    return std::max(0.0, std::min(demands[i].want, limit) - grant[i]);
  };
  auto weight = [&](std::size_t i) { return std::max(demands[i].request, kBestEffortWeight); };
  for (std::size_t round = 0; round <= demands.size() && idle > kEpsilon; ++round) {
    std::erase_if(borrowers, [&](std::size_t i) { return cap(i) <= kEpsilon; });
    if (borrowers.empty()) break;
    double total_weight = 0;
    for (const auto i : borrowers) total_weight += weight(i);
    double lent = 0;
    for (const auto i : borrowers) {
      const double share = std::min(cap(i), idle * weight(i) / total_weight);
      grant[i] += share;
      lent += share;
    }
    idle -= lent;
  }
  return grant;
}

std::vector<std::string> memory_reclaim_order(double capacity_mib,
                                              const std::vector<MemoryUse>& uses) {
  double total = 0;
  for (const auto& u : uses) total += u.used_mib;
  std::vector<const MemoryUse*> candidates;
  for (const auto& u : uses) candidates.push_back(&u);
  // Sort key: within-request last; best-effort first; larger borrowing first; lower priority.
  auto key = [](const MemoryUse* u) {
    const double borrowed = u->used_mib - u->spec.memory_request_mib;
    const bool borrowing = qos_class(u->spec) == QosClass::best_effort || borrowed > kEpsilon;
    const int qos_order = qos_class(u->spec) == QosClass::best_effort ? 0 : 1;
    return std::make_tuple(!borrowing, qos_order, -borrowed, priority_rank(u->spec.priority),
                           u->container);
  };
  std::sort(candidates.begin(), candidates.end(),
            [&](const MemoryUse* a, const MemoryUse* b) { return key(a) < key(b); });
  std::vector<std::string> victims;
  for (const MemoryUse* u : candidates) {
    if (total <= capacity_mib + kEpsilon) break;
    victims.push_back(u->container);
    total -= u->used_mib;
  }
  return victims;
}

}  // namespace edgetwin::fw
