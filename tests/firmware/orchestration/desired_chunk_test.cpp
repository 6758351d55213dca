// A site's desired state larger than one datagram: its chunks (wire type 82), their reassembly
// by generation on the box, and the status that names the ready containers of a full box
// (docs/orchestration.md, "Sites of full size").
#include "edgetwin/firmware/orchestration/desired_chunk.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <string>
#include <vector>

#include "edgetwin/firmware/orchestration/desired_chunk_assembler.hpp"
#include "edgetwin/firmware/orchestration/desired_messages.hpp"
#include "edgetwin/firmware/wire/byte_codec.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::testing {
namespace {

using Outcome = fw::DesiredChunkAssembler::Outcome;

// The manual's full site: 32 apps (five subsystems of four services, ten built-in components,
// Link Visual's two) with two replicas each, one per box.
fw::SiteDesiredState full_site(std::uint64_t generation, std::size_t containers = 64) {
  fw::SiteDesiredState s{"s001", generation, {{"s001-a", {}}, {"s001-b", {}}}};
  for (std::size_t i = 0; i < containers; ++i) {
    const std::string app = "access-control-records-" + std::to_string(i / 2);
    fw::ContainerSpec c{
        app + "-" + std::to_string(i % 2), app, 0.5, 1, 1024, 2048, 0, "high", true};
    s.nodes[i % 2].second.push_back(c);
  }
  return s;
}

// The layout of SiteDesiredState::encode without its bound: what a forger could send.
fw::Bytes unbounded_encoding(const fw::SiteDesiredState& s) {
  fw::ByteWriter w;
  w.str(s.site);
  w.u64(s.generation);
  w.u8(static_cast<std::uint8_t>(s.nodes.size()));
  for (const auto& [node, containers] : s.nodes) {
    w.str(node);
    w.u8(static_cast<std::uint8_t>(containers.size()));
    for (const auto& c : containers) {
      w.str(c.name);
      w.str(c.app);
      for (double v : {c.cpu_request, c.cpu_limit, c.memory_request_mib, c.memory_limit_mib})
        w.u64(std::bit_cast<std::uint64_t>(v));
      w.u8(static_cast<std::uint8_t>(c.gpu));
      w.str(c.priority);
      w.u8(c.stateless ? 1 : 0);
    }
  }
  return w.take();
}

std::vector<fw::DesiredChunk> chunks_of(const fw::SiteDesiredState& s) {
  const auto bytes = s.encode();
  EXPECT_TRUE(bytes);
  const auto chunks = fw::split_desired_state(s.site, s.generation, *bytes);
  EXPECT_TRUE(chunks);
  return *chunks;
}

TEST(DesiredChunk, AFullSiteNeedsSeveralChunksEachWithinOneDatagram) {
  const auto s = full_site(3);
  const auto bytes = *s.encode();
  EXPECT_GT(bytes.size(), fw::kPayloadBytesMax);  // what one desired_state could not carry
  const auto chunks = chunks_of(s);
  EXPECT_GE(chunks.size(), 5u);
  for (const auto& c : chunks) {
    const auto encoded = c.encode();
    EXPECT_LE(encoded.size(), fw::kPayloadBytesMax);
    const auto back = fw::DesiredChunk::decode(encoded);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->data, c.data);
    EXPECT_EQ(back->digest, c.digest);
    EXPECT_EQ(back->count, chunks.size());
  }
}

TEST(DesiredChunk, DecodingIsStrict) {
  fw::DesiredChunk c = chunks_of(full_site(3))[1];
  EXPECT_TRUE(fw::DesiredChunk::decode(c.encode()));
  auto padded = c.encode();
  padded.push_back(std::byte{0});
  EXPECT_FALSE(fw::DesiredChunk::decode(padded));
  auto truncated = c.encode();
  truncated.pop_back();
  EXPECT_FALSE(fw::DesiredChunk::decode(truncated));
  fw::DesiredChunk bad = c;
  bad.index = bad.count;  // past the end
  EXPECT_FALSE(fw::DesiredChunk::decode(bad.encode()));
  bad = c;
  bad.count = 0;
  bad.index = 0;
  EXPECT_FALSE(fw::DesiredChunk::decode(bad.encode()));
  bad = c;
  bad.count = fw::kDesiredChunksMax + 1;
  EXPECT_FALSE(fw::DesiredChunk::decode(bad.encode()));
  bad = c;
  bad.data.clear();
  EXPECT_FALSE(fw::DesiredChunk::decode(bad.encode()));
  bad = c;
  bad.data.assign(fw::kDesiredChunkDataMax + 1, std::byte{1});
  EXPECT_FALSE(fw::DesiredChunk::decode(bad.encode()));
}

TEST(DesiredChunkAssembler, ReassemblesInAnyOrderWithDuplicates) {
  const auto s = full_site(3);
  auto chunks = chunks_of(s);
  std::reverse(chunks.begin(), chunks.end());
  fw::DesiredChunkAssembler a;
  fw::Bytes state;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const auto offer = a.offer(chunks[i], 2);
    if (i + 1 < chunks.size()) {
      EXPECT_EQ(offer.outcome, Outcome::partial);
      EXPECT_EQ(a.offer(chunks[i], 2).outcome, Outcome::duplicate);
    } else {
      ASSERT_EQ(offer.outcome, Outcome::complete);
      state = offer.state;
    }
  }
  EXPECT_EQ(state, *s.encode());
  const auto back = fw::SiteDesiredState::decode(state);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->container_count(), 64u);
  EXPECT_FALSE(a.in_transfer());
  EXPECT_EQ(a.stats().duplicates, chunks.size() - 1);
  EXPECT_EQ(a.stats().assembled, 1u);
  // The last part again, after the whole: the box holds generation 3 now, so it is stale.
  EXPECT_EQ(a.offer(chunks.back(), 3).outcome, Outcome::stale);
}

TEST(DesiredChunkAssembler, ALostChunkIsNamedAndTheResendCompletesTheTransfer) {
  const auto chunks = chunks_of(full_site(4));
  fw::DesiredChunkAssembler a;
  for (const auto& c : chunks)
    if (c.index != 2) {
      EXPECT_EQ(a.offer(c, 3).outcome, Outcome::partial);
    }
  EXPECT_EQ(a.missing(), (std::vector<std::uint8_t>{2}));
  EXPECT_EQ(a.generation(), 4u);
  // The cloud sends the whole state again: the parts held are duplicates, the lost one ends it.
  std::vector<Outcome> outcomes;
  for (const auto& c : chunks) outcomes.push_back(a.offer(c, 3).outcome);
  EXPECT_EQ(outcomes[2], Outcome::complete);
  EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), Outcome::duplicate), 2);
  EXPECT_EQ(a.stats().assembled, 1u);
}

TEST(DesiredChunkAssembler, ANewerGenerationAbandonsTheTransferAndOlderChunksAreStale) {
  const auto old_chunks = chunks_of(full_site(5));
  auto newer = full_site(6);
  newer.nodes[0].second.pop_back();  // a different state, not just a new number
  const auto new_chunks = chunks_of(newer);
  fw::DesiredChunkAssembler a;
  EXPECT_EQ(a.offer(old_chunks[0], 4).outcome, Outcome::partial);
  EXPECT_EQ(a.offer(old_chunks[1], 4).outcome, Outcome::partial);
  EXPECT_EQ(a.offer(new_chunks[0], 4).outcome, Outcome::partial);  // generation 6 starts
  EXPECT_EQ(a.generation(), 6u);
  EXPECT_EQ(a.stats().abandoned, 1u);
  // Generation 5's other parts arrive late: never combined with 6's.
  for (std::size_t i = 2; i < old_chunks.size(); ++i)
    EXPECT_EQ(a.offer(old_chunks[i], 4).outcome, Outcome::stale);
  fw::DesiredChunkAssembler::Offer last;
  for (std::size_t i = 1; i < new_chunks.size(); ++i) last = a.offer(new_chunks[i], 4);
  ASSERT_EQ(last.outcome, Outcome::complete);
  EXPECT_EQ(last.state, *newer.encode());
}

TEST(DesiredChunkAssembler, ChunksOfTwoStatesOfOneGenerationAreNeverCombined) {
  const auto s = full_site(7);
  auto other = s;
  other.nodes[1].second[0].cpu_limit = 3;  // same generation, other content
  const auto mine = chunks_of(s), theirs = chunks_of(other);
  fw::DesiredChunkAssembler a;
  EXPECT_EQ(a.offer(mine[0], 6).outcome, Outcome::partial);
  EXPECT_EQ(a.offer(theirs[1], 6).outcome, Outcome::rejected);  // another digest
  EXPECT_FALSE(a.in_transfer());  // neither side is trusted: the resend starts clean
  EXPECT_EQ(a.stats().rejected, 1u);
  fw::DesiredChunkAssembler::Offer last;
  for (const auto& c : mine) last = a.offer(c, 6);
  ASSERT_EQ(last.outcome, Outcome::complete);
  EXPECT_EQ(last.state, *s.encode());
}

TEST(DesiredChunkAssembler, AForgedPartIsRejectedNotObeyed) {
  const auto chunks = chunks_of(full_site(8));
  fw::DesiredChunkAssembler a;
  // A part with the right header but other bytes: the whole fails its digest.
  auto forged = chunks[1];
  forged.data[10] ^= std::byte{0x01};
  EXPECT_EQ(a.offer(forged, 7).outcome, Outcome::partial);
  fw::DesiredChunkAssembler::Offer last;
  for (const auto& c : chunks)
    if (c.index != 1) last = a.offer(c, 7);
  EXPECT_EQ(last.outcome, Outcome::rejected);
  EXPECT_FALSE(a.in_transfer());
  // A part already held, sent again with other bytes: rejected at once.
  EXPECT_EQ(a.offer(chunks[0], 7).outcome, Outcome::partial);
  auto changed = chunks[0];
  changed.data[0] ^= std::byte{0x80};
  EXPECT_EQ(a.offer(changed, 7).outcome, Outcome::rejected);
  EXPECT_EQ(a.stats().rejected, 2u);
  EXPECT_EQ(a.stats().assembled, 0u);
}

TEST(DesiredStateBound, TheNamedBoundIsTheLimitNotTheDatagram) {
  EXPECT_TRUE(full_site(1, fw::kDesiredContainersMax).encode());
  EXPECT_FALSE(full_site(1, fw::kDesiredContainersMax + 1).encode());
  // A box refuses a state above the bound as well, however it arrived.
  EXPECT_TRUE(
      fw::SiteDesiredState::decode(unbounded_encoding(full_site(1, fw::kDesiredContainersMax))));
  EXPECT_FALSE(fw::SiteDesiredState::decode(
      unbounded_encoding(full_site(1, fw::kDesiredContainersMax + 1))));
}

TEST(DesiredStatus, AFullBoxReportsItsReadyContainersAsABitmap) {
  const auto s = full_site(9, fw::kDesiredContainersMax);
  auto desired = s.for_node("s001-a").containers;  // by name
  desired.resize(61);                              // not a whole number of bytes of bits
  fw::DesiredStatus status{"s001-a", 9, {}, std::nullopt, {"s001-b"}};
  for (std::size_t i = 0; i < desired.size(); ++i)
    if (i % 7 != 0) status.ready.push_back(desired[i].name);
  const auto names = status.ready;
  EXPECT_GT(status.encode().size(), fw::kPayloadBytesMax);  // the names would not fit
  status.compact(desired);
  ASSERT_TRUE(status.ready_bits);
  EXPECT_LE(status.encode().size(), fw::kPayloadBytesMax);
  const auto back = fw::DesiredStatus::decode(status.encode());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->peers_down, (std::vector<std::string>{"s001-b"}));
  EXPECT_EQ(back->ready_names(desired), names);
  desired.pop_back();  // another plan than the box's: the bitmap means nothing there
  EXPECT_FALSE(back->ready_names(desired));
  // Unused bits set: not what a box writes.
  auto bytes = status.encode();
  bytes[bytes.size() - 1 - 1 - 1 - 6] |= std::byte{0x01};  // before peers: u8 count, "s001-b"
  EXPECT_FALSE(fw::DesiredStatus::decode(bytes));
}

TEST(DesiredStatus, ASmallBoxStillReportsNames) {
  fw::DesiredStatus status{"s001-a", 2, {"web-0", "web-1"}, std::nullopt, {}};
  const auto before = status.encode();
  std::vector<fw::ContainerSpec> desired(2);
  desired[0].name = "web-0";
  desired[1].name = "web-1";
  status.compact(desired);
  EXPECT_FALSE(status.ready_bits);
  EXPECT_EQ(status.encode(), before);
}

}  // namespace
}  // namespace edgetwin::testing
