#include "edgetwin/firmware/wire/sealing_platform.hpp"

#include "edgetwin/firmware/wire/envelope_seal.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {

SealingPlatform::SealingPlatform(Platform& inner, std::string self, WireKeys keys)
    : inner_(inner), self_(std::move(self)), keys_(std::move(keys)), macs_(keys_) {}

void SealingPlatform::send(const Address& to, Channel channel,
                           std::span<const std::byte> datagram) {
  if (channel != Channel::firmware) return inner_.send(to, channel, datagram);
  if (auto sealed = seal(to, datagram)) inner_.send(to, channel, *sealed);
}

std::optional<Bytes> SealingPlatform::seal(const Address& to, std::span<const std::byte> envelope) {
  if (envelope.size() < kHeaderBytes + kTagBytes) {
    ++stats_.malformed;
    return std::nullopt;
  }
  // The type is under the tag, at its place in the header (wire.hpp); the key depends on it.
  const auto type = static_cast<MessageType>(std::to_integer<std::uint8_t>(envelope[kTypeOffset]));
  const WireMac* mac = macs_.for_peer(to, type);
  if (mac == nullptr) {
    ++stats_.no_key;
    return std::nullopt;
  }
  Bytes sealed(envelope.begin(), envelope.end());
  seal_envelope(sealed, ++counter_, *mac, self_);
  ++stats_.sealed;
  return sealed;
}

}  // namespace edgetwin::fw
