// The scenario's `rollout` extensions for bad versions: `soak_s`, `on_failure` and an app's
// `behaviour`. Every mistake is an error with its position; an unknown behaviour is refused.
#include <gtest/gtest.h>

#include "edgetwin/model/scenario.hpp"

namespace edgetwin::model {
namespace {

const std::string kFleet =
    R"({"format": "edgetwin.fleet/v1", "hardware": {"edgebox": {"cpus": 40, "memory_gib": 256}}, )"
    R"("apps": {"web": {"version": "1.0", "image_mib": 100, "cpu": 1, "memory_mib": 512}}, )"
    R"("systems": {"basic": ["web"]}, "site_defaults": {"boxes": 2, "hardware": "edgebox", )"
    R"("system": "basic", "lan": {"cidr": "192.168.1.0/24"}, "service_cidr": "192.168.2.0/24"}, )"
    R"("sites": [{"name": "s001"}, {"name": "s002"}]})";

Parsed<Scenario> with_rollout(const std::string& rollout) {
  return parse_scenario(
      R"({"format": "edgetwin.scenario/v1", "name": "r", "duration_s": 600, "fleet": )" + kFleet +
          R"(, "rollout": )" + rollout + "}",
      "r.scenario.json");
}

std::string messages(const Parsed<Scenario>& p) {
  std::string out;
  for (const auto& e : p.errors) out += e.to_string() + "\n";
  return out;
}

TEST(ScenarioRollout, ABadVersionWithASoakAndRollbackIsRead) {
  const auto p = with_rollout(
      R"({"system": "basic", "soak_s": 300, "on_failure": "rollback", "apps": {"web": )"
      R"({"version": "1.1", "behaviour": {"crash_after_s": 60, "unready": true, "probe_timeout": true,)"
      R"( "cpu_use": 8, "memory_use_mib": 9000}}}})");
  ASSERT_TRUE(p.value) << messages(p);
  const RolloutSpec& r = *p.value->rollout_spec;
  EXPECT_EQ(r.soak_s, 300);
  EXPECT_TRUE(r.rollback_on_failure);
  ASSERT_TRUE(r.apps.at(0).behaviour);
  const AppBehaviour& b = *r.apps.at(0).behaviour;
  EXPECT_EQ(b.crash_after_s, 60);
  EXPECT_TRUE(b.unready);
  EXPECT_TRUE(b.probe_timeout);
  EXPECT_EQ(b.cpu_use, 8);
  EXPECT_EQ(b.memory_use_mib, 9000);
}

TEST(ScenarioRollout, WithoutTheNewFieldsARolloutPausesAndJudgesNoHealth) {
  const auto p = with_rollout(R"({"system": "basic", "apps": {"web": {"version": "1.1"}}})");
  ASSERT_TRUE(p.value) << messages(p);
  EXPECT_EQ(p.value->rollout_spec->soak_s, 0);
  EXPECT_FALSE(p.value->rollout_spec->rollback_on_failure);
  EXPECT_FALSE(p.value->rollout_spec->apps.at(0).behaviour);
}

TEST(ScenarioRollout, AnUnknownBehaviourIsAnErrorWithItsPosition) {
  const auto p = with_rollout(
      R"({"system": "basic", "soak_s": 60, "apps": {"web": {"version": "1.1", "behaviour": {"explodes": true}}}})");
  EXPECT_FALSE(p.value);
  const std::string m = messages(p);
  EXPECT_NE(m.find("r.scenario.json:1:"), std::string::npos) << m;
  EXPECT_NE(m.find("explodes"), std::string::npos) << m;
  EXPECT_NE(m.find("/rollout/apps/web/behaviour"), std::string::npos) << m;
}

TEST(ScenarioRollout, MistakesInTheSoakAndOnFailureAreRefused) {
  const std::string m = messages(
      with_rollout(R"({"system": "basic", "soak_s": -1, "on_failure": "retry", "apps": {"web": )"
                   R"({"version": "1.0", "behaviour": {"crash_after_s": 5}}}})"));
  EXPECT_NE(m.find("/rollout/soak_s"), std::string::npos) << m;
  EXPECT_NE(m.find("/rollout/on_failure"), std::string::npos) << m;
  // The fleet's own version runs everywhere from t=0: only a new release may be bad.
  EXPECT_NE(m.find("a behaviour needs a version other than the fleet's 1.0"), std::string::npos)
      << m;
  const std::string no_soak = messages(with_rollout(
      R"({"system": "basic", "on_failure": "rollback", "apps": {"web": {"version": "1.1"}}})"));
  EXPECT_NE(no_soak.find("on_failure 'rollback' needs a soak_s above 0"), std::string::npos)
      << no_soak;
  const std::string typed = messages(with_rollout(
      R"({"system": "basic", "apps": {"web": {"version": "1.1", "behaviour": {"unready": "yes"}}}})"));
  EXPECT_NE(typed.find("/rollout/apps/web/behaviour/unready"), std::string::npos) << typed;
}

}  // namespace
}  // namespace edgetwin::model

namespace edgetwin::model {
namespace {

Parsed<Scenario> with_operations(const std::string& rollout, const std::string& operations) {
  return parse_scenario(
      R"({"format": "edgetwin.scenario/v1", "name": "r", "duration_s": 600, "fleet": )" + kFleet +
          rollout + R"(, "operations": )" + operations + "}",
      "r.scenario.json");
}

TEST(ScenarioRolloutOperations, PauseResumeAndAbortAreReadAsConsoleCommands) {
  const auto p = with_operations(
      R"(, "rollout": {"system": "basic", "apps": {"web": {"version": "1.1"}}})",
      R"([{"at_s": 300, "op": "rollout.resume"}, {"at_s": 100, "actor": "bob", "op": "rollout.pause"},)"
      R"( {"at_s": 400, "op": "rollout.abort"}])");
  ASSERT_TRUE(p.value) << messages(p);
  const auto& ops = p.value->operations;
  ASSERT_EQ(ops.size(), 3u);
  EXPECT_EQ(ops[0].op, "rollout.pause");
  EXPECT_EQ(ops[0].actor, "bob");
  EXPECT_TRUE(ops[0].sites.empty());
  EXPECT_EQ(ops[1].op, "rollout.resume");
  EXPECT_EQ(ops[2].actor, "admin");
}

TEST(ScenarioRolloutOperations, AnUnknownCommandOrOneWithoutARolloutIsAnError) {
  const std::string unknown = messages(with_operations(
      R"(, "rollout": {"system": "basic", "apps": {"web": {"version": "1.1"}}})",
      R"([{"at_s": 10, "op": "rollout.explode"}, {"at_s": 20, "op": "rollout.pause", "sites": "all"}])"));
  EXPECT_NE(unknown.find("/operations/0/op"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("/operations/1"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("sites"), std::string::npos) << unknown;
  const std::string none =
      messages(with_operations("", R"([{"at_s": 10, "op": "rollout.pause"}])"));
  EXPECT_NE(none.find("'rollout.pause' needs the scenario's 'rollout'"), std::string::npos) << none;
}

}  // namespace
}  // namespace edgetwin::model

namespace edgetwin::model {
namespace {

Parsed<Scenario> with_body(const std::string& body) {
  return parse_scenario(
      R"({"format": "edgetwin.scenario/v1", "name": "r", "duration_s": 600, "fleet": )" + kFleet +
          body + "}",
      "r.scenario.json");
}

TEST(ScenarioRolloutOperations, RetryFailedIsAConsoleCommandToo) {
  const auto p =
      with_body(R"(, "rollout": {"system": "basic", "apps": {"web": {"version": "1.1"}}},)"
                R"( "operations": [{"at_s": 50, "actor": "bob", "op": "rollout.retry_failed"}])");
  ASSERT_TRUE(p.value) << messages(p);
  ASSERT_EQ(p.value->operations.size(), 1u);
  EXPECT_EQ(p.value->operations[0].op, "rollout.retry_failed");
  EXPECT_EQ(p.value->operations[0].actor, "bob");
  // Without any rollout it is an error, as the other rollout commands are.
  const std::string none =
      messages(with_body(R"(, "operations": [{"at_s": 50, "op": "rollout.retry_failed"}])"));
  EXPECT_NE(none.find("r.scenario.json:1:"), std::string::npos) << none;
  EXPECT_NE(none.find("'rollout.retry_failed' needs the scenario's 'rollout' or 'rollouts'"),
            std::string::npos)
      << none;
}

TEST(ScenarioRollouts, EachRolloutIsReadWithItsOwnStart) {
  const auto p = with_body(
      R"(, "rollouts": [{"system": "basic", "at_s": 10, "apps": {"web": {"version": "1.1"}}},)"
      R"( {"system": "basic", "at_s": 300, "soak_s": 60, "apps": {"web": {"version": "1.2"}}}],)"
      R"( "operations": [{"at_s": 200, "op": "rollout.abort"}])");
  ASSERT_TRUE(p.value) << messages(p);
  const auto& r = p.value->rollouts;
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].at_s, 10);
  EXPECT_EQ(r[0].apps.at(0).version, "1.1");
  EXPECT_EQ(r[1].at_s, 300);
  EXPECT_EQ(r[1].soak_s, 60);
  EXPECT_EQ(r[1].apps.at(0).version, "1.2");
  ASSERT_TRUE(p.value->rollout_spec);
  EXPECT_EQ(p.value->rollout_spec->at_s, 10);
}

TEST(ScenarioRollouts, MistakesArePlacedInTheirRollout) {
  // Both forms at once, a later rollout not after the one before, a bad field in the second.
  const std::string both =
      messages(with_body(R"(, "rollout": {"system": "basic"}, "rollouts": [{"system": "basic"}])"));
  EXPECT_NE(both.find("give either 'rollout' or 'rollouts', not both"), std::string::npos) << both;
  const std::string order = messages(
      with_body(R"(, "rollouts": [{"system": "basic", "at_s": 100},)"
                "\n"
                R"( {"system": "basic", "at_s": 100, "wave_sites": 0, "colour": "red"}])"));
  EXPECT_NE(order.find("r.scenario.json:2:"), std::string::npos) << order;
  EXPECT_NE(order.find("/rollouts/1/at_s"), std::string::npos) << order;
  EXPECT_NE(order.find("must be after the previous rollout's at_s 100"), std::string::npos)
      << order;
  EXPECT_NE(order.find("/rollouts/1/wave_sites"), std::string::npos) << order;
  EXPECT_NE(order.find("colour"), std::string::npos) << order;
  const std::string empty = messages(with_body(R"(, "rollouts": [])"));
  EXPECT_NE(empty.find("expected at least one rollout"), std::string::npos) << empty;
  const std::string not_object = messages(with_body(R"(, "rollouts": [3])"));
  EXPECT_NE(not_object.find("/rollouts/0"), std::string::npos) << not_object;
}

}  // namespace
}  // namespace edgetwin::model
