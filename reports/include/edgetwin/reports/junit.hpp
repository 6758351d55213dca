#pragma once
// A run result (edgetwin.result/v1) as JUnit XML, so CI servers show each `expect` entry as a
// test case: one <testsuite> named after the scenario, one <testcase> per assertion, a
// <failure> naming the metric, the bound, the actual value and the worst site.
#include <nlohmann/json.hpp>
#include <string>

namespace edgetwin::reports {

// Pure: the same result gives the same bytes (no timestamp, no host name).
std::string junit_xml(const nlohmann::ordered_json& result);

}  // namespace edgetwin::reports
