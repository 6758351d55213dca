// The cloud's "reset password" of a node's edge console travels to the box over its cloud link
// (issue 21, item 1): the box applies it once however often it arrives, answers every time,
// and a command that is forged, replayed, malformed or for another box is not run. The cloud
// re-sends until answered, also across a link outage and its own restart.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>

#include "edgetwin/firmware/access/console_messages.hpp"
#include "fixtures/site_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;
constexpr const char* kNewPassword = "North-gate-2026";

std::uint8_t type_of(std::span<const std::byte> datagram) {
  return datagram.size() > fw::kTypeOffset ? std::to_integer<std::uint8_t>(datagram[fw::kTypeOffset])
                                           : 0;
}

struct Console : SiteFixture {
  Console() {
    power_on_all();
    network.run_for(Duration::seconds(2));
  }
  fw::EdgeConsole& edge() { return agent_a().edge_console(); }
  // The super account logs in with `old` and sets `password` (the manual's forced change).
  void change(const char* old, const char* password) {
    ASSERT_EQ(edge().login("iotedgeadmin", old), std::nullopt);
    ASSERT_EQ(edge().change_password("iotedgeadmin", old, password), std::nullopt);
  }
  // The super account has left the default password, as the manual requires.
  void set_own_password() { change("iotedgeadmin", kNewPassword); }
  bool is_default() { return edge().account().must_change(); }
  std::optional<std::string> reset() {
    return cloud_agent().console().reset_password("admin", "s001", "s001-a");
  }
  std::vector<RecordedEvent> done() {
    std::vector<RecordedEvent> out;
    for (auto& e : cloud().recorded("console.command"))
      if (e.fields["phase"] == "done") out.push_back(e);
    return out;
  }
  std::uint64_t inbox_drops(fw::AuthDrop why) {
    return agent_a().inbox().stats().unauthenticated.of(why);
  }
};

TEST(ConsoleCommand, AResetReachesTheBoxWhichGoesBackToTheDefaultAndAnswers) {
  Console c;
  c.set_own_password();
  ASSERT_FALSE(c.is_default());
  ASSERT_EQ(c.reset(), std::nullopt);
  EXPECT_FALSE(c.is_default()) << "applied before crossing the network";
  c.network.run_for(Duration::milliseconds(100));
  EXPECT_TRUE(c.is_default());
  EXPECT_TRUE(c.edge().login("iotedgeadmin", kNewPassword));
  EXPECT_EQ(c.edge().login("iotedgeadmin", "iotedgeadmin"), std::nullopt);
  EXPECT_EQ(c.edge().view_apps("iotedgeadmin"), "the password must be changed first");
  // The cloud heard the answer, stopped sending, and said so.
  EXPECT_EQ(c.cloud_agent().console_commands().pending(), 0u);
  EXPECT_EQ(c.cloud_agent().console_commands().stats().applied, 1u);
  const auto done = c.done();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].fields["outcome"], "applied");
  EXPECT_EQ(done[0].fields["node"], "s001-a");
  EXPECT_EQ(done[0].fields["attempts"], 1);
  // The box audited who it ran it for.
  ASSERT_FALSE(c.agent_a().audit().entries().empty());
  EXPECT_EQ(c.agent_a().audit().entries().back().actor, "admin");
  EXPECT_EQ(c.agent_a().audit().entries().back().command, "password_reset");
  c.network.run_for(Duration::seconds(120));  // nothing more is sent once answered
  EXPECT_EQ(c.cloud_agent().console_commands().stats().sends, 1u);
}

// The answer is lost; the user sets a new password before the cloud re-sends: the repeat is
// answered from the box's ledger and does not throw the new password away.
TEST(ConsoleCommand, ARetryIsAnsweredWithoutRunningTheCommandAgain) {
  Console c;
  c.set_own_password();
  bool dropped_one = false;
  c.network.set_drop_filter([&](const std::string& from, const std::string& to, fw::Channel,
                                std::span<const std::byte> bytes) {
    if (from != "s001-a" || to != "cloud" || type_of(bytes) != 101 || dropped_one) return false;
    return dropped_one = true;
  });
  ASSERT_EQ(c.reset(), std::nullopt);
  c.network.run_for(Duration::milliseconds(100));
  ASSERT_TRUE(dropped_one);
  ASSERT_TRUE(c.is_default());
  EXPECT_EQ(c.cloud_agent().console_commands().pending(), 1u);
  c.change("iotedgeadmin", "Second-pass-2026");
  c.network.run_for(Duration::seconds(3));  // the first re-send is 2 s after the send
  EXPECT_EQ(c.cloud_agent().console_commands().pending(), 0u);
  EXPECT_EQ(c.agent_a().console_commands_run(), 1u);
  EXPECT_EQ(c.agent_a().console_commands_repeated(), 1u);
  EXPECT_FALSE(c.is_default()) << "the repeat reset the password the user set since";
  ASSERT_EQ(c.done().size(), 1u);
  EXPECT_EQ(c.done()[0].fields["attempts"], 2);
}

fw::ConsoleCommand command_for(const std::string& node, std::uint64_t id = 77) {
  return {id, fw::ConsoleCommandKind::reset_password, node, "s001", "admin"};
}

fw::Bytes envelope(const fw::ConsoleCommand& command) {
  return fw::encode_envelope(fw::MessageType::console_command, 1, command.encode());
}

TEST(ConsoleCommand, AForgedCommandIsDroppedUnrun) {
  Console c;
  c.set_own_password();
  // A stranger with the cloud's address: no valid tag.
  c.network.inject("cloud", "s001-a", envelope(command_for("s001-a")));
  // The peer box, which holds the site key but not this box's cloud-link key.
  c.network.inject("cloud", "s001-a", seal_as(c.network, "s001-b", "s001-a",
                                              envelope(command_for("s001-a", 78))));
  c.network.run_for(Duration::milliseconds(100));
  EXPECT_FALSE(c.is_default());
  EXPECT_EQ(c.agent_a().console_commands_run(), 0u);
  EXPECT_EQ(c.inbox_drops(fw::AuthDrop::forged), 2u);
  // The same command sealed by the cloud runs: the drop was the tag, not the content.
  c.network.inject("cloud", "s001-a", seal_as(c.network, "cloud", "s001-a",
                                              envelope(command_for("s001-a"))));
  c.network.run_for(Duration::milliseconds(100));
  EXPECT_TRUE(c.is_default());
}

TEST(ConsoleCommand, AReplayedCommandIsNotRunAgainNotEvenAfterTheBoxReboots) {
  Console c;
  c.set_own_password();
  std::optional<fw::Bytes> captured;
  c.network.set_drop_filter([&](const std::string& from, const std::string& to, fw::Channel,
                                std::span<const std::byte> bytes) {
    if (from == "cloud" && to == "s001-a" && type_of(bytes) == 100 && !captured)
      captured = fw::Bytes(bytes.begin(), bytes.end());
    return false;
  });
  ASSERT_EQ(c.reset(), std::nullopt);
  c.network.run_for(Duration::milliseconds(100));
  ASSERT_TRUE(captured);
  ASSERT_TRUE(c.is_default());
  c.change("iotedgeadmin", "Second-pass-2026");
  c.network.inject("cloud", "s001-a", *captured);  // the replay window refuses it
  c.network.run_for(Duration::milliseconds(100));
  EXPECT_EQ(c.inbox_drops(fw::AuthDrop::replayed), 1u);
  EXPECT_FALSE(c.is_default());
  // A rebooted box has a fresh replay window: its ledger on the disk refuses the repeat.
  c.a().power_off();
  c.a().power_on();
  c.network.run_for(Duration::seconds(1));
  c.network.inject("cloud", "s001-a", *captured);
  c.network.run_for(Duration::milliseconds(100));
  EXPECT_EQ(c.agent_a().console_commands_run(), 0u);
  EXPECT_EQ(c.agent_a().console_commands_repeated(), 1u);
  EXPECT_FALSE(c.is_default()) << "a replay after a reboot reset the password again";
}

TEST(ConsoleCommand, AMalformedCommandOrOneForAnotherBoxIsDroppedAndCounted) {
  Console c;
  c.set_own_password();
  const auto bad_payload = [&] {
    return c.agent_a().inbox().stats().malformed.of(fw::DecodeError::bad_payload);
  };
  const std::uint64_t before = bad_payload();
  fw::Bytes body = command_for("s001-a").encode();
  body.push_back(std::byte{0});  // a trailing byte
  c.network.inject("cloud", "s001-a",
                   seal_as(c.network, "cloud", "s001-a",
                           fw::encode_envelope(fw::MessageType::console_command, 1, body)));
  c.network.inject("cloud", "s001-a",
                   seal_as(c.network, "cloud", "s001-a", envelope(command_for("s001-b", 79))));
  c.network.run_for(Duration::milliseconds(100));
  EXPECT_EQ(bad_payload() - before, 2u);
  EXPECT_EQ(c.agent_a().console_commands_run(), 0u);
  EXPECT_FALSE(c.is_default());
}

// The box is cut off from the cloud: the reset waits, and goes through when the cloud hears
// the box again (its next node report), not a whole back-off later.
TEST(ConsoleCommand, AResetToABoxWhoseLinkIsDownCompletesWhenTheLinkReturns) {
  Console c;
  c.set_own_password();
  c.network.partition("cloud", "s001-a");
  const fw::Time asked = c.network.now();
  ASSERT_EQ(c.reset(), std::nullopt);
  c.network.run_for(Duration::seconds(100));
  EXPECT_FALSE(c.is_default());
  EXPECT_EQ(c.cloud_agent().console_commands().pending(), 1u);
  EXPECT_GE(c.cloud_agent().console_commands().stats().sends, 5u);  // 0, 2, 6, 14, 30, 62 s
  c.network.heal("cloud", "s001-a");
  c.network.run_for(Duration::seconds(12));  // a node report is due within 10 s
  EXPECT_TRUE(c.is_default());
  ASSERT_EQ(c.done().size(), 1u);
  const double elapsed = c.done()[0].fields["elapsed_s"];
  EXPECT_GE(elapsed, 100.0);
  EXPECT_LT(elapsed, 111.0);  // the back-off alone would have waited until 122 s
  EXPECT_LT(c.done()[0].t - asked, Duration::seconds(111));
}

// The cloud restarts with the command unanswered: it takes it back from its disk.
TEST(ConsoleCommand, APendingResetSurvivesACloudRestart) {
  Console c;
  c.set_own_password();
  c.network.partition("cloud", "s001-a");
  ASSERT_EQ(c.reset(), std::nullopt);
  c.network.run_for(Duration::seconds(5));
  c.cloud().power_off();
  c.cloud().power_on();
  c.network.heal("cloud", "s001-a");
  c.network.run_for(Duration::seconds(15));
  EXPECT_TRUE(c.is_default());
  EXPECT_EQ(c.cloud_agent().console_commands().pending(), 0u);
  EXPECT_EQ(c.cloud_agent().console_commands().stats().applied, 1u);
}

TEST(ConsoleCommand, MessagesDecodeStrictly) {
  const fw::ConsoleCommand command = command_for("s001-a", 1ull << 40);
  const auto back = fw::ConsoleCommand::decode(command.encode());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->id, command.id);
  EXPECT_EQ(back->node, "s001-a");
  EXPECT_EQ(back->actor, "admin");
  fw::Bytes body = command.encode();
  body[8] = std::byte{9};  // an unknown kind
  EXPECT_FALSE(fw::ConsoleCommand::decode(body));
  body = command.encode();
  body.pop_back();
  EXPECT_FALSE(fw::ConsoleCommand::decode(body));
  const fw::ConsoleCommandResult result{5, fw::ConsoleOutcome::refused, "the disk is full"};
  const auto r = fw::ConsoleCommandResult::decode(result.encode());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->outcome, fw::ConsoleOutcome::refused);
  EXPECT_EQ(r->why, "the disk is full");
  body = result.encode();
  body[8] = std::byte{2};  // an unknown outcome
  EXPECT_FALSE(fw::ConsoleCommandResult::decode(body));
}

}  // namespace
}  // namespace edgetwin::testing
