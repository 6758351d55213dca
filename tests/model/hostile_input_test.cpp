// Hostile fleet and scenario files (docs/security.md, "Hostile input"): whatever the bytes, the
// parsers answer with positioned errors, never a crash, an abort or an unbounded cost.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "edgetwin/model/fleet_io.hpp"
#include "edgetwin/model/input_limits.hpp"
#include "edgetwin/model/json_locator.hpp"
#include "edgetwin/model/scenario.hpp"

namespace edgetwin::model {
namespace {

using Position = std::pair<int, int>;

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

TEST(HostileInput, AHugeNumberIsAPositionedErrorNotAnAbort) {
  const auto parsed = parse_fleet("{\n  \"format\": \"edgetwin.fleet/v1\",\n  \"name\": 1e999\n}",
                                  "huge.fleet.json");
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].line, 3);
  EXPECT_EQ(parsed.errors[0].column, 11);
  EXPECT_NE(parsed.errors[0].message.find("1e999"), std::string::npos) << parsed.errors[0].message;
  EXPECT_EQ(parsed.errors[0].message.find("json.exception"), std::string::npos);
}

TEST(HostileInput, AHugeNegativeNumberInAScenarioIsAPositionedError) {
  const auto parsed = parse_scenario("{\"seed\": [1, -2e400]}", "s.scenario.json");
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].line, 1);
  EXPECT_EQ(parsed.errors[0].column, 14);
}

TEST(HostileInput, DeepNestingIsRefusedAtTheBracketThatGoesTooDeep) {
  for (const std::size_t depth : {65u, 20000u, 200000u}) {
    const std::string text = "{\"format\": " + nested_arrays(depth) + "}";
    const auto fleet = parse_fleet(text, "deep.fleet.json");
    ASSERT_EQ(fleet.errors.size(), 1u) << depth;
    EXPECT_EQ(fleet.errors[0].line, 1);
    EXPECT_EQ(fleet.errors[0].column, 12 + 63);  // the 64th '[' is level 65 (the object is 1)
    EXPECT_NE(fleet.errors[0].message.find("nested deeper than 64"), std::string::npos);
    const auto scenario = parse_scenario(text, "deep.scenario.json");
    ASSERT_EQ(scenario.errors.size(), 1u) << depth;
  }
}

TEST(HostileInput, NestingUpToTheLimitIsParsed) {
  // 64 levels are allowed: the object plus 63 arrays. The fleet is wrong, but only in its type.
  const std::string text =
      "{\"format\": \"edgetwin.fleet/v1\", \"x-deep\": " + nested_arrays(63) + ", \"name\": 5}";
  const auto parsed = parse_fleet(text, "f.fleet.json");
  ASSERT_FALSE(parsed.errors.empty());
  EXPECT_EQ(parsed.errors[0].message.find("nested deeper"), std::string::npos)
      << parsed.errors[0].message;
}

TEST(HostileInput, BracketsInsideStringsDoNotCount) {
  const std::string text = "{\"format\": \"edgetwin.fleet/v1\", \"name\": \"" +
                           std::string(1000, '[') + "\\\"[\", \"hardware\": 3}";
  const auto parsed = parse_fleet(text, "f.fleet.json");
  ASSERT_FALSE(parsed.errors.empty());
  EXPECT_EQ(parsed.errors[0].message.find("nested deeper"), std::string::npos)
      << parsed.errors[0].message;
}

TEST(HostileInput, SiteDefaultsNestedToTheLimitDoNotOverflowTheOverlay) {
  const std::string text =
      "{\"format\": \"edgetwin.fleet/v1\", \"site_defaults\": {\"x-a\": " + nested_arrays(62) +
      "}, \"sites\": [{\"name\": \"s1\", \"x-b\": " + nested_arrays(61) + "}]}";
  const auto parsed = parse_fleet(text, "f.fleet.json");
  EXPECT_FALSE(parsed.ok());  // no hardware, apps...: errors, but no crash
}

// The position index is linear in the text: 62 levels of 2,000-character keys above 100,000
// values cost the old index (a full pointer string per value) 12 GB; now a few MB.
TEST(HostileInput, ThePositionIndexIsLinearInTheText) {
  const std::string key(2000, 'k');
  std::string text;
  for (int level = 0; level < 62; ++level) text += "{\"" + key + "\":";
  text += "[";
  for (int i = 0; i < 100000; ++i) text += "0,";
  text += "0]" + std::string(62, '}');
  const JsonLocator locator(text);
  std::string pointer;
  for (int level = 0; level < 62; ++level) pointer += "/" + key;
  const std::size_t array_at = 62 * (key.size() + 4);
  EXPECT_EQ(locator.locate(pointer + "/99999"), Position(1, 1 + array_at + 1 + 2 * 99999));
  EXPECT_EQ(locator.locate(pointer + "/100001"), Position(1, 1 + array_at));
  EXPECT_LT(locator.index_bytes(), 40 * text.size());
}

TEST(HostileInput, LocatorFindsArrayItemsAndLastDuplicateKey) {
  const JsonLocator locator("{\"a\": [1, 2, {\"k\": 3}], \"a\": [4, 5]}");
  EXPECT_EQ(locator.locate("/a"), Position(1, 30));
  EXPECT_EQ(locator.locate("/a/1"), Position(1, 34));
  EXPECT_EQ(locator.locate("/a/7"), Position(1, 30));
  EXPECT_EQ(locator.locate("/a/01"), Position(1, 30));
  EXPECT_EQ(locator.locate("/b/1"), Position(1, 1));
}

TEST(HostileInput, AFileOverTheSizeLimitIsRefusedBeforeParsing) {
  const std::string big = "{\"format\": \"edgetwin.fleet/v1\", \"x-pad\": \"" +
                          std::string(kMaxInputBytes, 'a') + "\"}";
  const auto parsed = parse_fleet(big, "big.fleet.json");
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].line, 1);
  EXPECT_NE(parsed.errors[0].message.find("MiB"), std::string::npos) << parsed.errors[0].message;
}

std::string two_site_fleet() {
  std::ifstream in(std::string(EDGETWIN_SCENARIOS_DIR) + "/two-site.fleet.json");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every site starts as a copy of site_defaults: 100 values of defaults copied into 50,000
// generated sites were 5 million values (0.9 GB) from a 2 KB file.
TEST(HostileInput, CopiesOfSiteDefaultsAreBoundedInAll) {
  std::string zeros = "0";
  for (int i = 1; i < 100; ++i) zeros += ",0";
  std::string text = two_site_fleet();
  text.insert(text.find("\"site_defaults\": {") + 18, "\"x-pad\": [" + zeros + "], ");
  const std::string generate = "\"generate\": {\"count\": 50000, \"name\": \"g{:05}\"},\n  ";
  text.insert(text.find("\"site_defaults\""), generate);
  const auto parsed = parse_fleet(text, "amp.fleet.json");
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].pointer, "/site_defaults");
  EXPECT_NE(parsed.errors[0].message.find("4000000"), std::string::npos)
      << parsed.errors[0].message;
  // The bundled fleet's defaults (15 values) fit 100,000 sites; 20,000 keep the test quick.
  std::string big = two_site_fleet();
  big.insert(big.find("\"site_defaults\""),
             "\"generate\": {\"count\": 20000, \"name\": \"g{:06}\"},\n  ");
  EXPECT_TRUE(parse_fleet(big, "big.fleet.json").ok());
}

TEST(HostileInput, ListedSitesAreBoundedLikeGeneratedOnes) {
  std::string sites = "[{\"name\": \"x\"}";
  for (int i = 1; i < 100001; ++i) sites += ", {\"name\": \"x\"}";
  sites += "]";
  std::string text = two_site_fleet();
  const auto begin = text.find('[', text.find("\"sites\": ["));
  const auto end = text.find('\n', begin);  // the list is on one line
  text.replace(begin, end - begin, sites);
  const auto parsed = parse_fleet(text, "many.fleet.json");
  ASSERT_FALSE(parsed.errors.empty());
  EXPECT_EQ(parsed.errors[0].pointer, "/sites");
}

}  // namespace
}  // namespace edgetwin::model
