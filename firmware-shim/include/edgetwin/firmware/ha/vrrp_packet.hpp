#pragma once
// The VRRPv3 advertisement for IPv4, RFC 5798 section 5.1, byte for byte, so that a box can sit
// beside keepalived on the wire:
//
//   0         1       2          3        4                    6          8
//   | ver|type | VRID | priority | count  | rsvd(4)|max_adv(12) | checksum | IPv4 addrs (4*count)
//
// The checksum is the Internet checksum over the VRRP message prefixed by the IPv4
// pseudo-header (source, destination, zero, protocol 112, VRRP length), section 5.2.8; that
// is why encoding and decoding take the source and destination addresses.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "edgetwin/firmware/base/ipv4_cidr.hpp"
#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/base/reason_counters.hpp"
#include "edgetwin/firmware/base/result.hpp"

namespace edgetwin::fw {

inline constexpr std::uint8_t kVrrpVersion = 3;
inline constexpr std::uint8_t kVrrpTypeAdvertisement = 1;
inline constexpr std::uint8_t kVrrpIpProtocol = 112;
inline constexpr std::size_t kVrrpHeaderBytes = 8;
inline constexpr std::size_t kVrrpAddressesMax = 255;              // the count field is 8 bits
inline constexpr std::uint16_t kVrrpAdvertIntervalCsMax = 0x0fff;  // 12 bits of centiseconds
inline constexpr std::uint8_t kVrrpPriorityOwner = 255;            // the address owner
inline constexpr std::uint8_t kVrrpPriorityStepDown = 0;  // "the master stopped participating"

struct VrrpAdvert {
  std::uint8_t vrid = 0;
  std::uint8_t priority = 0;
  std::uint16_t max_advert_interval_cs = 0;
  std::vector<std::uint32_t> addresses;  // host order
  bool operator==(const VrrpAdvert&) const = default;
};

enum class VrrpDecodeError : std::uint8_t {
  truncated,  // shorter than the header, or than the header's address count says
  bad_version,
  bad_type,
  bad_vrid,  // not the virtual router we run
  bad_checksum,
  bad_length,    // bytes after the last address
  bad_interval,  // a zero Max Advertise Interval would make every timer fire at once
};
inline constexpr std::size_t kVrrpDecodeErrorKinds = 7;
std::string_view to_string(VrrpDecodeError e);

// The Internet checksum of `message` behind the pseudo-header, computed with the message's own
// checksum field (bytes 6 and 7) taken as zero.
std::uint16_t vrrp_checksum(std::span<const std::byte> message, std::uint32_t src_ip,
                            std::uint32_t dst_ip);

// The caller keeps addresses <= kVrrpAddressesMax and the interval <= kVrrpAdvertIntervalCsMax
// (VrrpConfig validation does); larger values are a caller bug and are cut to the field width.
Bytes encode_advert(const VrrpAdvert& advert, std::uint32_t src_ip, std::uint32_t dst_ip);
Result<VrrpAdvert, VrrpDecodeError> decode_advert(std::span<const std::byte> message,
                                                  std::uint32_t src_ip, std::uint32_t dst_ip,
                                                  std::uint8_t expected_vrid);

// Counts of dropped advertisements by reason.
using VrrpCounters = ReasonCounters<VrrpDecodeError, kVrrpDecodeErrorKinds>;

}  // namespace edgetwin::fw
