#include "edgetwin/firmware/orchestration/node_name.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace edgetwin::fw {
namespace {

struct Case {
  std::string name;
  std::optional<NodeNameError> expected;
};

TEST(NodeName, FollowsTheManualsRule) {
  const Case cases[] = {
      {"node", std::nullopt},                // 4: the shortest allowed
      {std::string(30, 'a'), std::nullopt},  // 30: the longest allowed
      {"node-1", std::nullopt},
      {"1234", std::nullopt},
      {"s001-a", std::nullopt},
      {"a--b", std::nullopt},
      {"abc", NodeNameError::too_short},  // 3: one too short
      {"", NodeNameError::too_short},
      {std::string(31, 'a'), NodeNameError::too_long},  // 31: one too long
      {"Node1", NodeNameError::bad_character},          // uppercase
      {"node_1", NodeNameError::bad_character},
      {"node.1", NodeNameError::bad_character},
      {"no de", NodeNameError::bad_character},
      {"n\xc3\xb6"
       "de",
       NodeNameError::bad_character},  // non-ASCII
      {"-node", NodeNameError::starts_with_dash},
      {"node-", NodeNameError::ends_with_dash},
      {"----", NodeNameError::starts_with_dash},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(check_node_name(c.name), c.expected) << "'" << c.name << "'";
    EXPECT_EQ(is_valid_node_name(c.name), !c.expected.has_value()) << "'" << c.name << "'";
  }
}

TEST(NodeName, ErrorsSayWhatToFix) {
  EXPECT_EQ(to_string(NodeNameError::ends_with_dash), "must not end with '-'");
  EXPECT_NE(to_string(NodeNameError::bad_character).find("lowercase"), std::string_view::npos);
}

}  // namespace
}  // namespace edgetwin::fw
