#include "edgetwin/firmware/wire/wire.hpp"

#include <numeric>

#include "edgetwin/firmware/wire/byte_codec.hpp"

namespace edgetwin::fw {

std::string_view to_string(DecodeError e) {
  switch (e) {
    case DecodeError::truncated: return "truncated";
    case DecodeError::bad_magic: return "bad_magic";
    case DecodeError::bad_version: return "bad_version";
    case DecodeError::unknown_type: return "unknown_type";
    case DecodeError::bad_length: return "bad_length";
    case DecodeError::bad_payload: return "bad_payload";
  }
  return "unknown";
}

Bytes encode_envelope(MessageType type, std::uint32_t sender_epoch,
                      std::span<const std::byte> payload) {
  ByteWriter w;
  w.u32(kWireMagic);
  w.u8(kWireVersion);
  w.u8(static_cast<std::uint8_t>(type));
  w.u16(static_cast<std::uint16_t>(payload.size()));
  w.u32(sender_epoch);
  w.u64(0);  // counter: the sealing layer's
  w.raw(payload);
  Bytes out = w.take();
  out.resize(out.size() + kTagBytes);  // tag: the sealing layer's
  return out;
}

Result<Envelope, DecodeError> decode_envelope(std::span<const std::byte> datagram) {
  using R = Result<Envelope, DecodeError>;
  if (datagram.size() < kHeaderBytes) return R::failure(DecodeError::truncated);
  ByteReader r(datagram);
  if (r.u32() != kWireMagic) return R::failure(DecodeError::bad_magic);
  if (r.u8() != kWireVersion) return R::failure(DecodeError::bad_version);
  const std::uint8_t type = r.u8();
  const bool data_type = type >= kDataMessageTypeFirst && type <= kDataMessageTypeMax;
  const bool activation_type =
      type >= kActivationMessageTypeFirst && type <= kActivationMessageTypeMax;
  const bool rollout_type = type >= kRolloutMessageTypeFirst && type <= kRolloutMessageTypeMax;
  const bool desired_type = type >= kDesiredMessageTypeFirst && type <= kDesiredMessageTypeMax;
  const bool monitoring_type =
      type >= kMonitoringMessageTypeFirst && type <= kMonitoringMessageTypeMax;
  const bool console_type = type >= kConsoleMessageTypeFirst && type <= kConsoleMessageTypeMax;
  if (type == 0 || (type > kMessageTypeMax && !data_type && !activation_type && !rollout_type &&
                    !desired_type && !monitoring_type && !console_type))
    return R::failure(DecodeError::unknown_type);
  const std::uint16_t length = r.u16();
  const std::uint32_t epoch = r.u32();
  const std::uint64_t counter = r.u64();
  if (length > kPayloadBytesMax) return R::failure(DecodeError::bad_length);
  if (r.remaining() < length + kTagBytes) return R::failure(DecodeError::truncated);
  if (r.remaining() > length + kTagBytes) return R::failure(DecodeError::bad_length);
  const auto payload = r.raw(length);
  return Envelope{static_cast<MessageType>(type), epoch, counter, payload,
                  datagram.first(kHeaderBytes + length), r.raw(kTagBytes)};
}


}  // namespace edgetwin::fw
