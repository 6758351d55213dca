// libFuzzer target: one firmware datagram as it arrives from the network, the envelope and
// then the body by its type (every message decoder). Seeds: one datagram per message type.
#include <cstddef>
#include <cstdint>
#include <span>

#include "decoders.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace edgetwin;
  const std::span<const std::byte> datagram(reinterpret_cast<const std::byte*>(data), size);
  const auto envelope = fw::decode_envelope(datagram);
  if (!envelope) return 0;
  fuzz::decode_payload(envelope.value().type, envelope.value().payload);
  return 0;
}
