#pragma once
// A site's desired state too large for one datagram (more than about 16 containers) travels as
// a sequence of `desired_chunk` messages (wire type 82), each one part of the encoded
// SiteDesiredState, reassembled by the box (DesiredChunkAssembler).
//
// Why a new message type and not an index and count added to `desired_state` (80): a state
// that fits one datagram still travels as 80, byte for byte as before, so small sites, their
// event streams and a box that predates chunks are unchanged; and a chunk is a slice of bytes,
// not a SiteDesiredState of its own, so one container never has to fit in what is left of a
// datagram and the reassembled bytes are exactly what a box keeps on its disk.
//
// Layout (byte_codec, big-endian):
//   site str | generation u64 | index u8 | count u8 | digest (16) | length u16 | data (length)
// `digest` is BLAKE2b-128 of the whole encoded state, the same in every chunk of it: parts of
// two states of one generation (a cloud that restarted and re-planned, a replayed or forged
// chunk) never combine, and a completed state whose bytes do not hash to it is dropped.
// Decoding is strict: count 1 to kDesiredChunksMax, index below count, 1 to kDesiredChunkDataMax
// bytes of data, nothing trailing.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/orchestration/desired_messages.hpp"

namespace edgetwin::fw {

inline constexpr std::size_t kDesiredDigestBytes = 16;
using DesiredDigest = std::array<std::byte, kDesiredDigestBytes>;

// The data of one chunk: what a datagram holds after the header of a site name of up to 255
// bytes (1 + 255 + 8 + 1 + 1 + 16 + 2 = 284 of the 1200).
inline constexpr std::size_t kDesiredChunkDataMax = 900;
// Enough chunks for kDesiredStateBytesMax (32 KiB / 900 = 37).
inline constexpr std::size_t kDesiredChunksMax = 40;
static_assert(kDesiredChunksMax * kDesiredChunkDataMax >= kDesiredStateBytesMax);

struct DesiredChunk {
  std::string site;
  std::uint64_t generation = 0;
  std::uint8_t index = 0;
  std::uint8_t count = 1;
  DesiredDigest digest{};
  Bytes data = Bytes(1);

  Bytes encode() const;
  static std::optional<DesiredChunk> decode(std::span<const std::byte> payload);
};

DesiredDigest desired_digest(std::span<const std::byte> state);

// The chunks of an encoded state (SiteDesiredState::encode), in order; nullopt when it is
// empty or above kDesiredStateBytesMax.
std::optional<std::vector<DesiredChunk>> split_desired_state(const std::string& site,
                                                             std::uint64_t generation,
                                                             std::span<const std::byte> state);

}  // namespace edgetwin::fw
