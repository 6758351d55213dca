#pragma once
// Box -> cloud monitoring snapshot (MessageType::condition_report) and its acknowledgement
// (MessageType::condition_ack). The snapshot carries what the cloud's host and app monitoring
// show (the box's containers, their state and requests) and the box's active conditions, each
// with its age by the box's own monotonic clock at send time: the cloud dates a condition from
// its own clock (began = now - age) and never needs the box's clock offset.
//
// Layout (byte_codec, big-endian):
//   seq u64 | omitted u16 | containers u8 | container* | conditions u8 | condition*
//   container: name str | app str | state u8 | ready u8 | cpu_request_milli u32 |
//              memory_request_mib u32 | unhealthy_age_ms u32 (kHealthyAge: healthy)
//   condition: kind u8 | subject str | age_ms u32 | event_id u32 (0: an active level condition)
// Decoding is strict: counts above their bound, unknown enum values, strings longer than
// kMonitoringNameBytesMax and missing or trailing bytes reject the whole payload.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::fw {

inline constexpr std::size_t kMonitoringNameBytesMax = 63;
inline constexpr std::size_t kReportedContainersMax = 32;
inline constexpr std::size_t kReportedConditionsMax = 16;
inline constexpr std::uint32_t kHealthyAge = 0xFFFF'FFFF;

enum class ReportedReadiness : std::uint8_t { not_ready = 0, ready = 1, unknown = 2 };

struct ReportedContainer {
  std::string name;
  std::string app;
  ContainerState state = ContainerState::stopped;
  ReportedReadiness ready = ReportedReadiness::unknown;
  std::uint32_t cpu_request_milli = 0;
  std::uint32_t memory_request_mib = 0;
  std::uint32_t unhealthy_age_ms = kHealthyAge;  // since the container stopped serving

  bool healthy() const { return unhealthy_age_ms == kHealthyAge; }
  bool operator==(const ReportedContainer&) const = default;
};

// A level condition is reported while it lasts (event_id 0). A one-shot condition (event_id
// > 0, increasing per boot) is reported until the cloud acknowledges it: a VIP takeover, or a
// level condition that began and ended before any report showing it was acknowledged (a
// container that crashed and recovered during a WAN outage), so that the cloud still learns it.
enum class ConditionKind : std::uint8_t {
  data_async = 1,     // a semi-sync data primary fell back to async (subject: app)
  vip_failover = 2,   // this box took its site's VIP from its peer (subject: the peer)
  app_unhealthy = 3,  // one-shot only, an ended episode (subject: container); active ones are
                      // in the container list
};
std::string_view to_string(ConditionKind kind);

struct ReportedCondition {
  ConditionKind kind = ConditionKind::data_async;
  std::string subject;
  std::uint32_t age_ms = 0;
  std::uint32_t event_id = 0;  // one-shot conditions: increasing per boot; 0 for levels

  bool one_shot() const { return event_id != 0; }
};

struct ConditionReport {
  std::uint64_t seq = 0;
  std::uint16_t omitted = 0;  // entries left out to respect the bounds
  std::vector<ReportedContainer> containers;
  std::vector<ReportedCondition> conditions;

  Bytes encode() const;
  static std::optional<ConditionReport> decode(std::span<const std::byte> payload);
};

// Cloud -> box: the condition report with this sequence number was received.
struct ConditionAck {
  std::uint64_t seq = 0;

  Bytes encode() const;
  static std::optional<ConditionAck> decode(std::span<const std::byte> payload);
};

// Encoded sizes, so that a sender can stop adding entries before the payload bound.
std::size_t encoded_size(const ReportedContainer& c);
std::size_t encoded_size(const ReportedCondition& c);
inline constexpr std::size_t kConditionReportFixedBytes = 8 + 2 + 1 + 1;

}  // namespace edgetwin::fw
