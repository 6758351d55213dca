// The permission matrix: every control-plane command against an owner, a deploy-only grantee,
// an O&M-only grantee and an account with no grant.
#include "edgetwin/firmware/access/authorization.hpp"

#include <gtest/gtest.h>

#include "edgetwin/testing/test_network.hpp"

namespace edgetwin::testing {
namespace {

using fw::Command;
using fw::Permission;

class Idle final : public fw::Agent {
 public:
  void boot() override {}
  void on_datagram(const fw::Address&, fw::Channel, std::span<const std::byte>) override {}
};

struct Fixture {
  Fixture()
      : platform(network.add_node("cloud", [](fw::Platform&) { return std::make_unique<Idle>(); })),
        audit(platform),
        authz(audit) {
    platform.power_on();
    authz.add_cluster("c1", "owner");
    EXPECT_EQ(authz.grant("owner", "c1", "deployer", {Permission::deploy}), std::nullopt);
    EXPECT_EQ(authz.grant("owner", "c1", "operator", {Permission::om}), std::nullopt);
  }
  TestNetwork network;
  TestPlatform& platform;
  fw::AuditLog audit;
  fw::ClusterAuthorization authz;
};

// Which role may run which command: the manual's 集群部署权限 and 集群运维权限.
bool expected_allowed(const std::string& actor, Command c) {
  if (actor == "owner") return true;
  const Permission need = fw::required_permission(c);
  if (actor == "deployer") return need == Permission::deploy;
  if (actor == "operator") return need == Permission::om;
  return false;
}

TEST(Authorization, EveryCommandForEveryRole) {
  Fixture f;
  const std::vector<std::string> actors{"owner", "deployer", "operator", "stranger"};
  int checks = 0;
  for (const auto& actor : actors) {
    for (Command c : fw::kCommands) {
      SCOPED_TRACE(actor + " " + std::string(fw::to_string(c)));
      const std::size_t audited = f.audit.entries().size();
      const auto denial = f.authz.check(actor, "c1", c, "mysql");
      ++checks;
      EXPECT_EQ(!denial.has_value(), expected_allowed(actor, c));
      ASSERT_EQ(f.audit.entries().size(), audited + 1);  // every check is audited
      const fw::AuditEntry& e = f.audit.entries().back();
      EXPECT_EQ(e.actor, actor);
      EXPECT_EQ(e.command, fw::to_string(c));
      EXPECT_EQ(e.target, "mysql");
      EXPECT_EQ(e.allowed, !denial.has_value());
      if (denial) {
        const auto need = std::string(fw::to_string(fw::required_permission(c)));
        EXPECT_EQ(denial->missing, fw::required_permission(c));
        EXPECT_NE(denial->message.find("lacks the " + need + " permission"), std::string::npos)
            << denial->message;
        EXPECT_EQ(e.missing, need);
      }
    }
  }
  EXPECT_EQ(checks, 4 * static_cast<int>(fw::kCommands.size()));
  // And the platform saw each as an `audit` event (the two grants of the fixture too).
  EXPECT_EQ(f.platform.recorded("audit").size(), static_cast<std::size_t>(checks + 2));
}

TEST(Authorization, CommandsNeedTheManualsPermissions) {
  EXPECT_EQ(fw::required_permission(Command::app_deploy), Permission::deploy);
  EXPECT_EQ(fw::required_permission(Command::app_upgrade), Permission::deploy);
  EXPECT_EQ(fw::required_permission(Command::app_rollback), Permission::deploy);
  EXPECT_EQ(fw::required_permission(Command::app_delete), Permission::deploy);
  EXPECT_EQ(fw::required_permission(Command::app_scale), Permission::deploy);
  EXPECT_EQ(fw::required_permission(Command::rollout_start), Permission::deploy);
  EXPECT_EQ(fw::required_permission(Command::rollout_pause), Permission::deploy);
  EXPECT_EQ(fw::required_permission(Command::rollout_resume), Permission::deploy);
  EXPECT_EQ(fw::required_permission(Command::rollout_abort), Permission::deploy);
  EXPECT_EQ(fw::required_permission(Command::bind_code_issue), Permission::om);
  EXPECT_EQ(fw::required_permission(Command::node_create), Permission::om);
  EXPECT_EQ(fw::required_permission(Command::node_delete), Permission::om);
  EXPECT_EQ(fw::required_permission(Command::node_script), Permission::om);
  EXPECT_EQ(fw::required_permission(Command::cluster_edit), Permission::om);
  EXPECT_EQ(fw::required_permission(Command::cluster_authorize), Permission::owner);
  EXPECT_EQ(fw::required_permission(Command::user_create), Permission::owner);
  EXPECT_EQ(fw::required_permission(Command::password_reset), Permission::om);
}

TEST(Authorization, OnlyTheOwnerGrantsAndRevokes) {
  Fixture f;
  const auto denied = f.authz.grant("deployer", "c1", "stranger", {Permission::deploy});
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->missing, Permission::owner);
  EXPECT_TRUE(f.authz.check("stranger", "c1", Command::app_deploy));
  EXPECT_EQ(f.authz.grant("owner", "c1", "deployer", {Permission::deploy, Permission::om}),
            std::nullopt);
  EXPECT_FALSE(f.authz.check("deployer", "c1", Command::node_delete));
  EXPECT_EQ(f.authz.revoke("owner", "c1", "deployer"), std::nullopt);
  EXPECT_TRUE(f.authz.check("deployer", "c1", Command::app_deploy));
}

TEST(Authorization, NobodyGrantsOwner) {
  Fixture f;
  const std::size_t audited = f.audit.entries().size();
  const auto denied = f.authz.grant("owner", "c1", "deployer", {Permission::owner});
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->missing, Permission::owner);
  EXPECT_NE(denied->message.find("nobody grants the owner permission"), std::string::npos);
  EXPECT_FALSE(f.authz.permissions_of("deployer", "c1").has(Permission::owner));
  EXPECT_TRUE(f.authz.grant("deployer", "c1", "deployer", {Permission::owner, Permission::om}));
  // Nor can the owner's own permissions be narrowed by a grant to them.
  EXPECT_TRUE(f.authz.grant("owner", "c1", "owner", {Permission::deploy}));
  EXPECT_TRUE(f.authz.permissions_of("owner", "c1").has(Permission::owner));
  // Each refusal is in the trail, as a denial.
  ASSERT_EQ(f.audit.entries().size(), audited + 4);  // the owner's check passed, then denied
  EXPECT_FALSE(f.audit.entries()[audited].allowed);
  EXPECT_FALSE(f.audit.entries().back().allowed);
}

TEST(Authorization, GrantsArePerCluster) {
  Fixture f;
  f.authz.add_cluster("c2", "someone-else");
  EXPECT_TRUE(f.authz.check("deployer", "c2", Command::app_deploy));
  EXPECT_TRUE(f.authz.check("owner", "c2", Command::app_deploy));
  const auto unknown = f.authz.check("owner", "nowhere", Command::app_deploy);
  ASSERT_TRUE(unknown);
  EXPECT_NE(unknown->message.find("no such cluster"), std::string::npos);
}

TEST(AuditLog, IsBounded) {
  Fixture f;
  for (std::size_t i = 0; i < fw::AuditLog::kEntriesMax + 5; ++i)
    f.authz.check("stranger", "c1", Command::rollout_start);
  EXPECT_EQ(f.audit.entries().size(), fw::AuditLog::kEntriesMax);
  EXPECT_EQ(f.audit.dropped(), 7u);  // the two grants and five checks
}

}  // namespace
}  // namespace edgetwin::testing
