#include "edgetwin/sim/engine/fleet_platform.hpp"

#include <string>

namespace edgetwin::sim {
namespace sg4 = simgrid::s4u;

namespace {

std::string ms(double v) { return std::to_string(v) + "ms"; }

// Cores from the hardware profile; the speed is nominal (firmware work is not timed yet).
sg4::Host* make_host(sg4::NetZone* zone, const std::string& name, int cores) {
  return zone->create_host(name, "1Gf")->set_core_count(cores > 0 ? cores : 1)->seal();
}

struct SiteZone {
  sg4::NetZone* zone;
  simgrid::kernel::routing::NetPoint* gateway;  // the site switch, where the WAN attaches
};

// A host on the site's LAN beside its boxes (the NAS, the workload clients).
sg4::Host* add_lan_host(sg4::NetZone* zone, const std::string& name, sg4::Link* lan,
                        simgrid::kernel::routing::NetPoint* sw,
                        const std::vector<sg4::Host*>& boxes) {
  auto* host = make_host(zone, name, 4);
  zone->add_route(host->get_netpoint(), sw, nullptr, nullptr, {sg4::LinkInRoute(lan)}, true);
  for (auto* box : boxes)
    zone->add_route(box->get_netpoint(), host->get_netpoint(), nullptr, nullptr,
                    {sg4::LinkInRoute(lan)}, true);
  return host;
}

SiteZone build_site_zone(const model::Fleet& fleet, const model::Site& site, sg4::NetZone* root,
                         bool with_clients, FleetPlatform& out) {
  auto* zone = sg4::create_full_zone("site:" + site.name);
  zone->set_parent(root);
  auto* lan = zone->create_link("lan:" + site.name, std::to_string(site.lan.gbps) + "Gbps")
                  ->set_latency(ms(site.lan.latency_ms))
                  ->seal();
  out.links[lan->get_name()] = lan;
  auto* sw = zone->create_router("switch:" + site.name);
  std::vector<sg4::Host*> hosts;
  // A generic node is a host on the LAN like a box (its host is in `boxes` under its name).
  std::vector<std::pair<std::string, std::string>> members;  // name, hardware
  for (const auto& box : site.boxes) members.emplace_back(box.name, box.hardware);
  for (const auto& node : site.generic_nodes) members.emplace_back(node.name, node.hardware);
  for (const auto& [name, hardware] : members) {
    const auto& hw = fleet.hardware.at(hardware);
    auto* host = make_host(zone, name, hw.cpus);
    out.boxes[name] = host;
    zone->add_route(host->get_netpoint(), sw, nullptr, nullptr, {sg4::LinkInRoute(lan)}, true);
    for (auto* other : hosts)
      zone->add_route(other->get_netpoint(), host->get_netpoint(), nullptr, nullptr,
                      {sg4::LinkInRoute(lan)}, true);
    hosts.push_back(host);
  }
  if (site.nas) {
    auto* nas = make_host(zone, nas_node_name(site.name), 4);
    out.nas[site.name] = nas;
    zone->add_route(nas->get_netpoint(), sw, nullptr, nullptr, {sg4::LinkInRoute(lan)}, true);
    for (auto* box : hosts)
      zone->add_route(box->get_netpoint(), nas->get_netpoint(), nullptr, nullptr,
                      {sg4::LinkInRoute(lan)}, true);
  }
  if (with_clients) {
    std::vector<sg4::Host*> peers = hosts;
    if (site.nas) peers.push_back(out.nas.at(site.name));
    out.clients[site.name] = add_lan_host(zone, client_node_name(site.name), lan, sw, peers);
  }
  zone->seal();
  return {zone, sw};
}

}  // namespace

std::string nas_node_name(const std::string& site) { return "nas." + site; }

std::string client_node_name(const std::string& site) { return "client." + site; }

FleetPlatform build_fleet_platform(const model::Fleet& fleet,
                                   const std::set<std::string>& client_sites) {
  FleetPlatform out;
  auto* root = sg4::create_star_zone("fleet");

  auto* cloud_zone = sg4::create_full_zone("cloud-zone");
  cloud_zone->set_parent(root);
  out.cloud = make_host(cloud_zone, "cloud", 64);
  out.twin = make_host(cloud_zone, "twin", 1);
  auto* egress = cloud_zone->create_link("egress", std::to_string(fleet.cloud.egress_gbps) + "Gbps")
                     ->set_latency(ms(fleet.cloud.latency_ms))
                     ->seal();
  out.links["egress"] = egress;
  auto* cloud_gw = cloud_zone->create_router("cloud-gw");
  cloud_zone->add_route(out.cloud->get_netpoint(), cloud_gw, nullptr, nullptr,
                        {sg4::LinkInRoute(egress)}, true);
  cloud_zone->seal();
  root->add_route(cloud_zone->get_netpoint(), nullptr, cloud_gw, nullptr, {}, true);

  for (const auto& site : fleet.sites) {
    const SiteZone site_zone =
        build_site_zone(fleet, site, root, client_sites.count(site.name) > 0, out);
    auto* wan = root->create_link("wan:" + site.name, std::to_string(site.wan.mbps) + "Mbps")
                    ->set_latency(ms(site.wan.latency_ms))
                    ->seal();
    out.links[wan->get_name()] = wan;
    root->add_route(site_zone.zone->get_netpoint(), nullptr, site_zone.gateway, nullptr,
                    {sg4::LinkInRoute(wan)}, true);
  }
  root->seal();
  return out;
}

}  // namespace edgetwin::sim
