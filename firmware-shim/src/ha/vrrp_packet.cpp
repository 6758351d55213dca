#include "edgetwin/firmware/ha/vrrp_packet.hpp"

#include <algorithm>
#include <numeric>

#include "edgetwin/firmware/wire/byte_codec.hpp"

namespace edgetwin::fw {
namespace {

constexpr std::size_t kChecksumOffset = 6;
constexpr std::size_t kAddressBytes = 4;

// One's complement sum of big-endian 16-bit words, carries not yet folded.
std::uint32_t add_words(std::uint32_t sum, std::span<const std::byte> bytes, std::size_t skip_at) {
  for (std::size_t i = 0; i < bytes.size(); i += 2) {
    if (i == skip_at) continue;  // the checksum field counts as zero
    const auto hi = std::to_integer<std::uint32_t>(bytes[i]);
    const auto lo = i + 1 < bytes.size() ? std::to_integer<std::uint32_t>(bytes[i + 1]) : 0u;
    sum += (hi << 8) | lo;
  }
  return sum;
}

std::uint16_t fold(std::uint32_t sum) {
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum & 0xffff);
}

}  // namespace

std::string_view to_string(VrrpDecodeError e) {
  switch (e) {
    case VrrpDecodeError::truncated:
      return "truncated";
    case VrrpDecodeError::bad_version:
      return "bad_version";
    case VrrpDecodeError::bad_type:
      return "bad_type";
    case VrrpDecodeError::bad_vrid:
      return "bad_vrid";
    case VrrpDecodeError::bad_checksum:
      return "bad_checksum";
    case VrrpDecodeError::bad_length:
      return "bad_length";
    case VrrpDecodeError::bad_interval:
      return "bad_interval";
  }
  return "unknown";
}

std::uint16_t vrrp_checksum(std::span<const std::byte> message, std::uint32_t src_ip,
                            std::uint32_t dst_ip) {
  std::uint32_t sum = (src_ip >> 16) + (src_ip & 0xffff) + (dst_ip >> 16) + (dst_ip & 0xffff);
  sum += kVrrpIpProtocol;  // the zero byte and the protocol byte make one word
  sum += static_cast<std::uint32_t>(message.size() & 0xffff);
  return fold(add_words(sum, message, kChecksumOffset));
}

Bytes encode_advert(const VrrpAdvert& advert, std::uint32_t src_ip, std::uint32_t dst_ip) {
  const std::size_t count = std::min(advert.addresses.size(), kVrrpAddressesMax);
  ByteWriter w;
  w.u8(static_cast<std::uint8_t>(kVrrpVersion << 4 | kVrrpTypeAdvertisement));
  w.u8(advert.vrid);
  w.u8(advert.priority);
  w.u8(static_cast<std::uint8_t>(count));
  w.u16(advert.max_advert_interval_cs & kVrrpAdvertIntervalCsMax);  // reserved bits stay zero
  w.u16(0);                                                         // checksum, filled in below
  for (std::size_t i = 0; i < count; ++i) w.u32(advert.addresses[i]);
  Bytes out = w.take();
  const std::uint16_t checksum = vrrp_checksum(out, src_ip, dst_ip);
  out[kChecksumOffset] = static_cast<std::byte>(checksum >> 8);
  out[kChecksumOffset + 1] = static_cast<std::byte>(checksum & 0xff);
  return out;
}

Result<VrrpAdvert, VrrpDecodeError> decode_advert(std::span<const std::byte> message,
                                                  std::uint32_t src_ip, std::uint32_t dst_ip,
                                                  std::uint8_t expected_vrid) {
  using R = Result<VrrpAdvert, VrrpDecodeError>;
  if (message.size() < kVrrpHeaderBytes) return R::failure(VrrpDecodeError::truncated);
  ByteReader r(message);
  const std::uint8_t version_type = r.u8();
  if (version_type >> 4 != kVrrpVersion) return R::failure(VrrpDecodeError::bad_version);
  if ((version_type & 0x0f) != kVrrpTypeAdvertisement) return R::failure(VrrpDecodeError::bad_type);
  VrrpAdvert advert;
  advert.vrid = r.u8();
  advert.priority = r.u8();
  const std::size_t count = r.u8();
  advert.max_advert_interval_cs = r.u16() & kVrrpAdvertIntervalCsMax;  // reserved bits ignored
  const std::uint16_t checksum = r.u16();
  const std::size_t expected_size = kVrrpHeaderBytes + kAddressBytes * count;
  if (message.size() < expected_size) return R::failure(VrrpDecodeError::truncated);
  if (message.size() > expected_size) return R::failure(VrrpDecodeError::bad_length);
  if (vrrp_checksum(message, src_ip, dst_ip) != checksum)
    return R::failure(VrrpDecodeError::bad_checksum);
  if (advert.vrid != expected_vrid) return R::failure(VrrpDecodeError::bad_vrid);
  if (advert.max_advert_interval_cs == 0) return R::failure(VrrpDecodeError::bad_interval);
  advert.addresses.reserve(count);
  for (std::size_t i = 0; i < count; ++i) advert.addresses.push_back(r.u32());
  return advert;
}


}  // namespace edgetwin::fw
