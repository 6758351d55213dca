// The edge console's super account (the manual, 3.3): iotedgeadmin logs in with its name as
// the password, and until it has changed it the session can do nothing else; the cloud's reset
// brings the default (and the forced change) back and ends the session.
#include "edgetwin/firmware/activation/edge_console.hpp"

#include <gtest/gtest.h>

#include "edgetwin/testing/test_network.hpp"

namespace edgetwin::testing {
namespace {

class Idle final : public fw::Agent {
 public:
  void boot() override {}
  void on_datagram(const fw::Address&, fw::Channel, std::span<const std::byte>) override {}
};

struct Box {
  Box()
      : platform(network.add_node("box", [](fw::Platform&) { return std::make_unique<Idle>(); })) {
    platform.power_on();
  }
  fw::EdgeConsole console() {
    return fw::EdgeConsole(platform, fw::PasswordHasher(fw::PwhashCost::simulation()));
  }
  TestNetwork network;
  TestPlatform& platform;
};

TEST(EdgeConsole, TheSuperAccountMustChangeItsPasswordBeforeAnythingElse) {
  Box b;
  fw::EdgeConsole c = b.console();
  EXPECT_EQ(c.view_apps("iotedgeadmin"), "not logged in");
  EXPECT_EQ(c.login("iotedgeadmin", "wrong-one"), "wrong user name or password");
  EXPECT_EQ(c.login("iotedgeadmin", "iotedgeadmin"), std::nullopt);
  EXPECT_EQ(c.view_apps("iotedgeadmin"), "the password must be changed first");
  EXPECT_EQ(c.change_password("iotedgeadmin", "iotedgeadmin", "short"),
            "BAD PASSWORD: The password is too short");
  EXPECT_EQ(c.change_password("iotedgeadmin", "iotedgeadmin", "North-gate-2026"), std::nullopt);
  EXPECT_EQ(c.view_apps("iotedgeadmin"), std::nullopt);
  // Kept on the box's disk: a console made after a reboot knows the new password only.
  fw::EdgeConsole after = b.console();
  EXPECT_TRUE(after.login("iotedgeadmin", "iotedgeadmin"));
  EXPECT_EQ(after.login("iotedgeadmin", "North-gate-2026"), std::nullopt);
  EXPECT_EQ(after.view_apps("iotedgeadmin"), std::nullopt);
}

TEST(EdgeConsole, TheCloudsResetBringsBackTheDefaultAndEndsTheSession) {
  Box b;
  fw::EdgeConsole c = b.console();
  ASSERT_EQ(c.login("iotedgeadmin", "iotedgeadmin"), std::nullopt);
  ASSERT_EQ(c.change_password("iotedgeadmin", "iotedgeadmin", "North-gate-2026"), std::nullopt);
  EXPECT_EQ(c.reset_from_cloud(), std::nullopt);
  EXPECT_EQ(c.view_apps("iotedgeadmin"), "not logged in");
  EXPECT_TRUE(c.login("iotedgeadmin", "North-gate-2026"));
  EXPECT_EQ(c.login("iotedgeadmin", "iotedgeadmin"), std::nullopt);
  EXPECT_EQ(c.view_apps("iotedgeadmin"), "the password must be changed first");
  // Every command is on the box's event stream, with its outcome and never a password.
  const auto events = b.platform.recorded("edge_console");
  ASSERT_EQ(events.size(), 7u);
  for (const auto& e : events)
    EXPECT_EQ(e.fields.dump().find("North-gate-2026"), std::string::npos);
}

}  // namespace
}  // namespace edgetwin::testing
