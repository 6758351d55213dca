// The first boot's setup with the owner's real account (issue 17, item 5): the manual's
// "Do you want to change your password? [Y/n]" stays, but the factory password printed in
// the manual cannot be kept; an over-long password is refused with a message, never stored.
#include <gtest/gtest.h>

#include "edgetwin/firmware/activation/accounts_local.hpp"
#include "edgetwin/firmware/activation/setup_dialogue.hpp"
#include "edgetwin/testing/test_network.hpp"

namespace edgetwin::testing {
namespace {

using fw::ConsoleLines;
using fw::DialogueStep;

class Idle final : public fw::Agent {
 public:
  void boot() override {}
  void on_datagram(const fw::Address&, fw::Channel, std::span<const std::byte>) override {}
};

struct Box {
  Box()
      : platform(network.add_node("box", [](fw::Platform&) { return std::make_unique<Idle>(); })),
        owner(platform, "owner", "changepassword", true,
              fw::PasswordHasher(fw::PwhashCost::simulation())) {
    platform.power_on();
    dialogue.start();
    dialogue.on_line("owner");
    dialogue.on_line("changepassword");
  }
  TestNetwork network;
  TestPlatform& platform;
  fw::LocalAccount owner;
  fw::SetupDialogue dialogue{{}, owner};
};

TEST(FirstBootPassword, TheFactoryPasswordCannotBeKept) {
  Box b;
  ASSERT_EQ(b.dialogue.step(), DialogueStep::change_password_ask);
  EXPECT_EQ(b.dialogue.on_line("n"),
            (ConsoleLines{"You are required to change your password immediately (first boot).",
                          "New password:"}));
  EXPECT_EQ(b.dialogue.on_line("changepassword"),
            (ConsoleLines{"BAD PASSWORD: it is the same as the old one", "New password:"}));
  b.dialogue.on_line("owner-pw-2026");
  b.dialogue.on_line("owner-pw-2026");
  EXPECT_EQ(b.dialogue.step(), DialogueStep::sudo_merge);
  EXPECT_FALSE(b.owner.verify("changepassword"));
  EXPECT_FALSE(b.owner.must_change());
}

TEST(FirstBootPassword, AfterTheChangeTheManualsAnswerNIsFine) {
  // A setup run again later (the box was reset before activation): the owner already has a
  // password of their own, so "n" keeps it, as in the manual's transcript.
  Box first;
  first.dialogue.on_line("Y");
  first.dialogue.on_line("owner-pw-2026");
  first.dialogue.on_line("owner-pw-2026");
  fw::LocalAccount owner(first.platform, "owner", "changepassword", true,
                         fw::PasswordHasher(fw::PwhashCost::simulation()));
  fw::SetupDialogue again({}, owner);
  again.start();
  again.on_line("owner");
  again.on_line("owner-pw-2026");
  EXPECT_EQ(again.on_line("n"),
            (ConsoleLines{"Merging home partition to root...", "[sudo] password for owner:"}));
}

TEST(FirstBootPassword, AnOverlongPasswordIsRefusedWithAMessage) {
  Box b;
  b.dialogue.on_line("Y");
  const std::string huge(300, 'x');
  EXPECT_EQ(b.dialogue.on_line(huge),
            (ConsoleLines{"BAD PASSWORD: The password is longer than 256 bytes", "New password:"}));
  EXPECT_TRUE(b.owner.verify("changepassword"));  // nothing was stored
  b.dialogue.on_line("owner-pw-2026");
  b.dialogue.on_line("owner-pw-2026");
  EXPECT_TRUE(b.owner.verify("owner-pw-2026"));
}

}  // namespace
}  // namespace edgetwin::testing
