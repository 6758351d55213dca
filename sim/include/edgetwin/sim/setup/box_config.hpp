#pragma once
// The firmware configuration of a box, derived from the fleet file: what an installer would
// write into the box's configuration on a real site.
#include "edgetwin/firmware/agents/box_config.hpp"
#include "edgetwin/model/fleet.hpp"

namespace edgetwin::sim {

fw::BoxConfig box_config(const model::Fleet& fleet, const model::Site& site, const model::Box& box);

// The keys of the authenticated channel (wire_keys.hpp). The twin needs keys, not secrets: they
// derive from the fleet and site names, so runs stay reproducible.
fw::WireKey twin_site_key(const model::Fleet& fleet, const std::string& site);
fw::WireKey twin_cloud_root(const model::Fleet& fleet);
// A site member that is not a box (its NAS, its workload client): the site's key only.
fw::WireKeys twin_site_member_keys(const model::Fleet& fleet, const std::string& site);

// The site's service VIP: the first host address of its service range.
std::string service_vip(const model::Site& site);

}  // namespace edgetwin::sim
