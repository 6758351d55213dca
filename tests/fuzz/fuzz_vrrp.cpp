// libFuzzer target: a VRRP advertisement (RFC 5798) from the LAN, plain and authenticated.
// Byte 0 picks the mode: bit 0 fixes the checksum first (so mutations reach the fields behind
// it), bit 1 goes through VrrpAuth::open with a fixed key first. The rest is the packet.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "edgetwin/firmware/ha/vrrp_auth.hpp"
#include "edgetwin/firmware/ha/vrrp_packet.hpp"

namespace {

constexpr std::uint32_t kSrc = 0x0a4d0001;  // 10.77.0.1
constexpr std::uint32_t kDst = 0x0a4d0002;  // 10.77.0.2 (unicast peer, as edgeboxd sends)
constexpr std::uint8_t kVrid = 1;

void fix_checksum(std::vector<std::byte>& packet) {
  if (packet.size() < edgetwin::fw::kVrrpHeaderBytes) return;
  const std::uint16_t sum = edgetwin::fw::vrrp_checksum(packet, kSrc, kDst);
  packet[6] = static_cast<std::byte>(sum >> 8);
  packet[7] = static_cast<std::byte>(sum & 0xff);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace edgetwin::fw;
  if (size == 0) return 0;
  const std::uint8_t mode = data[0];
  std::vector<std::byte> packet(reinterpret_cast<const std::byte*>(data) + 1,
                                reinterpret_cast<const std::byte*>(data) + size);
  if ((mode & 2) == 0) {
    if (mode & 1) fix_checksum(packet);
    (void)decode_advert(packet, kSrc, kDst, kVrid);
    return 0;
  }
  VrrpKey key{};
  key.fill(0x5a);
  VrrpAuth auth(key, 1);
  const auto advert = auth.open(packet, kSrc, kDst);
  if (advert) (void)decode_advert(advert.value(), kSrc, kDst, kVrid);
  return 0;
}
