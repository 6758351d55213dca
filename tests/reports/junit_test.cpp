#include "edgetwin/reports/junit.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace edgetwin::reports {
namespace {

using Json = nlohmann::ordered_json;

// Just enough of an XML parser to prove the output is well-formed: every tag closes in order,
// attributes are quoted, and the only '&' are the five predefined entities or character
// references. Throws on anything else.
struct Element {
  std::string name;
  std::map<std::string, std::string> attrs;
  std::vector<std::unique_ptr<Element>> children;
  std::string text;

  std::vector<const Element*> all(const std::string& tag) const {
    std::vector<const Element*> out;
    for (const auto& c : children) {
      if (c->name == tag) out.push_back(c.get());
      for (const auto* d : c->all(tag)) out.push_back(d);
    }
    return out;
  }
};

class MiniXml {
 public:
  explicit MiniXml(std::string s) : s_(std::move(s)) {}

  std::unique_ptr<Element> document() {
    if (s_.rfind("<?xml", 0) == 0) pos_ = s_.find("?>") + 2;
    skip_space();
    auto root = element();
    skip_space();
    if (pos_ != s_.size()) fail("content after the root element");
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw std::runtime_error(why + " at offset " + std::to_string(pos_));
  }
  void skip_space() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  void expect(char c) {
    if (pos_ >= s_.size() || s_[pos_] != c) fail(std::string("expected '") + c + "'");
    ++pos_;
  }
  std::string name() {
    const std::size_t start = pos_;
    while (pos_ < s_.size() &&
           (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_'))
      ++pos_;
    if (pos_ == start) fail("expected a name");
    return s_.substr(start, pos_ - start);
  }
  // Text up to `end`, entities decoded; a raw '<' or a bare '&' is an error.
  std::string chars(char end) {
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != end) {
      const char c = s_[pos_++];
      if (c == '<' || (end == '"' && c == '\n')) fail("raw special character");
      if (c != '&') {
        out += c;
        continue;
      }
      const std::size_t semi = s_.find(';', pos_);
      if (semi == std::string::npos) fail("unterminated entity");
      const std::string entity = s_.substr(pos_, semi - pos_);
      static const std::map<std::string, char> kNamed{
          {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
      if (kNamed.contains(entity))
        out += kNamed.at(entity);
      else if (entity.size() > 1 && entity[0] == '#')
        out += static_cast<char>(std::stoi(entity.substr(1)));
      else
        fail("unknown entity &" + entity + ";");
      pos_ = semi + 1;
    }
    return out;
  }
  std::unique_ptr<Element> element() {
    auto e = std::make_unique<Element>();
    expect('<');
    e->name = name();
    for (skip_space(); pos_ < s_.size() && s_[pos_] != '>' && s_[pos_] != '/'; skip_space()) {
      const std::string key = name();
      expect('=');
      expect('"');
      if (e->attrs.contains(key)) fail("duplicate attribute " + key);
      e->attrs[key] = chars('"');
      expect('"');
    }
    if (pos_ < s_.size() && s_[pos_] == '/') {
      ++pos_;
      expect('>');
      return e;
    }
    expect('>');
    while (true) {
      e->text += chars('<');
      if (s_.compare(pos_, 2, "</") == 0) break;
      e->children.push_back(element());
    }
    pos_ += 2;
    if (name() != e->name) fail("mismatched closing tag for " + e->name);
    expect('>');
    return e;
  }

  std::string s_;
  std::size_t pos_ = 0;
};

const char* kResult = R"({
  "format": "edgetwin.result/v1", "scenario": "crash <\"A\" & 'B'>", "seed": 7,
  "sim_time_s": 3600, "wall_s": 4.25, "passed": false,
  "metrics": {},
  "assertions": [
    { "expect": { "metric": "peer_detect_s", "site": "s<1>&\"2\"", "max": 3.001 }, "actual": 3.5,
      "passed": false, "worst_site": "s<1>&\"2\"" },
    { "expect": { "metric": "nodes_running", "at_s": 600, "min": 799 }, "actual": 799, "passed": true },
    { "expect": { "metric": "alert_delay_s", "max": 60 }, "actual": null, "passed": false,
      "why": "no sample in this run" }
  ]
})";

std::unique_ptr<Element> parse_junit(const char* result) {
  return MiniXml(junit_xml(Json::parse(result))).document();
}

TEST(Junit, IsWellFormedWithOneTestcasePerAssertion) {
  std::unique_ptr<Element> root;
  ASSERT_NO_THROW(root = parse_junit(kResult)) << junit_xml(Json::parse(kResult));
  const auto suites = root->all("testsuite");
  ASSERT_EQ(suites.size(), 1u);
  EXPECT_EQ(suites[0]->attrs.at("tests"), "3");
  EXPECT_EQ(suites[0]->attrs.at("failures"), "2");
  EXPECT_EQ(suites[0]->attrs.at("time"), "4.25");
  EXPECT_EQ(root->all("testcase").size(), 3u);
  EXPECT_EQ(root->all("failure").size(), 2u);
}

TEST(Junit, EscapesScenarioSiteAndMessage) {
  const auto root = parse_junit(kResult);
  const std::string scenario = "crash <\"A\" & 'B'>";
  EXPECT_EQ(root->all("testsuite")[0]->attrs.at("name"), scenario);
  const auto cases = root->all("testcase");
  EXPECT_EQ(cases[0]->attrs.at("classname"), scenario);
  EXPECT_EQ(cases[0]->attrs.at("name"), "peer_detect_s max 3.001 site s<1>&\"2\"");
  EXPECT_EQ(cases[1]->attrs.at("name"), "nodes_running min 799 at_s 600");
}

TEST(Junit, FailureNamesMetricBoundActualAndWorstSite) {
  const auto root = parse_junit(kResult);
  const auto failures = root->all("failure");
  EXPECT_EQ(failures[0]->attrs.at("message"),
            "peer_detect_s: actual 3.5, above max 3.001, worst site s<1>&\"2\"");
  EXPECT_NE(failures[0]->text.find("\"actual\":3.5"), std::string::npos) << failures[0]->text;
  EXPECT_EQ(failures[1]->attrs.at("message"),
            "alert_delay_s: actual none, no value (no sample in this run)");
}

TEST(Junit, PropertiesCarrySeedAndScenario) {
  const auto root = parse_junit(kResult);
  std::map<std::string, std::string> props;
  for (const auto* p : root->all("property")) props[p->attrs.at("name")] = p->attrs.at("value");
  EXPECT_EQ(props.at("seed"), "7");
  EXPECT_EQ(props.at("scenario"), "crash <\"A\" & 'B'>");
}

TEST(Junit, NoAssertionsIsAnEmptySuite) {
  const auto root = parse_junit(R"({"scenario": "s", "seed": 1, "wall_s": 0, "passed": true,
                                    "assertions": []})");
  EXPECT_EQ(root->all("testsuite")[0]->attrs.at("tests"), "0");
  EXPECT_TRUE(root->all("testcase").empty());
}

}  // namespace
}  // namespace edgetwin::reports
