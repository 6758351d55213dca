#pragma once
// The firmware configuration of a box, derived from the fleet file: what an installer would
// write into the box's configuration on a real site.
#include "edgetwin/firmware/agents/box_config.hpp"
#include "edgetwin/model/fleet.hpp"

namespace edgetwin::sim {

fw::BoxConfig box_config(const model::Fleet& fleet, const model::Site& site, const model::Box& box);

// The site's service VIP: the first host address of its service range.
std::string service_vip(const model::Site& site);

}  // namespace edgetwin::sim
