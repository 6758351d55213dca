#include "edgetwin/model/json_locator.hpp"

#include <gtest/gtest.h>

#include "edgetwin/model/fleet_io.hpp"

namespace edgetwin::model {
namespace {

using Position = std::pair<int, int>;

TEST(JsonLocator, FindsEveryValueByPointer) {
  const std::string text =
      "{\n"
      "  \"a\": 1,\n"
      "  \"list\": [true, {\"x\": null}],\n"
      "  \"nested\": {\"deep\": \"v\"}\n"
      "}\n";
  const JsonLocator locator(text);
  EXPECT_EQ(locator.locate(""), Position(1, 1));
  EXPECT_EQ(locator.locate("/a"), Position(2, 8));
  EXPECT_EQ(locator.locate("/list"), Position(3, 11));
  EXPECT_EQ(locator.locate("/list/0"), Position(3, 12));
  EXPECT_EQ(locator.locate("/list/1"), Position(3, 18));
  EXPECT_EQ(locator.locate("/list/1/x"), Position(3, 24));
  EXPECT_EQ(locator.locate("/nested/deep"), Position(4, 22));
}

TEST(JsonLocator, EscapesSlashAndTildeInKeys) {
  const std::string text = R"({"a/b": 1, "m~n": 2, "q\"t": 3})";
  const JsonLocator locator(text);
  EXPECT_EQ(locator.locate("/a~1b"), Position(1, 9));
  EXPECT_EQ(locator.locate("/m~0n"), Position(1, 19));
  EXPECT_EQ(locator.locate("/q\"t"), Position(1, 30));
}

TEST(JsonLocator, DecodesUnicodeEscapesInKeys) {
  const JsonLocator locator(R"({"\u00e9": 1, "\ud83d\ude00": 2})");
  EXPECT_EQ(locator.locate("/\u00e9"), Position(1, 12));
  EXPECT_EQ(locator.locate("/\U0001F600"), Position(1, 31));
}

TEST(JsonLocator, MissingPointerFallsBackToClosestAncestor) {
  const JsonLocator locator("{\n  \"a\": {\"b\": 1}\n}");
  EXPECT_EQ(locator.locate("/a/missing/deeper"), Position(2, 8));
  EXPECT_EQ(locator.locate("/nothing"), Position(1, 1));
}

TEST(JsonLocator, CountsCharactersNotBytesInColumns) {
  const JsonLocator locator("{\"n\": \"é\", \"x\": 5}");
  EXPECT_EQ(locator.locate("/x"), Position(1, 17));
}

TEST(JsonLocator, LineColumnOfOffset) {
  EXPECT_EQ(line_column_of("ab\ncd", 0), Position(1, 1));
  EXPECT_EQ(line_column_of("ab\ncd", 4), Position(2, 2));
}

TEST(JsonSyntax, ErrorHasPositionAndExpectedToken) {
  const auto parsed = parse_fleet("{\n  \"format\": \"x\"\n  \"name\": 1\n}", "f.json");
  ASSERT_EQ(parsed.errors.size(), 1u);
  const Diagnostic& error = parsed.errors[0];
  EXPECT_EQ(error.line, 3);
  EXPECT_EQ(error.column, 3);
  EXPECT_NE(error.message.find("expected '}'"), std::string::npos) << error.message;
  EXPECT_EQ(error.message.find("json.exception"), std::string::npos) << error.message;
  EXPECT_FALSE(parsed.value.has_value());
}

TEST(Diagnostic, FormatsFileLineColumnMessageAndPointer) {
  const Diagnostic d{"a.fleet.json", 3, 7, "must be positive, got 0", "/cloud/egress_gbps"};
  EXPECT_EQ(d.to_string(), "a.fleet.json:3:7: must be positive, got 0 (at /cloud/egress_gbps)");
}

}  // namespace
}  // namespace edgetwin::model
