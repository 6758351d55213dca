#pragma once
// Filling a large ordered JSON object in linear time. `ordered_json`'s operator[] finds a key
// by comparing it with every key already there, so an object of N keys filled that way costs
// N^2/2 string comparisons: for the 8,000 boxes of a 4,000-site fleet, 32 M of them, about a
// second at the end of every run. The results' per-box objects are filled from sorted maps or
// from the fleet's list of boxes, whose keys are distinct by construction, so no search is
// needed.
#include <string>

#include <nlohmann/json.hpp>

namespace edgetwin::sim {

// Appends `key: value` to `object` (an ordered JSON object) and returns the new value. The
// caller guarantees that `key` is not in `object` yet.
inline nlohmann::ordered_json& append_new_key(nlohmann::ordered_json& object, std::string key,
                                              nlohmann::ordered_json value) {
  auto& members = object.get_ref<nlohmann::ordered_json::object_t&>();
  members.emplace_back(std::move(key), std::move(value));
  return members.back().second;
}

}  // namespace edgetwin::sim
