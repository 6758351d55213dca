#include "edgetwin/firmware/orchestration/desired_chunk_assembler.hpp"

namespace edgetwin::fw {

using Offer = DesiredChunkAssembler::Offer;
using Outcome = DesiredChunkAssembler::Outcome;

Offer DesiredChunkAssembler::offer(const DesiredChunk& chunk, std::uint64_t held) {
  if (chunk.generation <= held || (transfer_ && chunk.generation < transfer_->generation)) {
    ++stats_.stale;
    return {Outcome::stale, {}};
  }
  if (transfer_ && chunk.generation > transfer_->generation) {
    ++stats_.abandoned;  // superseded: its parts never meet the new generation's
    transfer_.reset();
  }
  if (!transfer_) {
    transfer_ = Transfer{chunk.generation, chunk.digest, {}, 0};
    transfer_->parts.resize(chunk.count);
  }
  Transfer& t = *transfer_;
  if (chunk.count != t.parts.size() || chunk.digest != t.digest) return reject();
  std::optional<Bytes>& part = t.parts[chunk.index];
  if (part) {
    if (*part != chunk.data) return reject();  // the same part twice, but not the same bytes
    ++stats_.duplicates;
    return {Outcome::duplicate, {}};
  }
  part = chunk.data;
  ++t.received;
  ++stats_.accepted;
  if (t.received < t.parts.size()) return {Outcome::partial, {}};
  return complete();
}

Offer DesiredChunkAssembler::complete() {
  Bytes state;
  for (const auto& part : transfer_->parts) state.insert(state.end(), part->begin(), part->end());
  if (state.size() > kDesiredStateBytesMax || desired_digest(state) != transfer_->digest)
    return reject();
  transfer_.reset();
  ++stats_.assembled;
  return {Outcome::complete, std::move(state)};
}

Offer DesiredChunkAssembler::reject() {
  ++stats_.rejected;
  ++stats_.abandoned;
  transfer_.reset();
  return {Outcome::rejected, {}};
}

void DesiredChunkAssembler::forget_up_to(std::uint64_t held) {
  if (transfer_ && transfer_->generation <= held) {
    ++stats_.abandoned;
    transfer_.reset();
  }
}

std::vector<std::uint8_t> DesiredChunkAssembler::missing() const {
  std::vector<std::uint8_t> out;
  if (!transfer_) return out;
  for (std::size_t i = 0; i < transfer_->parts.size(); ++i)
    if (!transfer_->parts[i]) out.push_back(static_cast<std::uint8_t>(i));
  return out;
}

}  // namespace edgetwin::fw
