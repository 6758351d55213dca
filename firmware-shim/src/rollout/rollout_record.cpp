// What the cloud persists of a rollout's progress (docs/orchestration.md, "What the cloud
// persists"): the planner's waves and each site's state, so that a cloud that crashed goes on
// where it stopped instead of ordering every site again.
#include <algorithm>

#include "edgetwin/firmware/rollout/rollout_planner.hpp"

namespace edgetwin::fw {
namespace {

using Json = nlohmann::json;

Json time_or_null(const std::optional<Time>& t) { return t ? Json(t->count_ns()) : Json(nullptr); }

// A time read back; false when the field is neither null nor a whole number.
bool read_time(const Json& j, const char* key, std::optional<Time>& out) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    out.reset();
    return true;
  }
  if (!it->is_number_integer()) return false;
  out = Time::from_ns(it->get<std::int64_t>());
  return true;
}

bool small_int(const Json& j, const char* key, int max) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number_integer() && it->get<std::int64_t>() >= 0 &&
         it->get<std::int64_t>() <= max;
}

}  // namespace

Json RolloutPlanner::save() const {
  Json waves = Json::array();
  for (const Wave& w : waves_)
    waves.push_back(
        {{"started_at", time_or_null(w.started_at)}, {"ended_at", time_or_null(w.ended_at)}});
  Json sites = Json::object();
  for (const auto& [name, p] : sites_)
    sites[name] = {{"state", static_cast<int>(p.state)},
                   {"queued_at", time_or_null(p.queued_at)},
                   {"ready_at", time_or_null(p.ready_at)},
                   {"failure", p.failure}};
  return {{"started_at", started_at_.count_ns()},
          {"done_at", time_or_null(done_at_)},
          {"state", static_cast<int>(state_)},
          {"paused_because", paused_because_},
          {"current_wave", current_wave_},
          {"failures_since_resume", failures_since_resume_},
          {"waves", std::move(waves)},
          {"sites", std::move(sites)}};
}

// Everything is checked before anything changes: a record that does not fit is ignored whole.
bool RolloutPlanner::restore(const Json& r) {
  if (!r.is_object() || !r.contains("waves") || !r["waves"].is_array() ||
      r["waves"].size() != waves_.size() || !r.contains("sites") || !r["sites"].is_object() ||
      r["sites"].size() != sites_.size())
    return false;
  if (!small_int(r, "state", static_cast<int>(RolloutState::done)) ||
      !small_int(r, "current_wave",
                 static_cast<int>(std::max<std::size_t>(waves_.size(), 1) - 1)) ||
      !small_int(r, "failures_since_resume", static_cast<int>(kSitesMax)) ||
      !r.contains("started_at") || !r["started_at"].is_number_integer() ||
      !r.contains("paused_because") || !r["paused_because"].is_string())
    return false;
  std::optional<Time> done_at;
  if (!read_time(r, "done_at", done_at)) return false;
  std::vector<Wave> waves = waves_;
  for (std::size_t i = 0; i < waves.size(); ++i) {
    const Json& w = r["waves"][i];
    if (!w.is_object() || !read_time(w, "started_at", waves[i].started_at) ||
        !read_time(w, "ended_at", waves[i].ended_at))
      return false;
  }
  std::map<std::string, SiteProgress> sites = sites_;
  int downloading = 0;
  for (auto& [name, p] : sites) {
    const auto it = r["sites"].find(name);
    if (it == r["sites"].end() || !it->is_object() ||
        !small_int(*it, "state", static_cast<int>(SiteRollout::failed)) ||
        !read_time(*it, "queued_at", p.queued_at) || !read_time(*it, "ready_at", p.ready_at) ||
        !it->contains("failure") || !(*it)["failure"].is_string())
      return false;
    p.state = static_cast<SiteRollout>((*it)["state"].get<int>());
    p.failure = (*it)["failure"].get<std::string>();
    if (p.state == SiteRollout::downloading) ++downloading;
  }
  started_at_ = Time::from_ns(r["started_at"].get<std::int64_t>());
  done_at_ = done_at;
  state_ = static_cast<RolloutState>(r["state"].get<int>());
  paused_because_ = r["paused_because"].get<std::string>();
  current_wave_ = r["current_wave"].get<std::size_t>();
  failures_since_resume_ = r["failures_since_resume"].get<int>();
  waves_ = std::move(waves);
  sites_ = std::move(sites);
  downloading_ = downloading;  // counted again: the slots the downloading sites hold
  return true;
}

}  // namespace edgetwin::fw
