// Assertions that cannot pass without measuring anything (docs/formats-extensions.md,
// "expect"): a component that was unavailable fails its expect; an expect about an app, site or
// pair the run does not have is an input error; app + site reads that pair; the N-1 verdict is a
// run metric equal to `edgetwin report`'s.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_runner.hpp"

namespace edgetwin::test {
namespace {

const std::string kData = EDGETWIN_TEST_DATA;
const std::string kScenarios = EDGETWIN_SCENARIOS;

// A two-site scenario whose `expect` array is `expect` (JSON text), written to a scratch file.
fs::path scenario_with(const std::string& name, const std::string& operations,
                       const std::string& expect) {
  const fs::path path = scratch(name + ".scenario.json");
  std::ofstream(path) << "{\n\"format\": \"edgetwin.scenario/v1\",\n\"name\": \"" << name
                      << "\",\n\"fleet\": \"" << kScenarios << "/two-site.fleet.json\",\n"
                      << "\"duration_s\": 60,\n\"operations\": [" << operations << "],\n"
                      << "\"expect\": [\n"
                      << expect << "\n]\n}\n";
  return path;
}

nlohmann::json run_result(const std::string& scenario, int expected_status) {
  const fs::path result = scratch(fs::path(scenario).stem().string() + ".result.json");
  const Outcome o = edgetwin("run " + scenario + " --result " + result.string());
  EXPECT_EQ(o.status, expected_status) << o.out;
  return nlohmann::json::parse(slurp(result));
}

TEST(AssertionScope, ExpectOnAComponentThatWasUnavailableFails) {
  const auto r = run_result(kData + "/component-outage.scenario.json", 1);
  const auto& assertions = r["assertions"];
  ASSERT_EQ(assertions.size(), 3u);
  // s001 was dark for 200 s: its component was unserved at least that long, pair and fleet-wide.
  EXPECT_FALSE(assertions[0]["passed"].get<bool>()) << assertions[0];
  EXPECT_GE(assertions[0]["actual"].get<double>(), 200.0);
  EXPECT_FALSE(assertions[1]["passed"].get<bool>()) << assertions[1];
  EXPECT_GE(assertions[1]["actual"].get<double>(), 200.0);
  // app + site reads the pair: s002 kept power, its parking never stopped serving.
  EXPECT_TRUE(assertions[2]["passed"].get<bool>()) << assertions[2];
  EXPECT_EQ(assertions[2]["actual"].get<double>(), 0.0);
  // Not counted before it was deployed (t=30): at most its outage plus the time to come back.
  EXPECT_LT(r["metrics"]["unavailable_s"]["by_site_app"]["s001"]["link-visual"].get<double>(),
            300.0);
}

TEST(AssertionScope, AppSiteSelectsThePairNotTheFleetWideValue) {
  // s001's parking was unserved while the site was dark; s002's never: the pair reads 0.
  const auto r = run_result(kData + "/component-outage.scenario.json", 1);
  EXPECT_GT(r["metrics"]["unavailable_s"]["by_app"]["parking"].get<double>(), 0.0);
  EXPECT_EQ(r["assertions"][2]["actual"].get<double>(), 0.0);
}

void expect_input_error(const fs::path& scenario, const std::string& message) {
  const fs::path result = scratch("refused.result.json");
  const Outcome o = edgetwin("run " + scenario.string() + " --result " + result.string());
  EXPECT_EQ(o.status, 2) << o.out;
  // file:line:column: what was expected
  EXPECT_NE(o.out.find(scenario.string() + ":"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find(message), std::string::npos) << o.out;
  EXPECT_FALSE(fs::exists(result));
  EXPECT_EQ(edgetwin("validate " + scenario.string()).status, 2);
}

TEST(AssertionScope, ExpectOnAnAppNotInTheFleetIsAnInputError) {
  expect_input_error(
      scenario_with("no-such-app", "",
                    R"({ "metric": "unavailable_s", "app": "no-such-app", "max": 0 })"),
      "app 'no-such-app' is not in the fleet");
}

TEST(AssertionScope, ExpectOnAnAppNoSiteDeploysIsAnInputError) {
  // link-visual is in the fleet's catalog, but no site's system has it and nothing deploys it.
  expect_input_error(
      scenario_with("undeployed", "",
                    R"({ "metric": "unavailable_s", "app": "link-visual", "max": 0 })"),
      "app 'link-visual' is deployed at no site");
}

TEST(AssertionScope, ExpectOnAPairTheSiteDoesNotDeployIsAnInputError) {
  const std::string deploy_s001 =
      R"({ "at_s": 30, "sites": "s001", "op": "deploy", "app": "link-visual" })";
  expect_input_error(
      scenario_with(
          "pair", deploy_s001,
          R"({ "metric": "unavailable_s", "site": "s002", "app": "link-visual", "max": 0 })"),
      "app 'link-visual' is not deployed at site 's002'");
  // The same pair at the site that deploys it is accepted.
  const Outcome ok = edgetwin(
      "validate " +
      scenario_with(
          "pair-ok", deploy_s001,
          R"({ "metric": "unavailable_s", "site": "s001", "app": "link-visual", "min": 0 })")
          .string());
  EXPECT_EQ(ok.status, 0) << ok.out;
}

TEST(AssertionScope, AppOnAMetricWithoutPerAppValuesIsAnInputError) {
  expect_input_error(
      scenario_with("restarts-app", "", R"({ "metric": "restarts", "app": "parking", "max": 0 })"),
      "metric 'restarts' has no value per app");
}

TEST(AssertionScope, N1VerdictIsARunMetricEqualToTheReports) {
  const fs::path result = scratch("n1.result.json");
  const Outcome o = edgetwin("run " + kData + "/n1-risk.scenario.json --result " + result.string());
  EXPECT_EQ(o.status, 0) << o.out;
  const auto run = nlohmann::json::parse(slurp(result));
  const fs::path report = scratch("n1.report.json");
  const Outcome rep = edgetwin("report " + result.string() + " --json " + report.string());
  ASSERT_EQ(rep.status, 0) << rep.out;
  const std::string text = slurp(report);
  EXPECT_NE(text.find("\"n1_risk_sites\": 1"), std::string::npos) << text.substr(0, 400);
  EXPECT_EQ(run["metrics"]["n1_ok_sites"], 1);
  EXPECT_EQ(run["metrics"]["n1_risk_sites"], 1);
  EXPECT_EQ(run["metrics"]["n1_risk_sites_by_site"]["s002"], 1);
}

}  // namespace
}  // namespace edgetwin::test
