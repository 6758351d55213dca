#include "site_overlay.hpp"

#include "json_pointer.hpp"

namespace edgetwin::model {
namespace {

void record_origins(const Json& value, const std::string& source, const std::string& merged,
                    Origins& origins) {
  origins[merged] = source;
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      record_origins(child, child_pointer(source, key), child_pointer(merged, key), origins);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      record_origins(value[i], child_pointer(source, i), child_pointer(merged, i), origins);
    }
  }
}

// A replaced value must not keep the origins of what it replaced.
void forget_origins_below(const std::string& merged, Origins& origins) {
  const std::string prefix = merged + '/';
  auto it = origins.lower_bound(prefix);
  while (it != origins.end() && it->first.compare(0, prefix.size(), prefix) == 0) {
    it = origins.erase(it);
  }
}

void overlay_at(Json& target, const Json& layer, const std::string& source,
                const std::string& merged, Origins& origins) {
  origins[merged] = source;
  for (const auto& [key, value] : layer.items()) {
    const std::string child_source = child_pointer(source, key);
    const std::string child_merged = child_pointer(merged, key);
    const auto it = target.find(key);
    if (value.is_object() && it != target.end() && it->is_object()) {
      overlay_at(*it, value, child_source, child_merged, origins);
      continue;
    }
    target[key] = value;
    forget_origins_below(child_merged, origins);
    record_origins(value, child_source, child_merged, origins);
  }
}

}  // namespace

void overlay(Json& target, const Json& layer, const std::string& source, Origins& origins) {
  if (!target.is_object()) target = Json::object();
  if (layer.is_object()) overlay_at(target, layer, source, "", origins);
}

}  // namespace edgetwin::model
