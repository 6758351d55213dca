#include <gtest/gtest.h>

#include "edgetwin/model/fleet_io.hpp"
#include "fleet_text.hpp"

namespace edgetwin::model {
namespace {

using test::all_errors;
using test::fleet_text;

std::vector<Diagnostic> errors_of(const std::string& text) {
  auto parsed = parse_fleet(text, "t.fleet.json");
  EXPECT_FALSE(parsed.value.has_value());
  return parsed.errors;
}

// The one error at `pointer`; fails the test when there is not exactly one.
Diagnostic error_at(const std::vector<Diagnostic>& errors, const std::string& pointer) {
  std::vector<Diagnostic> found;
  for (const auto& e : errors) {
    if (e.pointer == pointer) found.push_back(e);
  }
  EXPECT_EQ(found.size(), 1u) << "errors at " << pointer << " in:\n" << all_errors(errors);
  return found.empty() ? Diagnostic{} : found[0];
}

void expect_error(const std::vector<Diagnostic>& errors, const std::string& pointer, int line,
                  int column, const std::string& message_part) {
  const Diagnostic e = error_at(errors, pointer);
  EXPECT_EQ(e.line, line) << e.to_string();
  EXPECT_EQ(e.column, column) << e.to_string();
  EXPECT_NE(e.message.find(message_part), std::string::npos) << e.to_string();
  EXPECT_EQ(e.file, "t.fleet.json");
}

TEST(FleetValidation, UnsupportedFormat) {
  const auto errors = errors_of("{\"format\": \"edgetwin.fleet/v2\", \"sites\": 3}");
  ASSERT_EQ(errors.size(), 1u) << all_errors(errors);
  expect_error(errors, "/format", 1, 12, "unsupported format 'edgetwin.fleet/v2'");
}

TEST(FleetValidation, WrongType) {
  const auto errors = errors_of(fleet_text({R"(    {"name": "s001", "wan": {"mbps": "fast"}})"}));
  expect_error(errors, "/sites/0/wan/mbps", 10, 38, "expected a number, got a string");
}

TEST(FleetValidation, SiteNameGivingAnInvalidBoxName) {
  const auto errors = errors_of(fleet_text({R"(    {"name": "x"})"}));
  ASSERT_EQ(errors.size(), 1u) << all_errors(errors);
  expect_error(errors, "/sites/0/name", 10, 14, "site name 'x' gives box name 'x-a'");
}

TEST(FleetValidation, InvalidSiteName) {
  const auto errors = errors_of(fleet_text({R"(    {"name": "Site_1"})"}));
  ASSERT_EQ(errors.size(), 1u) << all_errors(errors);
  expect_error(errors, "/sites/0/name", 10, 14, "site name 'Site_1'");
}

TEST(FleetValidation, InvalidBoxNameInList) {
  const auto errors =
      errors_of(fleet_text({R"(    {"name": "s001", "boxes": [{"name": "-bad-"}]})"}));
  expect_error(errors, "/sites/0/boxes/0/name", 10, 41, "breaks the node naming rule");
}

TEST(FleetValidation, CidrSyntaxAndHostBits) {
  const auto errors =
      errors_of(fleet_text({R"(    {"name": "s001", "lan": {"cidr": "192.168.1.300/24"}})",
                            R"(    {"name": "s002", "lan": {"cidr": "192.168.1.1/24"}})"}));
  expect_error(errors, "/sites/0/lan/cidr", 10, 38, "octets 0-255");
  expect_error(errors, "/sites/1/lan/cidr", 11, 38, "network address has host bits set");
}

// One IPv4 parser for the fleet and the firmware: "010" is octal to inet_aton, so a fleet that
// the firmware would read differently is refused at validation.
TEST(FleetValidation, LeadingZerosAreRefusedLikeTheFirmwareDoes) {
  const auto errors =
      errors_of(fleet_text({R"(    {"name": "s001", "lan": {"cidr": "192.168.010.0/24"}})"}));
  ASSERT_EQ(errors.size(), 1u) << all_errors(errors);
  expect_error(errors, "/sites/0/lan/cidr", 10, 38, "no leading zeros");
}

TEST(FleetValidation, ServiceRangeOverlapsLan) {
  const auto errors =
      errors_of(fleet_text({R"(    {"name": "s001", "service_cidr": "192.168.1.0/25"})"}));
  ASSERT_EQ(errors.size(), 1u) << all_errors(errors);
  expect_error(errors, "/sites/0/service_cidr", 10, 38, "");
  EXPECT_EQ(errors[0].message,
            "service VIP range 192.168.1.0/25 overlaps the LAN 192.168.1.0/24: IP conflicts may "
            "break services (set allow_service_lan_overlap to rehearse that on purpose)");
}

TEST(FleetValidation, AnOverlapChosenOnPurposeIsAccepted) {
  const auto parsed =
      parse_fleet(fleet_text({R"(    {"name": "s001", "service_cidr": "192.168.1.0/25",)"
                              R"( "allow_service_lan_overlap": true})"}),
                  "t.fleet.json");
  ASSERT_TRUE(parsed.value) << all_errors(parsed.errors);
  EXPECT_TRUE(parsed.value->sites[0].allow_service_lan_overlap);
}

TEST(FleetValidation, ErrorInheritedFromDefaultsIsReportedOnceAtTheDefault) {
  const auto errors =
      errors_of(fleet_text({R"(    {"name": "s001", "lan": {"cidr": "192.168.2.0/24"}})",
                            R"(    {"name": "s002", "lan": {"cidr": "192.168.2.0/24"}})"}));
  ASSERT_EQ(errors.size(), 1u) << all_errors(errors);
  expect_error(errors, "/site_defaults/service_cidr", 7, 56, "overlaps the LAN 192.168.2.0/24");
}

TEST(FleetValidation, NasOutsideLan) {
  const auto errors =
      errors_of(fleet_text({R"(    {"name": "s001", "nas": {"address": "10.0.0.5"}})"}));
  expect_error(errors, "/sites/0/nas/address", 10, 41,
               "NAS address 10.0.0.5 is outside the LAN 192.168.1.0/24");
}

TEST(FleetValidation, UnknownReferences) {
  const auto errors = errors_of(fleet_text(
      {R"(    {"name": "s001", "system": "nope"})",
       R"(    {"name": "s002", "boxes": [{"name": "gate-1", "hardware": "tinybox"}]})"}));
  expect_error(errors, "/sites/0/system", 10, 32, "unknown system 'nope'");
  expect_error(errors, "/sites/1/boxes/0/hardware", 11, 63, "unknown hardware 'tinybox'");
}

TEST(FleetValidation, UnknownAppInSystem) {
  const std::string text =
      "{\"format\": \"edgetwin.fleet/v1\", \"hardware\": {}, \"apps\": {},\n"
      " \"systems\": {\"s\": [\"ghost\"]}}";
  const auto errors = errors_of(text);
  expect_error(errors, "/systems/s/0", 2, 20, "unknown app 'ghost'");
}

TEST(FleetValidation, DuplicateSiteAndBoxNames) {
  const auto errors = errors_of(fleet_text(
      {R"(    {"name": "s001", "boxes": [{"name": "gate-1"}]})",
       R"(    {"name": "s002", "boxes": [{"name": "gate-1"}]})", R"(    {"name": "s001"})"}));
  expect_error(errors, "/sites/1/boxes/0/name", 11, 41,
               "duplicate box name 'gate-1' (already used in site 's001')");
  expect_error(errors, "/sites/2/name", 12, 14, "duplicate site name 's001'");
}

TEST(FleetValidation, NumbersThatMustBePositive) {
  const auto errors =
      errors_of(fleet_text({R"(    {"name": "s001", "wan": {"mbps": 0, "latency_ms": -1}})"}));
  expect_error(errors, "/sites/0/wan/mbps", 10, 38, "must be positive, got 0");
  expect_error(errors, "/sites/0/wan/latency_ms", 10, 55, "must not be negative, got -1");
}

TEST(FleetValidation, UnknownFieldsCatchTypos) {
  const auto errors = errors_of(
      fleet_text({R"(    {"name": "s001", "wna": {"mbps": 20}})"}, {R"(  "sytems": {},)"}));
  expect_error(errors, "/sytems", 9, 13, "unknown field 'sytems'");
  expect_error(errors, "/sites/0/wna", 11, 29, "unknown field 'wna'");
}

TEST(FleetValidation, UnsupportedWitness) {
  const auto errors =
      errors_of(fleet_text({R"(    {"name": "s001"})"}, {R"(  "ha": {"witness": "disk"},)"}));
  expect_error(errors, "/ha/witness", 9, 21, "unsupported witness 'disk'");
}

TEST(FleetValidation, GeneratePatternNeedsPlaceholder) {
  const auto errors = errors_of(fleet_text({}, {R"(  "generate": {"count": 3, "name": "site"},)"}));
  expect_error(errors, "/generate/name", 9, 36, "needs exactly one placeholder");
}

TEST(FleetValidation, CollectsEveryErrorNotJustTheFirst) {
  const std::string text =
      "{\"format\": \"edgetwin.fleet/v1\",\n"
      " \"hardware\": {\"box\": {\"cpus\": 0, \"memory_gib\": 8}},\n"
      " \"apps\": {\"x\": {\"cpu\": 1}},\n"
      " \"systems\": {},\n"
      " \"cloud\": {\"egress_gbps\": \"ten\"}}";
  const auto errors = errors_of(text);
  EXPECT_EQ(errors.size(), 5u) << all_errors(errors);
  expect_error(errors, "/hardware/box/cpus", 2, 31, "must be positive");
  EXPECT_EQ(errors.size() >= 3 ? errors[1].message : "", "missing required field 'version'");
  EXPECT_EQ(errors.size() >= 3 ? errors[1].pointer : "", "/apps/x");
  EXPECT_EQ(errors.size() >= 3 ? errors[1].column : 0, 16);
  expect_error(errors, "/cloud/egress_gbps", 5, 27, "expected a number, got a string");
}

TEST(FleetFiles, InvalidBoxNameAndOverlappingVipRange) {
  const std::string path = EDGETWIN_MODEL_TEST_DATA "/bad_names_vip.fleet.json";
  const auto parsed = load_fleet_file(path);
  ASSERT_EQ(parsed.errors.size(), 2u) << all_errors(parsed.errors);
  EXPECT_EQ(parsed.errors[0].to_string(),
            path +
                ":14:50: box name 'Box_B' breaks the node naming rule (4 to 30 characters: "
                "digits, lowercase letters and '-', not starting or ending with '-') "
                "(at /sites/0/boxes/1/name)");
  EXPECT_EQ(parsed.errors[1].to_string(),
            path +
                ":15:23: service VIP range 192.168.1.128/25 overlaps the LAN 192.168.1.0/24: IP "
                "conflicts may break services (set allow_service_lan_overlap to rehearse that on "
                "purpose) "
                "(at /sites/0/service_cidr)");
}

TEST(FleetFiles, SyntaxErrorIsTheOnlyError) {
  const std::string path = EDGETWIN_MODEL_TEST_DATA "/syntax_error.fleet.json";
  const auto parsed = load_fleet_file(path);
  ASSERT_EQ(parsed.errors.size(), 1u) << all_errors(parsed.errors);
  EXPECT_EQ(parsed.errors[0].line, 4);
  EXPECT_EQ(parsed.errors[0].column, 3);
  EXPECT_EQ(parsed.errors[0].message, "expected '}', found string literal");
}

TEST(FleetFiles, MissingFileIsOneError) {
  const auto parsed = load_fleet_file(EDGETWIN_MODEL_TEST_DATA "/no-such.fleet.json");
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].line, 0);
  EXPECT_NE(parsed.errors[0].message.find("cannot open"), std::string::npos);
}

// A site holds all its system's replicas in one desired state, which has a named bound
// (fw::kDesiredContainersMax): a system above it is an input error, not a site that never
// deploys. At the bound it is accepted.
TEST(FleetValidation, ASystemAboveTheDesiredStateBoundIsRefused) {
  auto with_replicas = [](int replicas) {
    std::string text = fleet_text({R"(    {"name": "s001"})"});
    const std::string app = "\"memory_mib\": 512}";
    text.replace(text.find(app), app.size(),
                 "\"memory_mib\": 512, \"replicas\": " + std::to_string(replicas) + "}");
    return text;
  };
  EXPECT_TRUE(parse_fleet(with_replicas(128), "t.fleet.json").value.has_value());
  const auto errors = errors_of(with_replicas(129));
  ASSERT_EQ(errors.size(), 1u) << all_errors(errors);
  expect_error(errors, "/systems/basic", 5, 24,
               "system 'basic' needs 129 containers per site (replicas of its apps), more than "
               "the 128 one site's desired state may hold");
}

}  // namespace
}  // namespace edgetwin::model

namespace edgetwin::model {
namespace {

using test::all_errors;
using test::fleet_text;

std::vector<Diagnostic> generic_errors(const std::string& site_line) {
  auto parsed = parse_fleet(fleet_text({site_line}), "t.fleet.json");
  EXPECT_FALSE(parsed.value.has_value());
  return parsed.errors;
}

// A generic node (the manual's 添加通用节点): a name under the node naming rule, its own
// hardware, and a LAN address from .101 up.
TEST(FleetGenericNodes, ParsedWithTheirHardwareAndAddresses) {
  auto parsed = parse_fleet(
      fleet_text(
          {R"(    {"name": "s001", "generic_nodes": [{"name": "rack-01", "hardware": "edgebox"},)"
           R"( {"name": "rack-02", "hardware": "edgebox"}]}, {"name": "s002"})"}),
      "t.fleet.json");
  ASSERT_TRUE(parsed.value.has_value()) << all_errors(parsed.errors);
  const Site& s001 = parsed.value->sites.at(0);
  ASSERT_EQ(s001.generic_nodes.size(), 2u);
  EXPECT_EQ(s001.generic_nodes[0].name, "rack-01");
  EXPECT_EQ(s001.generic_nodes[0].hardware, "edgebox");
  EXPECT_EQ(s001.generic_nodes[0].address, "192.168.1.101");
  EXPECT_EQ(s001.generic_nodes[1].address, "192.168.1.102");
  EXPECT_EQ(s001.boxes.size(), 2u) << "generic nodes are no boxes";
  EXPECT_TRUE(parsed.value->sites.at(1).generic_nodes.empty());
}

// Generic nodes are numbered from .101: a LAN of 64 addresses has no room for them, and the
// user is told where they would start, as for boxes.
TEST(FleetGenericNodes, ALanWithoutRoomForThemIsAnError) {
  const auto errors =
      generic_errors(R"(    {"name": "s001", "lan": {"cidr": "192.168.1.0/26"},)"
                     R"( "generic_nodes": [{"name": "rack-01", "hardware": "edgebox"}]})");
  ASSERT_EQ(errors.size(), 1u) << all_errors(errors);
  EXPECT_EQ(errors[0].pointer, "/sites/0/generic_nodes");
  EXPECT_NE(
      errors[0].message.find("has no room for 1 generic nodes (their addresses start at .101)"),
      std::string::npos)
      << errors[0].message;
}

TEST(FleetGenericNodes, NameBreakingTheNodeNamingRuleIsAnError) {
  const auto errors = generic_errors(
      R"(    {"name": "s001", "generic_nodes": [{"name": "Gpu_1", "hardware": "edgebox"}]})");
  ASSERT_EQ(errors.size(), 1u) << all_errors(errors);
  EXPECT_EQ(errors[0].pointer, "/sites/0/generic_nodes/0/name");
  EXPECT_EQ(errors[0].to_string().substr(0, 19), "t.fleet.json:10:49:");
  EXPECT_NE(errors[0].message.find("generic node name 'Gpu_1' breaks the node naming rule"),
            std::string::npos);
}

TEST(FleetGenericNodes, NameOfABoxIsADuplicate) {
  const auto errors = generic_errors(
      R"(    {"name": "s001", "generic_nodes": [{"name": "s001-a", "hardware": "edgebox"}]})");
  ASSERT_EQ(errors.size(), 1u) << all_errors(errors);
  EXPECT_EQ(errors[0].pointer, "/sites/0/generic_nodes/0/name");
  EXPECT_EQ(errors[0].to_string().substr(0, 19), "t.fleet.json:10:49:");
  EXPECT_NE(errors[0].message.find("duplicate generic node name 's001-a'"), std::string::npos);
}

TEST(FleetGenericNodes, UnknownOrMissingHardwareIsAnError) {
  auto errors = generic_errors(
      R"(    {"name": "s001", "generic_nodes": [{"name": "rack-01", "hardware": "xeon"}]})");
  ASSERT_EQ(errors.size(), 1u) << all_errors(errors);
  EXPECT_EQ(errors[0].to_string().substr(0, 19), "t.fleet.json:10:72:");
  EXPECT_NE(errors[0].message.find("unknown hardware 'xeon'"), std::string::npos);
  errors = generic_errors(R"(    {"name": "s001", "generic_nodes": [{"name": "rack-01"}]})");
  ASSERT_EQ(errors.size(), 1u) << all_errors(errors);
  EXPECT_EQ(errors[0].pointer, "/sites/0/generic_nodes/0");
  EXPECT_NE(errors[0].message.find("'hardware'"), std::string::npos);
}

TEST(FleetGenericNodes, UnknownFieldAndTooManyAreErrors) {
  auto errors = generic_errors(
      R"(    {"name": "s001", "generic_nodes": [{"name": "rack-01", "hardware": "edgebox", "cpu": 8}]})");
  ASSERT_EQ(errors.size(), 1u) << all_errors(errors);
  EXPECT_EQ(errors[0].pointer, "/sites/0/generic_nodes/0/cpu");
  std::string many;
  for (int i = 0; i < 17; ++i)
    many += std::string(i ? ", " : "") + R"({"name": "rack-)" + std::to_string(10 + i) +
            R"(", "hardware": "edgebox"})";
  errors = generic_errors(R"(    {"name": "s001", "generic_nodes": [)" + many + "]}");
  ASSERT_EQ(errors.size(), 1u) << all_errors(errors);
  EXPECT_NE(errors[0].message.find("at most 16 generic nodes per site"), std::string::npos);
}

}  // namespace
}  // namespace edgetwin::model
