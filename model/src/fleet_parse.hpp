#pragma once
// The steps of reading a fleet document; each reports into the Checker and fills the Fleet.
#include "edgetwin/model/fleet.hpp"
#include "json_check.hpp"

namespace edgetwin::model {

inline constexpr int kMaxSites = 100000;
inline constexpr int kMaxBoxesPerSite = 26;  // box names end in a single letter a..z
// With 26 boxes, a cluster of at most fw::Cluster::kNodesMax (64) nodes has room for 38; 16 is
// more than a site's switch cabinet holds.
inline constexpr int kMaxGenericNodesPerSite = 16;

void read_hardware(Checker& checker, const Json& doc, Fleet& fleet);
void read_apps(Checker& checker, const Json& doc, Fleet& fleet);
void read_systems(Checker& checker, const Json& doc, Fleet& fleet);
void read_cloud(Checker& checker, const Json& doc, Fleet& fleet);
void read_ha(Checker& checker, const Json& doc, Fleet& fleet);
void read_monitoring(Checker& checker, const Json& doc, Fleet& fleet);
// site_defaults, sites and generate; needs hardware and systems read first.
void read_sites(Checker& checker, const Json& doc, Fleet& fleet);

}  // namespace edgetwin::model
