#include "edgetwin/firmware/wire/messages.hpp"

#include "edgetwin/firmware/wire/byte_codec.hpp"

namespace edgetwin::fw {

Bytes PeerHeartbeat::encode() const {
  ByteWriter w;
  w.str(from);
  w.u64(seq);
  return w.take();
}

std::optional<PeerHeartbeat> PeerHeartbeat::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  PeerHeartbeat m;
  m.from = r.str();
  m.seq = r.u64();
  return finish(r, std::move(m));
}

Bytes NodeReport::encode() const {
  ByteWriter w;
  w.str(name);
  w.str(site);
  w.str(ip);
  w.u16(cpus);
  w.u32(memory_gib);
  w.u32(ssd_gib);
  w.u32(cpu_request_milli);
  w.u32(cpu_limit_milli);
  w.u32(memory_request_mib);
  w.u32(memory_limit_mib);
  w.u64(seq);
  return w.take();
}

std::optional<NodeReport> NodeReport::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  NodeReport m;
  m.name = r.str();
  m.site = r.str();
  m.ip = r.str();
  m.cpus = r.u16();
  m.memory_gib = r.u32();
  m.ssd_gib = r.u32();
  m.cpu_request_milli = r.u32();
  m.cpu_limit_milli = r.u32();
  m.memory_request_mib = r.u32();
  m.memory_limit_mib = r.u32();
  m.seq = r.u64();
  return finish(r, std::move(m));
}

Bytes LeaseRequest::encode() const {
  ByteWriter w;
  w.str(site);
  w.str(requester);
  w.u64(seq);
  w.u32(duration_ms);
  return w.take();
}

std::optional<LeaseRequest> LeaseRequest::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  LeaseRequest m;
  m.site = r.str();
  m.requester = r.str();
  m.seq = r.u64();
  m.duration_ms = r.u32();
  return finish(r, std::move(m));
}

Bytes LeaseReply::encode() const {
  ByteWriter w;
  w.str(site);
  w.str(holder);
  w.u64(seq);
  w.u8(granted ? 1 : 0);
  w.u32(duration_ms);
  return w.take();
}

std::optional<LeaseReply> LeaseReply::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  LeaseReply m;
  m.site = r.str();
  m.holder = r.str();
  m.seq = r.u64();
  const std::uint8_t granted = r.u8();
  m.duration_ms = r.u32();
  if (granted > 1) return std::nullopt;  // a boolean is 0 or 1, nothing else is trusted
  m.granted = granted == 1;
  return finish(r, std::move(m));
}

Bytes LeaseRelease::encode() const {
  ByteWriter w;
  w.str(site);
  w.str(holder);
  w.u64(seq);
  return w.take();
}

std::optional<LeaseRelease> LeaseRelease::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  LeaseRelease m;
  m.site = r.str();
  m.holder = r.str();
  m.seq = r.u64();
  return finish(r, std::move(m));
}

Bytes CloudAck::encode() const {
  ByteWriter w;
  w.u64(seq);
  return w.take();
}

std::optional<CloudAck> CloudAck::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  CloudAck m;
  m.seq = r.u64();
  return finish(r, m);
}

}  // namespace edgetwin::fw
