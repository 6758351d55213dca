#pragma once
// The fleet file (edgetwin.fleet/v1, see FORMATS.md) after defaults are overlaid, sites are
// generated and every reference is resolved and validated.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace edgetwin::model {

struct Hardware {
  std::string name;
  int cpus = 0;
  double memory_gib = 0;
  double ssd_gib = 0;
  double hdd_tib = 0;
  int gpus = 0;
  // Sequential read/write rate of the system disk, what unpacking an image costs (docs/rollout.md).
  // The manual names a 480 GB SSD without its speed; 500 MiB/s is a SATA SSD's.
  double disk_mib_per_s = kDiskMibPerSDefault;
  static constexpr double kDiskMibPerSDefault = 500;
};

// What an app really consumes in the simulation; defaults to its requests. Over the day
// (docs/formats-extensions.md "Load over the day"; t=0 is midnight): CPU is `cpu` times
// `profile[hour]` when a profile is given, else `cpu_peak` at `peak_hours` and `cpu` otherwise;
// memory is `memory_peak_mib` at `peak_hours` and `memory_mib` otherwise (load_profile.hpp).
struct AppUse {
  double cpu = 0;
  double cpu_peak = 0;
  double memory_mib = 0;
  std::vector<double> profile;  // empty, or 24 hourly factors of `cpu`
  std::vector<int> peak_hours;  // hours of the day 0-23, ascending
  double memory_peak_mib = 0;
  // Storage (per box, where the replica runs): logs on the SSD, video on the HDD; each kept
  // for its retention, the oldest deleted first.
  double log_mib_per_day = 0;
  double log_retention_days = 7;
  double video_gib_per_day = 0;
  double video_retention_days = 30;
};

struct App {
  std::string name;
  std::string version;
  double image_mib = 0;
  int replicas = 1;  // per site
  double cpu = 0;    // request (guaranteed)
  double cpu_limit = 0;
  double memory_mib = 0;
  double memory_limit_mib = 0;
  int gpu = 0;
  std::vector<int> ports;
  std::string priority;  // free text, e.g. "critical"
  std::string data;      // "", "mysql-ha", "redis-ha" or "nas"
  AppUse use;
  // A cluster component that needs the platform's approval per cluster before it can be
  // installed (the manual's Link Visual: apply, then the backend reviews).
  bool approval = false;
};

struct Lan {
  std::string cidr;
  double gbps = 1;
  double latency_ms = 0.2;
};

struct Wan {
  double mbps = 100;
  double latency_ms = 30;
};

struct Nas {
  std::string address;
  std::string path;
};

struct Box {
  std::string name;
  std::string hardware;   // key into Fleet::hardware
  std::string address;    // LAN IPv4 address, assigned from the site's LAN (.11, .12, ...)
  int vrrp_priority = 100;
};

// A generic node (通用节点): a server of the customer's on the site's LAN, not an EdgeBox. The
// manual adds one with "添加通用节点" (name and node IP segment) and joins it by running its
// start script (启动脚本) on the host; until then it is no node of the cluster. In the twin it is
// a host powered from t=0 that waits for its script (docs/orchestration.md "Generic nodes").
struct GenericNode {
  std::string name;      // the node naming rule, unique among the fleet's boxes and nodes
  std::string hardware;  // key into Fleet::hardware (CPUs, memory, GPUs: the node's capacity)
  std::string address;   // LAN IPv4 address, assigned from the site's LAN (.101, .102, ...)
};

struct Site {
  std::string name;
  std::vector<Box> boxes;
  std::vector<GenericNode> generic_nodes;
  std::string system;  // key into Fleet::systems
  Lan lan;
  std::string service_cidr;
  // Opt-in: a service range that overlaps the LAN is accepted, to rehearse the conflict the
  // manual warns of ("otherwise IP conflicts may break services"). The twin then takes the
  // overlapped addresses as used by the site's other LAN devices.
  bool allow_service_lan_overlap = false;
  Wan wan;
  std::optional<Nas> nas;
};

struct Cloud {
  double egress_gbps = 10;
  double latency_ms = 5;
  // First boot and activation (docs/activation.md): the cloud's token bucket, and how long a
  // box's initialization takes once its code is accepted (the manual: about five minutes).
  double activations_per_s = 5;
  double activation_burst = 20;
  double activation_init_s = 300;
};

struct Ha {
  int advert_interval_ms = 1000;
  bool preempt = true;
  std::string witness = "nas";          // nas | cloud | none
  std::string replication = "semi-sync";  // semi-sync | async
  int semi_sync_timeout_ms = 10000;
  std::vector<int> priorities{150, 100};  // one per box, in order
  int preempt_delay_ms = 0;               // keepalived preempt_delay
  std::string auth = "none";              // none | hmac-sha256 (authenticated adverts)
  int track_weight = -60;                 // priority change while a critical app is unhealthy
};

// Heartbeat timing (extension field "monitoring"; all optional, these are the defaults).
struct Monitoring {
  int peer_interval_ms = 1000;        // box <-> box liveness heartbeat period
  int peer_timeout_ms = 3000;         // peer declared down after this long without one
  int cloud_interval_ms = 10000;      // box -> cloud heartbeat period
  int cloud_offline_after_ms = 30000; // cloud marks a node offline after this long without one
};

struct Fleet {
  std::string name;
  std::string source_path;  // file it was read from ("" when inline or generated)
  std::map<std::string, Hardware> hardware;
  std::map<std::string, App> apps;
  std::map<std::string, std::vector<std::string>> systems;
  Cloud cloud;
  Ha ha;
  Monitoring monitoring;
  std::vector<Site> sites;  // in file order: listed sites, then generated ones

  const Site* find_site(const std::string& name) const;
  const Box* find_box(const std::string& name) const;  // any site; nullptr if unknown
  int box_count() const;
};

}  // namespace edgetwin::model
