// Box replacement from the cloud's side (docs/activation.md, "Box replacement"): the console's
// node_replace puts the node back to `created` and issues a new bind code; the old code, used
// or not, opens nothing; the new box activates with the new code and gets a new cloud-link key.
#include <gtest/gtest.h>

#include <algorithm>

#include "fixtures/factory_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;

std::vector<std::string> status_changes(TestPlatform& cloud, const std::string& node) {
  std::vector<std::string> out;
  for (const auto& e : cloud.recorded("node.status"))
    if (e.fields["box"] == node)
      out.push_back(e.fields["from"].get<std::string>() + "->" + e.fields["to"].get<std::string>());
  return out;
}

std::vector<std::string> rejections(TestPlatform& cloud) {
  std::vector<std::string> out;
  for (const auto& e : cloud.recorded("activation.rejected"))
    out.push_back(e.fields["reason"].get<std::string>());
  return out;
}

// A new box in the old one's place: nothing of the old one's disk.
void swap_box(FactoryFixture& f, const std::string& name) {
  f.network.node(name).power_off();
  f.network.node(name).memory_disk().wipe();
}

TEST(BoxReplacement, TheNewBoxActivatesWithTheNewCodeAndTheOldCodeIsRefused) {
  FactoryFixture f;
  f.power_on_all();
  f.issue_codes();
  ASSERT_TRUE(f.run_until([&] { return f.box("box-100").running(); }, Duration::seconds(600)));
  const std::string old_code = f.codes.at("box-100");
  const auto old_key = f.cloud_agent().issued_keys()->key("box-100");
  ASSERT_TRUE(old_key);

  swap_box(f, "box-100");
  const auto code = f.cloud_agent().console().node_replace("admin", "s100", "box-100");
  ASSERT_TRUE(code) << code.error();
  EXPECT_NE(code.value(), old_code);
  EXPECT_EQ(f.status("box-100"), "created");
  // The old box is trusted no more: its key is gone with it.
  EXPECT_FALSE(f.cloud_agent().issued_keys()->key("box-100"));
  ASSERT_EQ(f.network.node("cloud").recorded("node.replaced").size(), 1u);

  // The operator first types the old code from the notes, then the new one.
  f.codes["box-100"] = code.value();
  f.wrong_codes["box-100"] = {old_code};
  f.network.run_for(Duration::seconds(60));  // the technician's swap
  f.network.node("box-100").power_on();
  ASSERT_TRUE(f.run_until([&] { return f.box("box-100").running(); }, Duration::seconds(900)));
  // A used code has left the book: answered like a code that is nobody's.
  EXPECT_EQ(rejections(f.network.node("cloud")), std::vector<std::string>{"wrong code"});
  EXPECT_EQ(f.status("box-100"), "running");
  EXPECT_EQ(status_changes(f.network.node("cloud"), "box-100"),
            (std::vector<std::string>{"created->activating", "activating->running",
                                      "running->created", "created->activating",
                                      "activating->running"}));
  const auto new_key = f.cloud_agent().issued_keys()->key("box-100");
  ASSERT_TRUE(new_key);
  EXPECT_NE(*new_key, *old_key);
  // The new box's firmware proper reports under its new key and stays running.
  f.network.run_for(Duration::seconds(120));
  EXPECT_EQ(f.status("box-100"), "running");
  EXPECT_TRUE(f.box("box-100").box()->cloud()->connected());
}

TEST(BoxReplacement, AnUnusedCodeIssuedBeforeTheReplacementIsVoid) {
  FactoryFixture f;
  f.network.node("cloud").power_on();
  f.issue_codes();
  const std::string first = f.codes.at("box-100");
  const auto code = f.cloud_agent().console().node_replace("admin", "s100", "box-100");
  ASSERT_TRUE(code);
  f.codes["box-100"] = code.value();
  f.wrong_codes["box-100"] = {first};
  f.network.node("box-100").power_on();
  ASSERT_TRUE(f.run_until([&] { return f.box("box-100").running(); }, Duration::seconds(900)));
  // Replaced codes are answered like a code that is nobody's (no oracle for guessers).
  EXPECT_EQ(rejections(f.network.node("cloud")), std::vector<std::string>{"wrong code"});
}

TEST(BoxReplacement, ReplacingNeedsOAndMOnTheNodesClusterAndIsAudited) {
  FactoryFixture f;
  f.network.node("cloud").power_on();
  auto& console = f.cloud_agent().console();
  const auto denied = console.node_replace("mallory", "s100", "box-100");
  ASSERT_FALSE(denied);
  EXPECT_NE(denied.error().find("O&M"), std::string::npos) << denied.error();
  EXPECT_TRUE(f.network.node("cloud").recorded("activation.code").empty());
  EXPECT_FALSE(console.node_replace("admin", "s100", "box-999"));
  const auto& trail = f.cloud_agent().audit().entries();
  ASSERT_FALSE(trail.empty());
  EXPECT_TRUE(std::any_of(trail.begin(), trail.end(), [](const auto& e) {
    return e.actor == "mallory" && !e.allowed;
  }));
}

}  // namespace
}  // namespace edgetwin::testing
