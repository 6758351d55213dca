#include "edgetwin/firmware/orchestration/desired_messages.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "edgetwin/firmware/wire/byte_codec.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {
namespace {

// Larger than any box (CPUs, MiB, GPUs): anything above is not a spec this firmware wrote.
constexpr double kResourceMax = 1e9;

void put_double(ByteWriter& w, double v) { w.u64(std::bit_cast<std::uint64_t>(v)); }

std::optional<double> get_double(ByteReader& r) {
  const double v = std::bit_cast<double>(r.u64());
  if (!std::isfinite(v) || v < 0 || v > kResourceMax) return std::nullopt;
  return v;
}

void put_container(ByteWriter& w, const ContainerSpec& c) {
  w.str(c.name);
  w.str(c.app);
  put_double(w, c.cpu_request);
  put_double(w, c.cpu_limit);
  put_double(w, c.memory_request_mib);
  put_double(w, c.memory_limit_mib);
  w.u8(static_cast<std::uint8_t>(c.gpu));
  w.str(c.priority);
  w.u8(c.stateless ? 1 : 0);
}

std::optional<ContainerSpec> get_container(ByteReader& r) {
  ContainerSpec c;
  c.name = r.str();
  c.app = r.str();
  const auto cpu_request = get_double(r), cpu_limit = get_double(r);
  const auto memory_request = get_double(r), memory_limit = get_double(r);
  c.gpu = r.u8();
  c.priority = r.str();
  const std::uint8_t stateless = r.u8();
  if (!r.ok() || c.name.empty() || stateless > 1 || !cpu_request || !cpu_limit ||
      !memory_request || !memory_limit)
    return std::nullopt;
  c.cpu_request = *cpu_request;
  c.cpu_limit = *cpu_limit;
  c.memory_request_mib = *memory_request;
  c.memory_limit_mib = *memory_limit;
  c.stateless = stateless == 1;
  return c;
}

// Names must be unique across the site: a replica is tracked across boxes by its name.
bool names_unique(const SiteDesiredState& s) {
  std::vector<std::string> names;
  for (const auto& [node, containers] : s.nodes)
    for (const auto& c : containers) names.push_back(c.name);
  std::sort(names.begin(), names.end());
  return std::adjacent_find(names.begin(), names.end()) == names.end();
}

}  // namespace

BoxDesiredState SiteDesiredState::for_node(const std::string& node) const {
  BoxDesiredState out;
  out.generation = generation;
  for (const auto& [name, containers] : nodes)
    if (name == node) out.containers = containers;
  std::sort(out.containers.begin(), out.containers.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

std::size_t SiteDesiredState::container_count() const {
  std::size_t n = 0;
  for (const auto& [node, containers] : nodes) n += containers.size();
  return n;
}

std::optional<Bytes> SiteDesiredState::encode() const {
  if (nodes.size() > kNodesMax || container_count() > kContainersMax) return std::nullopt;
  ByteWriter w;
  w.str(site);
  w.u64(generation);
  w.u8(static_cast<std::uint8_t>(nodes.size()));
  for (const auto& [node, containers] : nodes) {
    w.str(node);
    w.u8(static_cast<std::uint8_t>(containers.size()));
    for (const auto& c : containers) put_container(w, c);
  }
  if (w.bytes().size() > kDesiredStateBytesMax) return std::nullopt;
  return w.take();
}

std::optional<SiteDesiredState> SiteDesiredState::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  SiteDesiredState m;
  m.site = r.str();
  m.generation = r.u64();
  const std::size_t node_count = r.u8();
  if (node_count > kNodesMax) return std::nullopt;
  std::size_t total = 0;
  for (std::size_t i = 0; i < node_count && r.ok(); ++i) {
    std::string node = r.str();
    const std::size_t count = r.u8();
    total += count;
    if (node.empty() || total > kContainersMax) return std::nullopt;
    std::vector<ContainerSpec> containers;
    for (std::size_t k = 0; k < count; ++k) {
      auto c = get_container(r);
      if (!c) return std::nullopt;
      containers.push_back(std::move(*c));
    }
    m.nodes.emplace_back(std::move(node), std::move(containers));
  }
  if (!r.ok() || !r.at_end() || m.site.empty() || payload.size() > kDesiredStateBytesMax ||
      !names_unique(m))
    return std::nullopt;
  return m;
}

Bytes DesiredStatus::encode() const {
  ByteWriter w;
  w.str(node);
  w.u64(generation);
  if (ready_bits) {
    w.u8(kBitmapMarker);
    w.u8(static_cast<std::uint8_t>(ready_bits->size()));
    std::uint8_t byte = 0;
    for (std::size_t i = 0; i < ready_bits->size(); ++i) {
      if ((*ready_bits)[i]) byte |= static_cast<std::uint8_t>(0x80u >> (i % 8));
      if (i % 8 == 7 || i + 1 == ready_bits->size()) {
        w.u8(byte);
        byte = 0;
      }
    }
  } else {
    w.u8(static_cast<std::uint8_t>(ready.size()));
    for (const auto& name : ready) w.str(name);
  }
  w.u8(static_cast<std::uint8_t>(peers_down.size()));
  for (const auto& name : peers_down) w.str(name);
  return w.take();
}

namespace {

// The bitmap form's bits; nullopt for more bits than containers a box can hold, or unused bits
// set (a box that wrote them did not write this).
std::optional<std::vector<bool>> get_bits(ByteReader& r) {
  const std::size_t count = r.u8();
  if (count > DesiredStatus::kReadyMax) return std::nullopt;
  std::vector<bool> bits(count);
  for (std::size_t i = 0; i < count; i += 8) {
    const std::uint8_t byte = r.u8();
    for (std::size_t k = 0; k < 8; ++k) {
      const bool set = (byte & (0x80u >> k)) != 0;
      if (i + k < count) bits[i + k] = set;
      else if (set) return std::nullopt;
    }
  }
  return bits;
}

}  // namespace

std::optional<DesiredStatus> DesiredStatus::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  DesiredStatus m;
  m.node = r.str();
  m.generation = r.u64();
  const std::size_t count = r.u8();
  if (count == kBitmapMarker) {
    m.ready_bits = get_bits(r);
    if (!m.ready_bits) return std::nullopt;
  } else {
    if (count > kReadyMax) return std::nullopt;
    for (std::size_t i = 0; i < count && r.ok(); ++i) m.ready.push_back(r.str());
  }
  const std::size_t peers = r.u8();
  if (peers > kPeersMax) return std::nullopt;
  for (std::size_t i = 0; i < peers && r.ok(); ++i) m.peers_down.push_back(r.str());
  if (m.node.empty()) return std::nullopt;
  return finish(r, std::move(m));
}

void DesiredStatus::compact(const std::vector<ContainerSpec>& desired) {
  if (ready_bits || encode().size() <= kPayloadBytesMax || desired.size() > kReadyMax) return;
  std::vector<bool> bits(desired.size());
  for (std::size_t i = 0; i < desired.size(); ++i)
    bits[i] = std::find(ready.begin(), ready.end(), desired[i].name) != ready.end();
  ready_bits = std::move(bits);
  ready.clear();
}

std::optional<std::vector<std::string>> DesiredStatus::ready_names(
    const std::vector<ContainerSpec>& desired) const {
  if (!ready_bits) return ready;
  if (ready_bits->size() != desired.size()) return std::nullopt;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < desired.size(); ++i)
    if ((*ready_bits)[i]) names.push_back(desired[i].name);
  return names;
}

}  // namespace edgetwin::fw
