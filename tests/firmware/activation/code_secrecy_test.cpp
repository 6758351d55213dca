// Codes an attacker must not be able to work out (issue 17, item 3): a join token seen on one
// node's start script says nothing about the next one; a guess that hits another node's live
// code is answered like any wrong guess; the code book forgets used and expired codes, so it
// never fills up for good.
#include <gtest/gtest.h>

#include <set>

#include "edgetwin/firmware/activation/bind_code_book.hpp"
#include "edgetwin/firmware/activation/join_token.hpp"
#include "edgetwin/firmware/base/seeded_secure_stream.hpp"
#include "edgetwin/testing/test_network.hpp"
#include "fixtures/code_book_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::CodeRejection;
using fw::Duration;

// --- The attack: SplitMix64's output is its state through a bijection, so one output undone
// gives the state and every later output. A token's hex digits are the low nibbles first.

std::uint64_t inverse_odd(std::uint64_t a) {  // a * inverse == 1 (mod 2^64), Newton's method
  std::uint64_t x = a;
  for (int i = 0; i < 6; ++i) x *= 2 - a * x;
  return x;
}

std::uint64_t undo_xorshift(std::uint64_t y, int shift) {
  std::uint64_t x = y;
  for (int i = 0; i < 64 / shift + 1; ++i) x = y ^ (x >> shift);
  return x;
}

std::uint64_t unmix(std::uint64_t z) {
  z = undo_xorshift(z, 31);
  z *= inverse_odd(0x94d049bb133111ebull);
  z = undo_xorshift(z, 27);
  z *= inverse_odd(0xbf58476d1ce4e5b9ull);
  return undo_xorshift(z, 30);
}

std::uint64_t splitmix_next(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

std::uint64_t nibbles(std::string_view hex16) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 16; ++i) {
    const char c = hex16[i];
    const std::uint64_t d =
        c <= '9' ? static_cast<std::uint64_t>(c - '0') : static_cast<std::uint64_t>(c - 'a' + 10);
    v |= d << (4 * i);
  }
  return v;
}

std::string hex_of(std::uint64_t bits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 16; ++i, bits >>= 4) s.push_back(kHex[bits & 0xf]);
  return s;
}

// The next token as the attacker predicts it from one observed token.
std::string predict_next_token(std::string_view observed) {
  std::uint64_t state = unmix(nibbles(observed.substr(0, 16)));
  splitmix_next(state);  // the observed token's second half
  const std::uint64_t a = splitmix_next(state);
  return hex_of(a) + hex_of(splitmix_next(state));
}

TEST(CodeSecrecy, TheAttackWorksOnTheSeededRngItself) {
  // The attack is sound: on a stream drawn from Platform::rng() it predicts exactly.
  CloudClock c;
  std::vector<std::string> halves;  // drawn one by one: the order of a + b's operands is open
  for (int i = 0; i < 4; ++i) halves.push_back(hex_of(c.platform.rng().next_u64()));
  EXPECT_EQ(predict_next_token(halves[0] + halves[1]), halves[2] + halves[3]);
}

TEST(CodeSecrecy, OneJoinTokenDoesNotGiveTheNext) {
  CloudClock c;
  fw::JoinTokens tokens(c.platform);
  const std::string seen = fw::join_token_of(tokens.start_script("gen-01", "edge").value());
  const std::string next = fw::join_token_of(tokens.start_script("gen-02", "edge").value());
  ASSERT_EQ(seen.size(), 32u);
  EXPECT_NE(predict_next_token(seen), next);
  // Nor does the token share a half with what rng() hands out next.
  const std::uint64_t r = c.platform.rng().next_u64();
  EXPECT_EQ(next.find(hex_of(r)), std::string::npos);
}

TEST(CodeSecrecy, SecureStreamIsReproducibleAndPerNode) {
  auto draw = [](std::uint64_t seed, std::string_view name) {
    fw::SeededSecureStream s(seed, name);
    std::array<std::byte, 48> out{};
    s.fill(out);
    std::array<std::byte, 16> more{};
    s.fill(more);
    return std::pair{out, more};
  };
  EXPECT_EQ(draw(7, "cloud"), draw(7, "cloud"));  // a seed fixes a run
  EXPECT_NE(draw(7, "cloud"), draw(8, "cloud"));
  EXPECT_NE(draw(7, "cloud"), draw(7, "box-1"));
  EXPECT_NE(draw(7, "cloud").second, (std::array<std::byte, 16>{}));
}

TEST(CodeSecrecy, AnotherNodesLiveCodeIsAnsweredAsWrong) {
  CloudClock c;
  fw::OneTimeCodeBook book(c.platform, {});
  const auto theirs = book.issue("s001-a").value();
  book.issue("s001-b").value();
  // A guesser at s001-b learns nothing from hitting s001-a's code: the same answer as a miss.
  EXPECT_EQ(reason(book.redeem("s001-b", theirs)), CodeRejection::wrong);
  EXPECT_EQ(reason(book.redeem("s001-a", theirs)), CodeRejection::none);  // still s001-a's
}

TEST(CodeSecrecy, ExpiredCodesArePrunedSoTheBookNeverFillsForGood) {
  CloudClock c;
  fw::OneTimeCodeBook book(c.platform, {});
  for (std::size_t i = 0; i < fw::OneTimeCodeBook::kCodesMax; ++i)
    ASSERT_TRUE(book.issue("n" + std::to_string(i % 1000))) << i;
  EXPECT_FALSE(book.issue("late"));  // full for now: a bound, not a leak
  c.network.run_for(book.config().ttl);
  EXPECT_TRUE(book.issue("late"));  // the expired ones were forgotten
  EXPECT_LE(book.codes_held(), 1u);
}

TEST(CodeSecrecy, UsedCodesArePruned) {
  CloudClock c;
  fw::OneTimeCodeBook book(c.platform, {});
  for (std::size_t i = 0; i <= fw::OneTimeCodeBook::kCodesMax; ++i) {
    const std::string node = "n" + std::to_string(i % 1000);
    const auto code = book.issue(node);
    ASSERT_TRUE(code) << i;
    ASSERT_TRUE(book.redeem(node, code.value())) << i;
  }
  EXPECT_EQ(book.codes_held(), 0u);
}

TEST(CodeSecrecy, ANodesOwnUsedAndReplacedCodesStillSayWhy) {
  CloudClock c;
  fw::OneTimeCodeBook book(c.platform, {});
  const auto used = book.issue("s001-a").value();
  ASSERT_TRUE(book.redeem("s001-a", used));
  EXPECT_EQ(reason(book.redeem("s001-a", used)), CodeRejection::used);
  const auto old_code = book.issue("s001-a").value();
  const auto new_code = book.issue("s001-a").value();
  EXPECT_EQ(reason(book.redeem("s001-a", old_code)), CodeRejection::expired);
  EXPECT_EQ(reason(book.redeem("s001-a", new_code)), CodeRejection::none);
}

TEST(CodeSecrecy, GuessesForUnknownNodesLeaveNoState) {
  CloudClock c;
  fw::OneTimeCodeBook book(c.platform, {});
  for (int i = 0; i < 1000; ++i)
    EXPECT_EQ(reason(book.redeem("ghost-" + std::to_string(i), "00000000")), CodeRejection::wrong);
  EXPECT_EQ(book.nodes_held(), 0u);
}

}  // namespace
}  // namespace edgetwin::testing
