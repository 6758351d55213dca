#include "edgetwin/sim/setup/box_config.hpp"

#include <sodium.h>

#include "edgetwin/firmware/ha/vrrp_packet.hpp"
#include "edgetwin/firmware/wire/issued_cloud_keys.hpp"
#include "edgetwin/sim/engine/fleet_platform.hpp"
#include "edgetwin/sim/setup/initial_deployment.hpp"

namespace edgetwin::sim {
namespace {

fw::HeartbeatTiming timing_of(const model::Monitoring& m) {
  return {fw::Duration::milliseconds(m.peer_interval_ms), fw::Duration::milliseconds(m.peer_timeout_ms),
          fw::Duration::milliseconds(m.cloud_interval_ms),
          fw::Duration::milliseconds(m.cloud_offline_after_ms)};
}

std::string format_ipv4(std::uint32_t ip) {
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 0xff) + "." +
         std::to_string((ip >> 8) & 0xff) + "." + std::to_string(ip & 0xff);
}

// The twin needs a cluster key per site for authenticated adverts, not a secret: it is derived
// from the fleet and site names so that runs stay reproducible.
std::array<unsigned char, 32> twin_cluster_key(const model::Fleet& fleet, const model::Site& site) {
  std::array<unsigned char, 32> key{};
  const std::string material = "edgetwin/cluster-key/" + fleet.name + "/" + site.name;
  crypto_generichash(key.data(), key.size(), reinterpret_cast<const unsigned char*>(material.data()),
                     material.size(), nullptr, 0);
  return key;
}

fw::WireKey twin_key(const std::string& material) {
  fw::WireKey key{};
  crypto_generichash(key.data(), key.size(), reinterpret_cast<const unsigned char*>(material.data()),
                     material.size(), nullptr, 0);
  return key;
}

fw::HaConfig ha_config(const model::Fleet& fleet, const model::Site& site, const model::Box& box) {
  fw::HaConfig ha;
  ha.enabled = site.boxes.size() > 1;
  ha.track_weight = fleet.ha.track_weight;
  fw::VrrpConfig& v = ha.vrrp;
  v.vrid = 1;  // one virtual router per site LAN
  v.priority = static_cast<std::uint8_t>(box.vrrp_priority);
  v.advert_interval = fw::Duration::milliseconds(fleet.ha.advert_interval_ms);
  v.preempt = fleet.ha.preempt;
  v.preempt_delay = fw::Duration::milliseconds(fleet.ha.preempt_delay_ms);
  v.vip = service_vip(site);
  v.primary_ip = box.address;
  for (const auto& other : site.boxes)
    if (other.name != box.name) v.peers.push_back({{other.name}, other.address});
  if (fleet.ha.auth == "hmac-sha256") v.auth_key = twin_cluster_key(fleet, site);
  if (fleet.ha.witness == "cloud") ha.witness = fw::kCloudAddress;
  if (fleet.ha.witness == "nas" && site.nas) ha.witness = fw::Address{nas_node_name(site.name)};
  return ha;
}

fw::FailoverConfig failover_config(const model::Fleet& fleet, const model::Site& site,
                                   const model::Box& box) {
  fw::FailoverConfig f;
  f.self = box.name;
  const auto& hw = fleet.hardware.at(box.hardware);
  f.capacity = {static_cast<double>(hw.cpus), hw.memory_gib * 1024.0, hw.gpus};
  f.placement = initial_deployment(fleet, site);
  return f;
}

// One replicated data service per mysql-ha / redis-ha app of the site's system, replicating
// to the site's other box (the first one: data HA is for two-box sites).
std::vector<fw::DataServiceConfig> data_configs(const model::Fleet& fleet, const model::Site& site,
                                                const model::Box& box) {
  std::vector<fw::DataServiceConfig> out;
  for (const auto& app_name : fleet.systems.at(site.system)) {
    const model::App& app = fleet.apps.at(app_name);
    if (app.data != "mysql-ha" && app.data != "redis-ha") continue;
    fw::DataServiceConfig d;
    d.app = app.name;
    d.engine = app.data;
    d.semi_sync = fleet.ha.replication == "semi-sync";
    d.semi_sync_timeout = fw::Duration::milliseconds(fleet.ha.semi_sync_timeout_ms);
    for (std::size_t i = 0; i < site.boxes.size(); ++i) {
      if (site.boxes[i].name == box.name) d.rank = static_cast<std::uint8_t>(i + 1);
      else if (!d.replica) d.replica = fw::Address{site.boxes[i].name};
    }
    out.push_back(std::move(d));
  }
  return out;
}

// One NAS-backed service per `data: nas` app, when the site has a NAS.
std::vector<fw::VolumeConfig> volume_configs(const model::Fleet& fleet, const model::Site& site,
                                             const model::Box& box) {
  std::vector<fw::VolumeConfig> out;
  if (!site.nas) return out;
  for (const auto& app_name : fleet.systems.at(site.system)) {
    if (fleet.apps.at(app_name).data != "nas") continue;
    fw::VolumeConfig v;
    v.app = app_name;
    v.nas = fw::Address{nas_node_name(site.name)};
    for (std::size_t i = 0; i < site.boxes.size(); ++i)
      if (site.boxes[i].name == box.name) v.rank = static_cast<std::uint8_t>(i + 1);
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace

fw::WireKey twin_site_key(const model::Fleet& fleet, const std::string& site) {
  return twin_key("edgetwin/wire-site-key/" + fleet.name + "/" + site);
}

fw::WireKey twin_cloud_root(const model::Fleet& fleet) {
  return twin_key("edgetwin/wire-cloud-root/" + fleet.name);
}

fw::WireKeys twin_site_member_keys(const model::Fleet& fleet, const std::string& site) {
  fw::WireKeys keys;
  keys.site = twin_site_key(fleet, site);
  keys.strength = fw::MacStrength::twin;  // no forger in a simulation: wire_keys.hpp
  return keys;
}

std::string service_vip(const model::Site& site) {
  const auto slash = site.service_cidr.find('/');
  const auto network = fw::parse_ipv4(site.service_cidr.substr(0, slash));
  return network ? format_ipv4(*network + 1) : "";
}

fw::BoxConfig box_config(const model::Fleet& fleet, const model::Site& site, const model::Box& box) {
  fw::BoxConfig c;
  c.disk_bytes_per_s = fleet.hardware.at(box.hardware).disk_mib_per_s * 1024.0 * 1024.0;
  c.name = box.name;
  c.site = site.name;
  c.ip = box.address;
  c.keys.site = twin_site_key(fleet, site.name);
  // The enrolment key, for activation; the cloud-link key a box that does not start at the
  // factory was issued at an activation before the run (issued_cloud_keys.hpp). A factory box
  // drops it and gets its own at activation (factory_start).
  c.keys.enrolment = fw::derive_cloud_key(twin_cloud_root(fleet), box.name);
  c.keys.cloud = fw::derive_preissued_cloud_key(twin_cloud_root(fleet), box.name);
  c.keys.strength = fw::MacStrength::twin;  // no forger in a simulation: wire_keys.hpp
  // The least argon2id cost: the twin checks the console's rules, not the hash's strength.
  c.console_hash_cost = fw::PwhashCost::simulation();
  const auto& hw = fleet.hardware.at(box.hardware);
  c.hardware = {hw.cpus, static_cast<int>(hw.memory_gib), static_cast<int>(hw.ssd_gib)};
  for (const auto& other : site.boxes)
    if (other.name != box.name) c.peers.push_back({other.name});
  c.timing = timing_of(fleet.monitoring);
  c.ha = ha_config(fleet, site, box);
  if (site.boxes.size() > 1) c.failover = failover_config(fleet, site, box);
  c.data = data_configs(fleet, site, box);
  c.volumes = volume_configs(fleet, site, box);
  return c;
}

}  // namespace edgetwin::sim
