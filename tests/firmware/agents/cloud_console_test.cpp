// Every command the cloud console has goes through authorization with an actor (issue 17,
// item 4): each is run by an account that must be denied (it holds the other grant, or none)
// and by one that must be allowed, and each decision is in the audit trail.
#include "edgetwin/firmware/agents/cloud_console.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "edgetwin/firmware/agents/cloud_agent.hpp"
#include "edgetwin/testing/test_network.hpp"

namespace edgetwin::testing {
namespace {

using fw::Command;
using fw::ConsoleResult;
using fw::Duration;
using fw::Permission;

fw::OrchestratorConfig orchestration() {
  fw::OrchestratorConfig c;
  const fw::ContainerSpec spec{"", "web", 1, 2, 512, 1024, 0, "", true};
  for (const char* version : {"1.0", "1.1"}) c.catalog.add({"web", version, 100, 1, spec, {8080}});
  c.sites = {fw::SiteApps{"c1", {{"c1-a", {40, 262144, 1}}, {"c1-b", {40, 262144, 1}}}, {}},
             fw::SiteApps{"c2", {{"c2-a", {40, 262144, 1}}}, {}}};
  c.owner = "admin";
  c.grants = {{"deployer", "c1", {Permission::deploy}}, {"operator", "c1", {Permission::om}}};
  return c;
}

struct Cloud {
  Cloud() {
    fw::ActivationServiceConfig activation;
    activation.nodes_start_created = true;
    network.add_node("cloud", [activation](fw::Platform& p) {
      auto cloud = std::make_unique<fw::CloudAgent>(
          p, std::vector<fw::CloudInventoryEntry>{{"c1-a", "c1"}, {"c1-b", "c1"}, {"c2-a", "c2"}},
          Duration::seconds(30), activation);
      cloud->set_orchestration(orchestration());
      return cloud;
    });
    network.node("cloud").power_on();
  }
  fw::CloudAgent& agent() { return static_cast<fw::CloudAgent&>(*network.node("cloud").agent()); }
  fw::CloudConsole& console() { return agent().console(); }
  TestNetwork network;
};

fw::RolloutConfig rollout_of_c1() {
  fw::RolloutConfig r;
  r.id = 7;
  r.plan.system = "edgebox";
  r.plan.version = "2.0";
  r.images = {{"web", "1.1", 1'000'000}};
  r.sites = {{"c1", {"c1-a", "c1-b"}}};
  return r;
}

// One row per console command: who must be denied, who must be allowed, and how to run it.
struct Row {
  Command command;
  std::string denied;   // holds the other permission (or none, for grants)
  std::string allowed;  // holds the one the manual asks for
  std::function<ConsoleResult(Cloud&, const std::string& actor)> run;
  bool must_succeed = true;  // app operations may also fail for their own reasons
};

ConsoleResult text_result(const fw::ConsoleText& r) {
  return r ? std::nullopt : std::optional<std::string>(r.error());
}

fw::AppOperation app_op(const std::string& actor, Command c, std::string version, int replicas) {
  return {actor, "c1", c, "web", std::move(version), replicas, {1, 0}, fw::ComponentStep::none};
}

std::vector<Row> table() {
  return {
      {Command::cluster_authorize, "deployer", "admin",
       [](Cloud& c, const std::string& a) {
         return c.console().grant(a, "c1", "carol", {Permission::deploy});
       }},
      {Command::cluster_edit, "deployer", "operator",
       [](Cloud& c, const std::string& a) {
         return c.console().cluster_edit(a, "c1", {"Community 1", "north gate"});
       }},
      {Command::node_create, "deployer", "operator",
       [](Cloud& c, const std::string& a) { return c.console().node_create(a, "c1", "c1-c"); }},
      {Command::bind_code_issue, "deployer", "operator",
       [](Cloud& c, const std::string& a) {
         return text_result(c.console().bind_code_issue(a, "c1", "c1-c"));
       }},
      {Command::node_script, "deployer", "operator",
       [](Cloud& c, const std::string& a) {
         return text_result(c.console().node_script(a, "c1", "c1-c"));
       }},
      {Command::node_delete, "deployer", "operator",
       [](Cloud& c, const std::string& a) { return c.console().node_delete(a, "c1", "c1-c"); }},
      {Command::app_deploy, "operator", "deployer",
       [](Cloud& c, const std::string& a) {
         return c.console().operate(app_op(a, Command::app_deploy, "1.0", 2));
       }},
      {Command::app_scale, "operator", "deployer",
       [](Cloud& c, const std::string& a) {
         return c.console().operate(app_op(a, Command::app_scale, "", 1));
       },
       false},
      {Command::app_upgrade, "operator", "deployer",
       [](Cloud& c, const std::string& a) {
         return c.console().operate(app_op(a, Command::app_upgrade, "1.1", -1));
       },
       false},
      {Command::app_rollback, "operator", "deployer",
       [](Cloud& c, const std::string& a) {
         return c.console().operate(app_op(a, Command::app_rollback, "", -1));
       },
       false},
      {Command::app_delete, "operator", "deployer",
       [](Cloud& c, const std::string& a) {
         return c.console().operate(app_op(a, Command::app_delete, "", -1));
       },
       false},
      {Command::rollout_start, "operator", "deployer",
       [](Cloud& c, const std::string& a) {
         auto r = c.console().rollout_start(a, rollout_of_c1());
         c.network.run_for(Duration::seconds(1));  // the rollout begins
         return r;
       }},
      {Command::rollout_pause, "operator", "deployer",
       [](Cloud& c, const std::string& a) { return c.console().rollout_pause(a); }},
      {Command::rollout_resume, "operator", "deployer",
       [](Cloud& c, const std::string& a) { return c.console().rollout_resume(a); }},
      // No site has failed yet: allowed, then refused for that reason.
      {Command::rollout_retry_failed, "operator", "deployer",
       [](Cloud& c, const std::string& a) { return c.console().rollout_retry_failed(a); }, false},
      {Command::rollout_abort, "operator", "deployer",
       [](Cloud& c, const std::string& a) { return c.console().rollout_abort(a); }},
      {Command::user_create, "operator", "admin",
       [](Cloud& c, const std::string& a) {
         return c.console().create_user(a, "c1", "user-of-" + a, "long-enough-1",
                                        a == "admin" ? "+8613800000001" : "+8613800000002");
       }},
      {Command::password_reset, "deployer", "operator",
       [](Cloud& c, const std::string& a) { return c.console().reset_password(a, "c1", "c1-a"); }},
      {Command::node_replace, "deployer", "operator",
       [](Cloud& c, const std::string& a) {
         return text_result(c.console().node_replace(a, "c1", "c1-b"));
       }},
  };
}

TEST(CloudConsole, EveryCommandIsAuthorizedWithItsActorAndAudited) {
  Cloud c;
  std::set<Command> covered;
  for (const Row& row : table()) {
    const std::string name(fw::to_string(row.command));
    SCOPED_TRACE(name);
    covered.insert(row.command);
    const auto& trail = c.agent().audit().entries();
    // The account without the permission: refused, saying which one it lacks, and audited.
    std::size_t before = trail.size();
    const ConsoleResult denied = row.run(c, row.denied);
    ASSERT_TRUE(denied.has_value());
    const std::string need(fw::to_string(fw::required_permission(row.command)));
    EXPECT_NE(denied->find("lacks the " + need + " permission"), std::string::npos) << *denied;
    ASSERT_GT(trail.size(), before);
    EXPECT_EQ(trail.back().actor, row.denied);
    EXPECT_EQ(trail.back().command, name);
    EXPECT_FALSE(trail.back().allowed);
    EXPECT_EQ(trail.back().missing, need);
    // The account with it: allowed, and audited as such.
    before = trail.size();
    const ConsoleResult allowed = row.run(c, row.allowed);
    if (row.must_succeed) {
      EXPECT_EQ(allowed, std::nullopt);
    }
    if (allowed) {
      EXPECT_EQ(allowed->find("lacks the"), std::string::npos) << *allowed;
    }
    ASSERT_GT(trail.size(), before);
    bool audited_allowed = false;
    for (std::size_t i = before; i < trail.size(); ++i)
      audited_allowed |=
          trail[i].actor == row.allowed && trail[i].command == name && trail[i].allowed;
    EXPECT_TRUE(audited_allowed);
  }
  // The table covers every command the console has.
  EXPECT_EQ(covered.size(), fw::kCommands.size());
}

TEST(CloudConsole, DeniedCommandsChangeNothing) {
  Cloud c;
  EXPECT_TRUE(c.console().node_create("deployer", "c1", "c1-x"));
  EXPECT_FALSE(c.agent().registry().rows().contains("c1-x"));
  EXPECT_TRUE(c.console().node_delete("stranger", "c1", "c1-a"));
  EXPECT_TRUE(c.agent().registry().rows().contains("c1-a"));
  EXPECT_FALSE(c.console().bind_code_issue("stranger", "c1", "c1-a"));
  EXPECT_TRUE(c.network.node("cloud").recorded("activation.code").empty());
  EXPECT_TRUE(c.console().cluster_edit("deployer", "c1", {"x", "y"}));
  EXPECT_EQ(c.console().cluster_info("c1"), nullptr);
  EXPECT_TRUE(c.console().rollout_start("operator", rollout_of_c1()));
  EXPECT_EQ(c.agent().rollout(), nullptr);
}

TEST(CloudConsole, ONodeOfAnotherClusterIsOutOfReach) {
  Cloud c;
  // O&M on c1 is no licence for c2's nodes, whatever cluster the command names.
  const auto r = c.console().node_delete("operator", "c1", "c2-a");
  ASSERT_TRUE(r);
  EXPECT_NE(r->find("no node c2-a in cluster c1"), std::string::npos);
  EXPECT_TRUE(c.console().node_delete("operator", "c2", "c2-a"));  // no O&M on c2
  EXPECT_TRUE(c.agent().registry().rows().contains("c2-a"));
  EXPECT_FALSE(c.console().bind_code_issue("operator", "c1", "c2-a"));
}

TEST(CloudConsole, ADeletedNodesCodeIsVoid) {
  Cloud c;
  const auto code = c.console().bind_code_issue("operator", "c1", "c1-a");
  ASSERT_TRUE(code);
  ASSERT_EQ(c.console().node_delete("operator", "c1", "c1-a"), std::nullopt);
  EXPECT_FALSE(c.agent().registry().rows().contains("c1-a"));
  // Created again, the node needs a new code: the old one died with it.
  ASSERT_EQ(c.console().node_create("operator", "c1", "c1-a"), std::nullopt);
  EXPECT_EQ(c.agent().registry().rows().at("c1-a").status, "created");
}

TEST(CloudConsole, NobodyGrantsOwner) {
  Cloud c;
  const auto r = c.console().grant("admin", "c1", "deployer", {Permission::owner});
  ASSERT_TRUE(r);
  EXPECT_NE(r->find("nobody grants the owner permission"), std::string::npos);
  EXPECT_FALSE(c.agent().authorization().permissions_of("deployer", "c1").has(Permission::owner));
  EXPECT_FALSE(c.agent().audit().entries().back().allowed);
  // A deployer who tried to make themselves owner is refused too, and the trail says so.
  EXPECT_TRUE(c.console().grant("deployer", "c1", "deployer", {Permission::owner}));
  EXPECT_EQ(c.agent().audit().entries().back().actor, "deployer");
  EXPECT_FALSE(c.agent().audit().entries().back().allowed);
}

}  // namespace
}  // namespace edgetwin::testing

namespace edgetwin::testing {
namespace {

// The manual's account rules hold behind the owner's permission: a phone is required and
// unique across the clusters' users; the password is stored hashed, never as given.
TEST(CloudConsole, CreateUserNeedsAPhoneNobodyElseHas) {
  Cloud c;
  EXPECT_EQ(c.console().create_user("admin", "c1", "alice", "alice-pass-1", "+86 138 0000 0001"),
            std::nullopt);
  EXPECT_EQ(c.console().create_user("admin", "c1", "bob", "bob-pass-12", ""),
            "phone number required");
  EXPECT_EQ(c.console().create_user("admin", "c2", "bob", "bob-pass-12", "+8613800000001"),
            "phone number already used by another user");
  EXPECT_EQ(c.console().create_user("admin", "c2", "bob", "bob-pass-12", "+8613900000002"),
            std::nullopt);
  ASSERT_NE(c.console().accounts(), nullptr);
  const fw::ClusterUser* alice = c.console().accounts()->user_by_phone("+8613800000001");
  ASSERT_NE(alice, nullptr);
  EXPECT_EQ(alice->username, "alice");
  EXPECT_EQ(alice->password_hash.find("alice-pass-1"), std::string::npos);
  EXPECT_TRUE(c.console().accounts()->verify_user("alice", "alice-pass-1"));
}

TEST(CloudConsole, PasswordResetIsForTheClustersOwnNodes) {
  Cloud c;
  EXPECT_EQ(c.console().reset_password("operator", "c1", "c1-a"), std::nullopt);
  // O&M on c1 is no licence for c2's node, named under c1 or under c2.
  EXPECT_TRUE(c.console().reset_password("operator", "c1", "c2-a"));
  EXPECT_TRUE(c.console().reset_password("operator", "c2", "c2-a"));
}

}  // namespace
}  // namespace edgetwin::testing
