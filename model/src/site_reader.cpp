#include "site_reader.hpp"

#include <algorithm>

#include "fleet_parse.hpp"
#include "json_pointer.hpp"
#include "names.hpp"

namespace edgetwin::model {
namespace {

constexpr std::uint32_t kFirstBoxHost = 11;  // boxes take .11, .12, ... of the LAN
// Generic nodes take .101, .102, ...: clear of 26 boxes (.11-.36), and of the NAS when it sits
// at the top of a /24 (.250 in the bundled fleets).
constexpr std::uint32_t kFirstGenericHost = 101;
constexpr int kPriorityStep = 10;

int vrrp_priority(const std::vector<int>& priorities, std::size_t index) {
  if (index < priorities.size()) return priorities[index];
  const auto extra = static_cast<int>(index - priorities.size() + 1);
  return std::max(1, priorities.back() - kPriorityStep * extra);
}

}  // namespace

void SiteReader::read(const SiteInput& input) {
  checker_.set_origins(&input.origins);
  const Json& m = input.merged;
  checker_.check_keys(m, "",
                      {"name", "boxes", "hardware", "system", "lan", "service_cidr",
                       "allow_service_lan_overlap", "wan", "nas", "generic_nodes"});
  Site site;
  site.name = input.name;
  site.system = read_reference(m, "system", Need::kRequired).value_or("");
  const auto hardware = read_reference(m, "hardware", Need::kOptional);
  const auto lan = read_lan(m, site);
  site.allow_service_lan_overlap =
      checker_.bool_field(m, "", "allow_service_lan_overlap", Need::kOptional).value_or(false);
  read_service_cidr(m, site, lan);
  read_wan(m, site);
  read_nas(m, site, lan);
  read_boxes(m, site, hardware, input);
  read_generic_nodes(m, site);
  assign_addresses(site, lan);
  assign_generic_addresses(site, lan);
  checker_.set_origins(nullptr);
  fleet_.sites.push_back(std::move(site));
}

// "system" and "hardware" name entries of the fleet-wide sections.
std::optional<std::string> SiteReader::read_reference(const Json& site, std::string_view key,
                                                      Need need) {
  auto name = checker_.string_field(site, "", key, need);
  if (!name) return std::nullopt;
  const bool known =
      key == "system" ? fleet_.systems.count(*name) > 0 : fleet_.hardware.count(*name) > 0;
  if (!known) {
    const std::string section = key == "system" ? "/systems" : "/hardware";
    checker_.error(child_pointer("", key), "unknown " + std::string(key) + " '" + *name +
                                               "' (not defined in " + section + ")");
    return std::nullopt;
  }
  return name;
}

std::optional<Cidr> SiteReader::read_lan(const Json& site, Site& out) {
  const Json* lan = checker_.object_field(site, "", "lan", Need::kRequired);
  if (lan == nullptr) return std::nullopt;
  checker_.check_keys(*lan, "/lan", {"cidr", "gbps", "latency_ms"});
  out.lan.gbps = checker_.number_field(*lan, "/lan", "gbps", Bound::kPositive, Need::kOptional)
                     .value_or(out.lan.gbps);
  out.lan.latency_ms =
      checker_.number_field(*lan, "/lan", "latency_ms", Bound::kNonNegative, Need::kOptional)
          .value_or(out.lan.latency_ms);
  const auto text = checker_.string_field(*lan, "/lan", "cidr", Need::kRequired);
  if (!text) return std::nullopt;
  out.lan.cidr = *text;
  std::string why;
  auto cidr = parse_cidr(*text, &why);
  if (!cidr) checker_.error("/lan/cidr", why);
  return cidr;
}

void SiteReader::read_service_cidr(const Json& site, Site& out, const std::optional<Cidr>& lan) {
  const auto text = checker_.string_field(site, "", "service_cidr", Need::kRequired);
  if (!text) return;
  out.service_cidr = *text;
  std::string why;
  const auto service = parse_cidr(*text, &why);
  if (!service) {
    checker_.error("/service_cidr", why);
  } else if (lan && service->overlaps(*lan) && !out.allow_service_lan_overlap) {
    checker_.error("/service_cidr", "service VIP range " + *text + " overlaps the LAN " +
                                        out.lan.cidr +
                                        ": IP conflicts may break services (set "
                                        "allow_service_lan_overlap to rehearse that on purpose)");
  }
}

void SiteReader::read_wan(const Json& site, Site& out) {
  const Json* wan = checker_.object_field(site, "", "wan", Need::kOptional);
  if (wan == nullptr) return;
  checker_.check_keys(*wan, "/wan", {"mbps", "latency_ms"});
  out.wan.mbps = checker_.number_field(*wan, "/wan", "mbps", Bound::kPositive, Need::kOptional)
                     .value_or(out.wan.mbps);
  out.wan.latency_ms =
      checker_.number_field(*wan, "/wan", "latency_ms", Bound::kNonNegative, Need::kOptional)
          .value_or(out.wan.latency_ms);
}

void SiteReader::read_nas(const Json& site, Site& out, const std::optional<Cidr>& lan) {
  const Json* nas = checker_.object_field(site, "", "nas", Need::kOptional);
  if (nas == nullptr) return;
  checker_.check_keys(*nas, "/nas", {"address", "path"});
  Nas result;
  result.path = checker_.string_field(*nas, "/nas", "path", Need::kOptional).value_or("");
  const auto address = checker_.string_field(*nas, "/nas", "address", Need::kRequired);
  if (address) {
    result.address = *address;
    std::string why;
    const auto parsed = parse_ipv4(*address, &why);
    if (!parsed) {
      checker_.error("/nas/address", why);
    } else if (lan && !lan->contains(*parsed)) {
      checker_.error("/nas/address",
                     "NAS address " + *address + " is outside the LAN " + out.lan.cidr);
    }
  }
  out.nas = result;
}

void SiteReader::read_boxes(const Json& site, Site& out, const std::optional<std::string>& hardware,
                            const SiteInput& input) {
  const Json* boxes = checker_.field(site, "", "boxes", Need::kRequired);
  if (boxes == nullptr) return;
  if (boxes->is_array()) {
    read_box_list(*boxes, out, hardware);
    return;
  }
  if (!boxes->is_number()) {
    checker_.error("/boxes",
                   "expected a box count or a list of boxes, got " + describe_type(*boxes));
    return;
  }
  const auto count = checker_.int_value(*boxes, "/boxes", Bound::kPositive);
  if (!count) return;
  if (*count > kMaxBoxesPerSite) {
    checker_.error("/boxes", "at most 26 boxes per site (names end in a..z)");
    return;
  }
  if (!hardware && !site.contains("hardware")) {
    checker_.error("", "missing required field 'hardware' (needed by a box count)");
  }
  const bool report_names = input.name_ok && !(input.generated && generated_name_reported_);
  for (int i = 0; i < *count; ++i) {
    const std::string name = out.name + "-" + static_cast<char>('a' + i);
    out.boxes.push_back({name, hardware.value_or(""), "", 0});
    if (!is_valid_node_name(name) && report_names) {
      checker_.error("/name", "site name '" + out.name + "' gives box name '" + name +
                                  "', which breaks the node naming rule (" +
                                  std::string(kNodeNameRule) + ")");
      generated_name_reported_ = generated_name_reported_ || input.generated;
      break;
    }
    check_box_name(name, "/boxes", out);
  }
}

void SiteReader::read_box_list(const Json& boxes, Site& out,
                               const std::optional<std::string>& hardware) {
  if (boxes.size() > static_cast<std::size_t>(kMaxBoxesPerSite)) {
    checker_.error("/boxes", "at most 26 boxes per site");
  }
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    const std::string pointer = child_pointer("/boxes", i);
    if (!checker_.expect_object(boxes[i], pointer)) continue;
    checker_.check_keys(boxes[i], pointer, {"name", "hardware"});
    Box box;
    box.name = checker_.string_field(boxes[i], pointer, "name", Need::kRequired).value_or("");
    const auto own = checker_.string_field(boxes[i], pointer, "hardware", Need::kOptional);
    if (own && fleet_.hardware.count(*own) == 0) {
      checker_.error(pointer + "/hardware",
                     "unknown hardware '" + *own + "' (not defined in /hardware)");
    } else if (!own && !hardware) {
      checker_.error(pointer, "missing required field 'hardware' (no site hardware either)");
    }
    box.hardware = own.value_or(hardware.value_or(""));
    if (box.name.empty() && !boxes[i].contains("name")) continue;
    if (!is_valid_node_name(box.name)) {
      checker_.error(pointer + "/name", "box name '" + box.name +
                                            "' breaks the node naming rule (" +
                                            std::string(kNodeNameRule) + ")");
    }
    check_box_name(box.name, pointer + "/name", out);
    out.boxes.push_back(box);
  }
}

// A generic node names its own hardware: a customer's server is no site default.
void SiteReader::read_generic_nodes(const Json& site, Site& out) {
  const Json* nodes = checker_.array_field(site, "", "generic_nodes", Need::kOptional);
  if (nodes == nullptr) return;
  if (nodes->size() > static_cast<std::size_t>(kMaxGenericNodesPerSite)) {
    checker_.error("/generic_nodes", "at most " + std::to_string(kMaxGenericNodesPerSite) +
                                         " generic nodes per site, got " +
                                         std::to_string(nodes->size()));
    return;
  }
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    const std::string pointer = child_pointer("/generic_nodes", i);
    if (!checker_.expect_object((*nodes)[i], pointer)) continue;
    checker_.check_keys((*nodes)[i], pointer, {"name", "hardware"});
    GenericNode node;
    node.name = checker_.string_field((*nodes)[i], pointer, "name", Need::kRequired).value_or("");
    const auto hardware = checker_.string_field((*nodes)[i], pointer, "hardware", Need::kRequired);
    if (hardware && fleet_.hardware.count(*hardware) == 0)
      checker_.error(pointer + "/hardware",
                     "unknown hardware '" + *hardware + "' (not defined in /hardware)");
    node.hardware = hardware.value_or("");
    if (!(*nodes)[i].contains("name")) continue;
    if (!is_valid_node_name(node.name)) {
      checker_.error(pointer + "/name", "generic node name '" + node.name +
                                            "' breaks the node naming rule (" +
                                            std::string(kNodeNameRule) + ")");
    }
    check_box_name(node.name, pointer + "/name", out, "generic node");
    out.generic_nodes.push_back(node);
  }
}

void SiteReader::check_box_name(const std::string& box, const std::string& pointer,
                                const Site& site, std::string_view what) {
  const auto [it, inserted] = box_sites_.emplace(box, site.name);
  if (!inserted) {
    checker_.error(pointer, "duplicate " + std::string(what) + " name '" + box +
                                "' (already used in site '" + it->second + "')");
  }
}

// The address of host `i` of `count` numbered from `.first`, or, when the LAN has no room for
// all of them (its last address is the broadcast address), an error at `pointer` and nullopt.
std::optional<std::string> SiteReader::numbered_address(const Site& site, const Cidr& lan,
                                                        std::uint64_t first, std::size_t i,
                                                        std::size_t count, const char* pointer,
                                                        const std::string& what) {
  const std::uint64_t host = first + i;
  if (host + 1 < lan.size()) return format_ipv4(lan.network + static_cast<std::uint32_t>(host));
  checker_.error(pointer, "LAN " + site.lan.cidr + " has no room for " + std::to_string(count) +
                              " " + what + " (their addresses start at ." + std::to_string(first) +
                              ")");
  return std::nullopt;
}

void SiteReader::assign_addresses(Site& site, const std::optional<Cidr>& lan) {
  for (std::size_t i = 0; i < site.boxes.size(); ++i) {
    site.boxes[i].vrrp_priority = vrrp_priority(fleet_.ha.priorities, i);
    if (!lan) continue;
    const auto address =
        numbered_address(site, *lan, kFirstBoxHost, i, site.boxes.size(), "/lan/cidr", "boxes");
    if (!address) return;
    site.boxes[i].address = *address;
  }
}

void SiteReader::assign_generic_addresses(Site& site, const std::optional<Cidr>& lan) {
  if (!lan) return;
  for (std::size_t i = 0; i < site.generic_nodes.size(); ++i) {
    const auto address =
        numbered_address(site, *lan, kFirstGenericHost, i, site.generic_nodes.size(),
                         "/generic_nodes", "generic nodes");
    if (!address) return;
    if (site.nas && site.nas->address == *address) {
      checker_.error("/generic_nodes", "generic node " + site.generic_nodes[i].name +
                                           " would take " + *address + ", the NAS's address");
      return;
    }
    site.generic_nodes[i].address = *address;
  }
}

}  // namespace edgetwin::model
