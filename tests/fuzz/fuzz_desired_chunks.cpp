// libFuzzer target: a box's reassembly of chunked desired states (desired_chunk_assembler.hpp)
// fed any sequence of chunk payloads, as a cloud, a replaying network or a forger could send
// them. Input: records of a length (u16, big-endian) and that many bytes of a chunk payload.
// Whatever arrives, a state handed on must be whole: its bytes hash to the digest of the
// chunks that made it, it stays within kDesiredStateBytesMax, and it is of a generation above
// the one held.
#include <cstddef>
#include <cstdint>
#include <span>

#include "edgetwin/firmware/orchestration/desired_chunk_assembler.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace edgetwin::fw;
  const std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data), size);
  DesiredChunkAssembler assembler;
  std::uint64_t held = 0;
  std::size_t at = 0;
  while (at + 2 <= input.size()) {
    const std::size_t length = (std::to_integer<std::size_t>(input[at]) << 8) |
                               std::to_integer<std::size_t>(input[at + 1]);
    at += 2;
    if (length > input.size() - at) break;
    const auto chunk = DesiredChunk::decode(input.subspan(at, length));
    at += length;
    if (!chunk) continue;
    const auto offer = assembler.offer(*chunk, held);
    if (offer.outcome != DesiredChunkAssembler::Outcome::complete) continue;
    if (offer.state.size() > kDesiredStateBytesMax ||
        desired_digest(offer.state) != chunk->digest || chunk->generation <= held)
      __builtin_trap();
    // A box that takes the state holds its generation (whether or not it parses: the agent
    // checks that, not the reassembly).
    if (SiteDesiredState::decode(offer.state)) held = chunk->generation;
  }
  return 0;
}
