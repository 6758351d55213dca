// site_defaults, sites and generate: which sites exist and what each one is made of.
#include <algorithm>
#include <set>

#include "edgetwin/model/input_limits.hpp"
#include "fleet_parse.hpp"
#include "json_pointer.hpp"
#include "names.hpp"
#include "site_reader.hpp"

namespace edgetwin::model {
namespace {

constexpr std::string_view kSiteNameRule = "lowercase letters, digits and '-', not empty";

SiteInput start_from_defaults(const Json* defaults) {
  SiteInput input;
  if (defaults != nullptr) overlay(input.merged, *defaults, "/site_defaults", input.origins);
  return input;
}

std::vector<SiteInput> listed_sites(Checker& checker, const Json& doc, const Json* defaults) {
  std::vector<SiteInput> inputs;
  const Json* sites = checker.array_field(doc, "", "sites", Need::kOptional);
  if (sites == nullptr) return inputs;
  if (sites->size() > static_cast<std::size_t>(kMaxSites)) {
    checker.error("/sites", "at most " + std::to_string(kMaxSites) + " sites, got " +
                                std::to_string(sites->size()));
    return inputs;
  }
  std::map<std::string, std::string> seen;  // name -> pointer of its first listing
  for (std::size_t i = 0; i < sites->size(); ++i) {
    const std::string pointer = child_pointer("/sites", i);
    const Json& site = (*sites)[i];
    if (!checker.expect_object(site, pointer)) continue;
    const auto name = checker.string_field(site, pointer, "name", Need::kRequired);
    if (!name) continue;
    const auto [first, inserted] = seen.emplace(*name, pointer);
    if (!inserted) {
      checker.error(pointer + "/name",
                    "duplicate site name '" + *name + "' (first listed at " + first->second + ")");
      continue;
    }
    SiteInput input = start_from_defaults(defaults);
    overlay(input.merged, site, pointer, input.origins);
    input.name = *name;
    input.name_ok = is_valid_site_name(*name);
    if (!input.name_ok) {
      checker.error(pointer + "/name", "site name '" + *name + "' is not a valid site name (" +
                                           std::string(kSiteNameRule) + ")");
    }
    inputs.push_back(std::move(input));
  }
  return inputs;
}

void add_generated_site(std::vector<SiteInput>& inputs, const Json* defaults,
                        const std::string& name, bool name_ok) {
  SiteInput input = start_from_defaults(defaults);
  input.merged["name"] = name;
  input.origins["/name"] = "/generate/name";
  // Fields missing from a generated site are missing from site_defaults.
  input.origins[""] = defaults != nullptr ? "/site_defaults" : "/generate";
  input.name = name;
  input.generated = true;
  input.name_ok = name_ok;
  inputs.push_back(std::move(input));
}

void generated_sites(Checker& checker, const Json& doc, const Json* defaults,
                     std::vector<SiteInput>& inputs) {
  const Json* generate = checker.object_field(doc, "", "generate", Need::kOptional);
  if (generate == nullptr) return;
  checker.check_keys(*generate, "/generate", {"count", "name"});
  const auto count =
      checker.int_field(*generate, "/generate", "count", Bound::kNonNegative, Need::kRequired);
  const auto pattern = checker.string_field(*generate, "/generate", "name", Need::kRequired);
  if (!count || !pattern) return;
  if (*count > kMaxSites) {
    checker.error("/generate/count", "at most " + std::to_string(kMaxSites) + " sites");
    return;
  }
  const auto first = expand_name_pattern(*pattern, 1);
  if (!first) {
    checker.error("/generate/name",
                  "name pattern '" + *pattern + "' needs exactly one placeholder {} or {:0N}");
    return;
  }
  const bool name_ok = is_valid_site_name(*first);
  if (!name_ok) {
    checker.error("/generate/name", "generated site name '" + *first +
                                        "' is not a valid site name (" +
                                        std::string(kSiteNameRule) + ")");
  }
  std::set<std::string> taken;
  for (const auto& input : inputs) taken.insert(input.name);
  // Distinct numbers give distinct names, so this ends after count + listed numbers at most.
  for (int number = 1; inputs.size() < static_cast<std::size_t>(*count); ++number) {
    const std::string name = *expand_name_pattern(*pattern, number);
    if (taken.count(name) > 0) continue;
    add_generated_site(inputs, defaults, name, name_ok);
  }
}

// Arrays and objects count as one value each, like numbers and strings. Recursion is bounded:
// parse_json_text refused anything nested deeper than kMaxNestingDepth.
std::size_t count_values(const Json& value) {
  std::size_t count = 1;
  if (value.is_structured()) {
    for (const auto& child : value) count += count_values(child);
  }
  return count;
}

// How many sites would start as a copy of site_defaults: listed, or generated up to a count.
std::size_t planned_sites(const Json& doc) {
  std::size_t sites = 0;
  if (const auto it = doc.find("sites"); it != doc.end() && it->is_array()) sites = it->size();
  if (const auto it = doc.find("generate"); it != doc.end() && it->is_object()) {
    if (const auto count = it->find("count"); count != it->end() && count->is_number_unsigned()) {
      sites = std::max<std::size_t>(
          sites, std::min<std::uint64_t>(count->get<std::uint64_t>(), kMaxSites));
    }
  }
  return sites;
}

// A small file must not cost gigabytes: the copies of site_defaults are bounded in all.
bool defaults_fit(Checker& checker, const Json& doc, const Json& defaults) {
  const std::size_t values = count_values(defaults);
  const std::size_t sites = planned_sites(doc);
  if (values * sites <= kMaxSiteDefaultsCopied) return true;
  checker.error("/site_defaults",
                "site_defaults holds " + std::to_string(values) + " values, copied into each of " +
                    std::to_string(sites) + " sites: more than " +
                    std::to_string(kMaxSiteDefaultsCopied) +
                    " values in all (the limit against hostile files, docs/security.md)");
  return false;
}

}  // namespace

void read_sites(Checker& checker, const Json& doc, Fleet& fleet) {
  const Json* defaults = checker.object_field(doc, "", "site_defaults", Need::kOptional);
  if (defaults != nullptr) {
    checker.check_keys(*defaults, "/site_defaults",
                       {"boxes", "hardware", "system", "lan", "service_cidr",
                        "allow_service_lan_overlap", "wan", "nas"});
    if (!defaults_fit(checker, doc, *defaults)) return;
  }
  std::vector<SiteInput> inputs = listed_sites(checker, doc, defaults);
  generated_sites(checker, doc, defaults, inputs);
  SiteReader reader(checker, fleet);
  for (const auto& input : inputs) reader.read(input);
}

}  // namespace edgetwin::model
