#include "edgetwin/firmware/alerts/condition_messages.hpp"

#include "edgetwin/firmware/wire/byte_codec.hpp"

namespace edgetwin::fw {
namespace {

constexpr std::size_t kContainerFixedBytes = 1 + 1 + 1 + 1 + 4 + 4 + 4;
constexpr std::size_t kConditionFixedBytes = 1 + 1 + 4 + 4;

std::optional<std::string> name_field(ByteReader& r) {
  std::string s = r.str();
  if (s.size() > kMonitoringNameBytesMax) return std::nullopt;
  return s;
}

std::optional<ReportedContainer> decode_container(ByteReader& r) {
  ReportedContainer c;
  auto name = name_field(r);
  auto app = name_field(r);
  const std::uint8_t state = r.u8();
  const std::uint8_t ready = r.u8();
  c.cpu_request_milli = r.u32();
  c.memory_request_mib = r.u32();
  c.unhealthy_age_ms = r.u32();
  if (!name || !app || state > static_cast<std::uint8_t>(ContainerState::stopped) ||
      ready > static_cast<std::uint8_t>(ReportedReadiness::unknown))
    return std::nullopt;
  c.name = std::move(*name);
  c.app = std::move(*app);
  c.state = static_cast<ContainerState>(state);
  c.ready = static_cast<ReportedReadiness>(ready);
  return c;
}

std::optional<ReportedCondition> decode_condition(ByteReader& r) {
  ReportedCondition c;
  const std::uint8_t kind = r.u8();
  auto subject = name_field(r);
  c.age_ms = r.u32();
  c.event_id = r.u32();
  if (kind < static_cast<std::uint8_t>(ConditionKind::data_async) ||
      kind > static_cast<std::uint8_t>(ConditionKind::app_unhealthy) || !subject)
    return std::nullopt;
  c.kind = static_cast<ConditionKind>(kind);
  c.subject = std::move(*subject);
  // Takeovers and ended episodes are one-shot: without an id they could not be acknowledged.
  if (c.kind != ConditionKind::data_async && !c.one_shot()) return std::nullopt;
  return c;
}

}  // namespace

std::string_view to_string(ConditionKind kind) {
  switch (kind) {
    case ConditionKind::data_async:
      return "data_async";
    case ConditionKind::vip_failover:
      return "vip_failover";
    case ConditionKind::app_unhealthy:
      return "app_unhealthy";
  }
  return "unknown";
}

std::size_t encoded_size(const ReportedContainer& c) {
  return kContainerFixedBytes + c.name.size() + c.app.size();
}

std::size_t encoded_size(const ReportedCondition& c) {
  return kConditionFixedBytes + c.subject.size();
}

Bytes ConditionReport::encode() const {
  ByteWriter w;
  w.u64(seq);
  w.u16(omitted);
  w.u8(static_cast<std::uint8_t>(containers.size()));
  for (const auto& c : containers) {
    w.str(c.name);
    w.str(c.app);
    w.u8(static_cast<std::uint8_t>(c.state));
    w.u8(static_cast<std::uint8_t>(c.ready));
    w.u32(c.cpu_request_milli);
    w.u32(c.memory_request_mib);
    w.u32(c.unhealthy_age_ms);
  }
  w.u8(static_cast<std::uint8_t>(conditions.size()));
  for (const auto& c : conditions) {
    w.u8(static_cast<std::uint8_t>(c.kind));
    w.str(c.subject);
    w.u32(c.age_ms);
    w.u32(c.event_id);
  }
  return w.take();
}

std::optional<ConditionReport> ConditionReport::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  ConditionReport m;
  m.seq = r.u64();
  m.omitted = r.u16();
  const std::size_t containers = r.u8();
  if (!r.ok() || containers > kReportedContainersMax) return std::nullopt;
  for (std::size_t i = 0; i < containers; ++i) {
    auto c = decode_container(r);
    if (!c || !r.ok()) return std::nullopt;
    m.containers.push_back(std::move(*c));
  }
  const std::size_t conditions = r.u8();
  if (!r.ok() || conditions > kReportedConditionsMax) return std::nullopt;
  for (std::size_t i = 0; i < conditions; ++i) {
    auto c = decode_condition(r);
    if (!c || !r.ok()) return std::nullopt;
    m.conditions.push_back(std::move(*c));
  }
  if (m.seq == 0) return std::nullopt;  // sequence numbers start at 1
  return finish(r, std::move(m));
}

Bytes ConditionAck::encode() const {
  ByteWriter w;
  w.u64(seq);
  return w.take();
}

std::optional<ConditionAck> ConditionAck::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  ConditionAck m;
  m.seq = r.u64();
  return finish(r, m);
}

}  // namespace edgetwin::fw
