// Bind codes and join tokens: bound to a node, single-use, expiring, locked out after wrong
// guesses with a growing back-off.
#include <gtest/gtest.h>

#include "edgetwin/firmware/activation/bind_code_book.hpp"
#include "edgetwin/firmware/activation/join_token.hpp"
#include "edgetwin/testing/test_network.hpp"
#include "fixtures/code_book_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::CodeRejection;
using fw::Duration;

TEST(BindCode, IsEightLowercaseHexAndRedeemsOnceForItsNode) {
  CloudClock c;
  fw::OneTimeCodeBook book(c.platform, {});
  auto code = book.issue("s001-a");
  ASSERT_TRUE(code);
  EXPECT_EQ(code.value().size(), 8u);
  EXPECT_TRUE(book.well_formed(code.value()));
  auto redeemed = book.redeem("s001-a", code.value());
  ASSERT_TRUE(redeemed);
  EXPECT_EQ(redeemed.value().node, "s001-a");
  EXPECT_EQ(reason(book.redeem("s001-a", code.value())), CodeRejection::used);
}

TEST(BindCode, CodesDifferBetweenNodesAndRuns) {
  CloudClock c;
  fw::OneTimeCodeBook book(c.platform, {});
  const auto a = book.issue("s001-a").value();
  const auto b = book.issue("s001-b").value();
  EXPECT_NE(a, b);
}

TEST(BindCode, WrongCodeIsRejected) {
  CloudClock c;
  fw::OneTimeCodeBook book(c.platform, {});
  const auto code = book.issue("s001-a").value();
  std::string wrong = code;
  wrong[0] = wrong[0] == '0' ? '1' : '0';
  EXPECT_EQ(reason(book.redeem("s001-a", wrong)), CodeRejection::wrong);
  EXPECT_EQ(reason(book.redeem("s001-a", "not-hex!")), CodeRejection::wrong);
  EXPECT_EQ(reason(book.redeem("s001-a", code)), CodeRejection::none);  // still good
}

TEST(BindCode, ExpiresAfterTwentyFourHoursByDefault) {
  CloudClock c;
  fw::OneTimeCodeBook book(c.platform, {});
  const auto code = book.issue("s001-a").value();
  c.network.run_for(Duration::seconds(24 * 3600 - 1));
  const auto fresh = book.issue("s001-b").value();
  c.network.run_for(Duration::seconds(1));
  EXPECT_EQ(reason(book.redeem("s001-a", code)), CodeRejection::expired);
  EXPECT_EQ(reason(book.redeem("s001-b", fresh)), CodeRejection::none);
}

TEST(BindCode, ExpiryIsConfigurable) {
  CloudClock c;
  fw::CodeBookConfig config;
  config.ttl = Duration::seconds(600);
  fw::OneTimeCodeBook book(c.platform, config);
  const auto code = book.issue("s001-a").value();
  c.network.run_for(Duration::seconds(600));
  EXPECT_EQ(reason(book.redeem("s001-a", code)), CodeRejection::expired);
}

TEST(BindCode, AnotherNodesCodeIsRejected) {
  CloudClock c;
  fw::OneTimeCodeBook book(c.platform, {});
  const auto a = book.issue("s001-a").value();
  const auto b = book.issue("s001-b").value();
  EXPECT_EQ(reason(book.redeem("s001-b", a)), CodeRejection::wrong);  // no oracle
  EXPECT_EQ(reason(book.redeem("s001-a", a)), CodeRejection::none);
  EXPECT_EQ(reason(book.redeem("s001-b", b)), CodeRejection::none);
}

TEST(BindCode, ANewCodeReplacesTheOldOne) {
  CloudClock c;
  fw::OneTimeCodeBook book(c.platform, {});
  const auto old_code = book.issue("s001-a").value();
  const auto new_code = book.issue("s001-a").value();
  EXPECT_EQ(reason(book.redeem("s001-a", old_code)), CodeRejection::expired);
  EXPECT_EQ(reason(book.redeem("s001-a", new_code)), CodeRejection::none);
}

TEST(BindCode, FiveWrongCodesLockOutWithGrowingBackoff) {
  CloudClock c;
  fw::OneTimeCodeBook book(c.platform, {});
  const auto code = book.issue("s001-a").value();
  auto guess_wrong = [&] { return book.redeem("s001-a", "00000000"); };
  for (int i = 1; i < 5; ++i) {
    auto r = guess_wrong();
    EXPECT_EQ(r.error().reason, CodeRejection::wrong);
    EXPECT_EQ(r.error().retry_after, Duration::zero()) << "attempt " << i;
  }
  auto fifth = guess_wrong();
  EXPECT_EQ(fifth.error().reason, CodeRejection::wrong);
  EXPECT_EQ(fifth.error().retry_after, Duration::seconds(60));
  // Locked: even the right code is refused until the lockout ends.
  auto locked = book.redeem("s001-a", code);
  EXPECT_EQ(locked.error().reason, CodeRejection::locked_out);
  EXPECT_EQ(locked.error().retry_after, Duration::seconds(60));
  c.network.run_for(Duration::seconds(30));
  EXPECT_EQ(book.lockout_remaining("s001-a"), Duration::seconds(30));
  // Another node is not affected.
  const auto b = book.issue("s001-b").value();
  EXPECT_EQ(reason(book.redeem("s001-b", b)), CodeRejection::none);
  c.network.run_for(Duration::seconds(30));
  // The next lockout is twice as long, then 4x, ... up to lockout_max (1 h).
  const Duration expected[] = {Duration::seconds(120),  Duration::seconds(240),
                               Duration::seconds(480),  Duration::seconds(960),
                               Duration::seconds(1920), Duration::seconds(3600),
                               Duration::seconds(3600)};
  for (Duration lockout : expected) {
    for (int i = 1; i < 5; ++i) EXPECT_EQ(guess_wrong().error().retry_after, Duration::zero());
    EXPECT_EQ(guess_wrong().error().retry_after, lockout);
    c.network.run_for(lockout);
  }
  // The right code still works after a lockout ends, and clears the back-off.
  EXPECT_EQ(reason(book.redeem("s001-a", code)), CodeRejection::none);
}

TEST(BindCode, OtherNodesCodesCountAsWrongGuesses) {
  CloudClock c;
  fw::OneTimeCodeBook book(c.platform, {});
  const auto a = book.issue("s001-a").value();
  book.issue("s001-b");
  for (int i = 0; i < 4; ++i) book.redeem("s001-b", a);
  EXPECT_EQ(book.redeem("s001-b", a).error().retry_after, Duration::seconds(60));
}

TEST(JoinToken, StartScriptCarriesAOneTimeTokenBoundToTheNode) {
  CloudClock c;
  fw::JoinTokens tokens(c.platform);
  const auto script = tokens.start_script("gen-01", "edge.example.com");
  ASSERT_TRUE(script);
  const std::string token = fw::join_token_of(script.value());
  EXPECT_EQ(token.size(), 32u);
  EXPECT_NE(script.value().find("--node gen-01"), std::string::npos);
  tokens.start_script("gen-02", "edge.example.com");
  EXPECT_EQ(reason(tokens.book().redeem("gen-02", token)), CodeRejection::wrong);
  EXPECT_EQ(reason(tokens.book().redeem("gen-01", token)), CodeRejection::none);
  EXPECT_EQ(reason(tokens.book().redeem("gen-01", token)), CodeRejection::used);
  EXPECT_EQ(reason(tokens.book().redeem("gen-01", token.substr(0, 8))), CodeRejection::wrong);
}

TEST(JoinToken, ExpiresLikeABindCode) {
  CloudClock c;
  fw::JoinTokens tokens(c.platform);
  const std::string token = fw::join_token_of(tokens.start_script("gen-01", "e").value());
  c.network.run_for(Duration::seconds(24 * 3600));
  EXPECT_EQ(reason(tokens.book().redeem("gen-01", token)), CodeRejection::expired);
  EXPECT_EQ(fw::join_token_of("echo hello"), "");
}

}  // namespace
}  // namespace edgetwin::testing
