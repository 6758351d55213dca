#pragma once
// Turns one merged site (site_defaults overlaid with the site's fields) into a Site.
#include <map>
#include <optional>
#include <string>

#include "edgetwin/model/fleet.hpp"
#include "ipv4.hpp"
#include "json_check.hpp"
#include "site_overlay.hpp"

namespace edgetwin::model {

struct SiteInput {
  std::string name;
  Json merged = Json::object();
  Origins origins;
  bool generated = false;
  bool name_ok = true;  // when false, naming errors derived from it would only repeat it
};

class SiteReader {
 public:
  SiteReader(Checker& checker, Fleet& fleet) : checker_(checker), fleet_(fleet) {}
  void read(const SiteInput& input);

 private:
  std::optional<std::string> read_reference(const Json& site, std::string_view key, Need need);
  std::optional<Cidr> read_lan(const Json& site, Site& out);
  void read_service_cidr(const Json& site, Site& out, const std::optional<Cidr>& lan);
  void read_wan(const Json& site, Site& out);
  void read_nas(const Json& site, Site& out, const std::optional<Cidr>& lan);
  void read_boxes(const Json& site, Site& out, const std::optional<std::string>& hardware,
                  const SiteInput& input);
  void read_box_list(const Json& boxes, Site& out, const std::optional<std::string>& hardware);
  void read_generic_nodes(const Json& site, Site& out);
  void check_box_name(const std::string& box, const std::string& pointer, const Site& site,
                      std::string_view what = "box");
  void assign_addresses(Site& site, const std::optional<Cidr>& lan);
  void assign_generic_addresses(Site& site, const std::optional<Cidr>& lan);
  std::optional<std::string> numbered_address(const Site& site, const Cidr& lan,
                                              std::uint64_t first, std::size_t i, std::size_t count,
                                              const char* pointer, const std::string& what);

  Checker& checker_;
  Fleet& fleet_;
  std::map<std::string, std::string> box_sites_;  // box name -> its site, to find duplicates
  bool generated_name_reported_ = false;
};

}  // namespace edgetwin::model
