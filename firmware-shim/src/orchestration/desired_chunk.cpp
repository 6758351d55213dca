#include "edgetwin/firmware/orchestration/desired_chunk.hpp"

#include <sodium.h>

#include <algorithm>

#include "edgetwin/firmware/wire/byte_codec.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {

static_assert(1 + 255 + 8 + 1 + 1 + kDesiredDigestBytes + 2 + kDesiredChunkDataMax <=
                  kPayloadBytesMax,
              "a chunk of a site with the longest name fits one datagram");

Bytes DesiredChunk::encode() const {
  ByteWriter w;
  w.str(site);
  w.u64(generation);
  w.u8(index);
  w.u8(count);
  w.raw(digest);
  w.u16(static_cast<std::uint16_t>(data.size()));
  w.raw(data);
  return w.take();
}

std::optional<DesiredChunk> DesiredChunk::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  DesiredChunk m;
  m.site = r.str();
  m.generation = r.u64();
  m.index = r.u8();
  m.count = r.u8();
  const auto digest = r.raw(kDesiredDigestBytes);
  const std::size_t length = r.u16();
  if (!r.ok() || m.site.empty() || m.count == 0 || m.count > kDesiredChunksMax ||
      m.index >= m.count || length == 0 || length > kDesiredChunkDataMax)
    return std::nullopt;
  std::copy(digest.begin(), digest.end(), m.digest.begin());
  const auto data = r.raw(length);
  m.data.assign(data.begin(), data.end());
  return finish(r, std::move(m));
}

DesiredDigest desired_digest(std::span<const std::byte> state) {
  DesiredDigest out{};
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                     reinterpret_cast<const unsigned char*>(state.data()), state.size(), nullptr,
                     0);
  return out;
}

std::optional<std::vector<DesiredChunk>> split_desired_state(const std::string& site,
                                                             std::uint64_t generation,
                                                             std::span<const std::byte> state) {
  if (state.empty() || state.size() > kDesiredStateBytesMax) return std::nullopt;
  const std::size_t count = (state.size() + kDesiredChunkDataMax - 1) / kDesiredChunkDataMax;
  const DesiredDigest digest = desired_digest(state);
  std::vector<DesiredChunk> out;
  for (std::size_t i = 0; i < count; ++i) {
    const auto part =
        state.subspan(i * kDesiredChunkDataMax,
                      std::min(kDesiredChunkDataMax, state.size() - i * kDesiredChunkDataMax));
    out.push_back({site, generation, static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(count),
                   digest, Bytes(part.begin(), part.end())});
  }
  return out;
}

}  // namespace edgetwin::fw
