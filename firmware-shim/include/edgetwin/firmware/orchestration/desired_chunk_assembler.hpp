#pragma once
// The box's reassembly of a chunked desired state (desired_chunk.hpp). Pure: no platform, no
// clock; the DesiredStateAgent feeds it chunks and decides when to ask for the rest.
//
// It holds at most one state in transfer, keyed by (generation, count, digest):
// - chunks may arrive in any order; a duplicate of a held part is ignored;
// - a chunk of the generation the box holds, or of one older than the transfer, is stale;
// - a chunk of a newer generation abandons the transfer (its parts are never combined with
//   the new one's) and starts the new one;
// - a chunk of the same generation that disagrees (count, digest, or different bytes for a
//   part already held) is rejected, and so is the whole transfer: neither side is trusted,
//   and the cloud's next resend starts it clean; so is a completed state whose bytes do not
//   hash to the digest. The caller counts rejected chunks as bad payloads.
// Memory is bounded: one transfer, kDesiredChunksMax parts of kDesiredChunkDataMax bytes.
#include <cstdint>
#include <optional>
#include <vector>

#include "edgetwin/firmware/orchestration/desired_chunk.hpp"

namespace edgetwin::fw {

struct DesiredChunkStats {
  std::uint64_t accepted = 0;    // new parts of the transfer
  std::uint64_t duplicates = 0;  // parts already held
  std::uint64_t stale = 0;       // of a generation held or superseded
  std::uint64_t rejected = 0;    // disagreeing chunks and states that failed their digest
  std::uint64_t abandoned = 0;   // transfers given up for a newer generation or a rejection
  std::uint64_t assembled = 0;   // whole states handed on
};

class DesiredChunkAssembler {
 public:
  enum class Outcome { partial, complete, duplicate, stale, rejected };
  struct Offer {
    Outcome outcome = Outcome::partial;
    Bytes state;  // the whole encoded SiteDesiredState when `complete`
  };

  // `held`: the generation the box holds already.
  Offer offer(const DesiredChunk& chunk, std::uint64_t held);
  // Drops the transfer if its generation is not above `held` (a whole state came otherwise).
  void forget_up_to(std::uint64_t held);

  bool in_transfer() const { return transfer_.has_value(); }
  std::uint64_t generation() const { return transfer_ ? transfer_->generation : 0; }
  std::size_t count() const { return transfer_ ? transfer_->parts.size() : 0; }
  // The indexes of the parts not received yet, in order.
  std::vector<std::uint8_t> missing() const;
  const DesiredChunkStats& stats() const { return stats_; }

 private:
  struct Transfer {
    std::uint64_t generation = 0;
    DesiredDigest digest{};
    std::vector<std::optional<Bytes>> parts;
    std::size_t received = 0;
  };
  Offer reject();
  Offer complete();

  std::optional<Transfer> transfer_;
  DesiredChunkStats stats_;
};

}  // namespace edgetwin::fw
