#include "edgetwin/firmware/orchestration/desired_state.hpp"

#include <algorithm>

namespace edgetwin::fw {
namespace {

constexpr int kFormatVersion = 1;

}  // namespace

nlohmann::json to_json(const ContainerSpec& s) {
  return {{"name", s.name},
          {"app", s.app},
          {"cpu_request", s.cpu_request},
          {"cpu_limit", s.cpu_limit},
          {"memory_request_mib", s.memory_request_mib},
          {"memory_limit_mib", s.memory_limit_mib},
          {"gpu", s.gpu},
          {"priority", s.priority},
          {"stateless", s.stateless}};
}

std::optional<ContainerSpec> container_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  try {
    ContainerSpec s;
    s.name = j.at("name").get<std::string>();
    s.app = j.at("app").get<std::string>();
    s.cpu_request = j.at("cpu_request").get<double>();
    s.cpu_limit = j.at("cpu_limit").get<double>();
    s.memory_request_mib = j.at("memory_request_mib").get<double>();
    s.memory_limit_mib = j.at("memory_limit_mib").get<double>();
    s.gpu = j.at("gpu").get<int>();
    s.priority = j.at("priority").get<std::string>();
    s.stateless = j.at("stateless").get<bool>();
    if (s.name.empty()) return std::nullopt;
    return s;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // a missing or mistyped field: not ours
  }
}

// Field by field: the reconciler asks this for every container at every tick.
bool same_spec(const ContainerSpec& a, const ContainerSpec& b) { return a == b; }

Bytes encode_desired_state(const BoxDesiredState& state) {
  nlohmann::json containers = nlohmann::json::array();
  for (const auto& c : state.containers) containers.push_back(to_json(c));
  const std::string text = nlohmann::json{
      {"format", kFormatVersion},
      {"generation", state.generation},
      {"containers",
       containers}}.dump();
  Bytes out(text.size());
  std::transform(text.begin(), text.end(), out.begin(), [](char c) { return std::byte(c); });
  return out;
}

std::optional<BoxDesiredState> decode_desired_state(std::span<const std::byte> bytes) {
  std::string text(bytes.size(), '\0');
  std::transform(bytes.begin(), bytes.end(), text.begin(), [](std::byte b) { return char(b); });
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("format", 0) != kFormatVersion)
    return std::nullopt;
  const auto generation = j.find("generation");
  const auto containers = j.find("containers");
  if (generation == j.end() || !generation->is_number_unsigned() || containers == j.end() ||
      !containers->is_array())
    return std::nullopt;
  BoxDesiredState state;
  state.generation = generation->get<std::uint64_t>();
  for (const auto& c : *containers) {
    auto spec = container_from_json(c);
    if (!spec) return std::nullopt;
    state.containers.push_back(std::move(*spec));
  }
  std::sort(state.containers.begin(), state.containers.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return state;
}

}  // namespace edgetwin::fw
