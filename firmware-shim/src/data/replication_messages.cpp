#include "edgetwin/firmware/data/replication_messages.hpp"

#include "edgetwin/firmware/wire/byte_codec.hpp"

namespace edgetwin::fw {
namespace {

std::optional<DataStatus> read_status(ByteReader& r) {
  const std::uint8_t s = r.u8();
  if (s > kDataStatusMax) return std::nullopt;
  return static_cast<DataStatus>(s);
}

}  // namespace

std::string_view to_string(DataStatus s) {
  switch (s) {
    case DataStatus::ok: return "ok";
    case DataStatus::not_primary: return "not_primary";
    case DataStatus::overloaded: return "overloaded";
    case DataStatus::unavailable: return "unavailable";
    case DataStatus::stale_term: return "stale_term";
  }
  return "unknown";
}

Bytes ReplAppend::encode() const {
  ByteWriter w;
  w.str(app);
  w.u64(term);
  w.u64(prev_index);
  w.u64(prev_term);
  w.u64(primary_last_index);
  w.u16(static_cast<std::uint16_t>(entries.size()));
  for (const auto& e : entries) {
    w.u64(e.term);
    w.u64(e.value);
  }
  w.u8(prev_is_snapshot ? 1 : 0);
  w.u64(snapshot_value);
  return w.take();
}

std::optional<ReplAppend> ReplAppend::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  ReplAppend m;
  m.app = r.str();
  m.term = r.u64();
  m.prev_index = r.u64();
  m.prev_term = r.u64();
  m.primary_last_index = r.u64();
  const std::uint16_t count = r.u16();
  if (count > kEntriesMax) return std::nullopt;
  for (std::uint16_t i = 0; i < count && r.ok(); ++i) {
    LogEntry e;
    e.term = r.u64();
    e.value = r.u64();
    m.entries.push_back(e);
  }
  const std::uint8_t snapshot = r.u8();
  if (snapshot > 1) return std::nullopt;
  m.prev_is_snapshot = snapshot == 1;
  m.snapshot_value = r.u64();
  return finish(r, std::move(m));
}

Bytes ReplAck::encode() const {
  ByteWriter w;
  w.str(app);
  w.u64(term);
  w.u8(success ? 1 : 0);
  w.u64(match_index);
  w.u64(last_term);
  w.u64(last_index);
  return w.take();
}

std::optional<ReplAck> ReplAck::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  ReplAck m;
  m.app = r.str();
  m.term = r.u64();
  const std::uint8_t success = r.u8();
  if (success > 1) return std::nullopt;
  m.success = success == 1;
  m.match_index = r.u64();
  m.last_term = r.u64();
  m.last_index = r.u64();
  if (m.last_term > m.term) return std::nullopt;  // no entry above the sender's own term
  return finish(r, std::move(m));
}

Bytes DataWrite::encode() const {
  ByteWriter w;
  w.str(app);
  w.u64(request);
  w.u64(value);
  w.u64(term);
  return w.take();
}

std::optional<DataWrite> DataWrite::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  DataWrite m;
  m.app = r.str();
  m.request = r.u64();
  m.value = r.u64();
  m.term = r.u64();
  return finish(r, std::move(m));
}

Bytes DataWriteReply::encode() const {
  ByteWriter w;
  w.str(app);
  w.u64(request);
  w.u8(static_cast<std::uint8_t>(status));
  w.u64(term);
  w.u64(index);
  return w.take();
}

std::optional<DataWriteReply> DataWriteReply::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  DataWriteReply m;
  m.app = r.str();
  m.request = r.u64();
  const auto status = read_status(r);
  if (!status) return std::nullopt;
  m.status = *status;
  m.term = r.u64();
  m.index = r.u64();
  return finish(r, std::move(m));
}

Bytes DataRead::encode() const {
  ByteWriter w;
  w.str(app);
  w.u64(request);
  w.u64(term);
  return w.take();
}

std::optional<DataRead> DataRead::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  DataRead m;
  m.app = r.str();
  m.request = r.u64();
  m.term = r.u64();
  return finish(r, std::move(m));
}

Bytes DataReadReply::encode() const {
  ByteWriter w;
  w.str(app);
  w.u64(request);
  w.u8(static_cast<std::uint8_t>(status));
  w.u64(term);
  w.u64(index);
  w.u64(value);
  return w.take();
}

std::optional<DataReadReply> DataReadReply::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  DataReadReply m;
  m.app = r.str();
  m.request = r.u64();
  const auto status = read_status(r);
  if (!status) return std::nullopt;
  m.status = *status;
  m.term = r.u64();
  m.index = r.u64();
  m.value = r.u64();
  return finish(r, std::move(m));
}

}  // namespace edgetwin::fw
