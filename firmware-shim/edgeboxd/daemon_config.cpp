#include "daemon_config.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <stdexcept>

#include "edgetwin/firmware/ha/vrrp_instance.hpp"
#include "edgetwin/firmware/ha/vrrp_packet.hpp"
#include "wire_key_file.hpp"

namespace edgetwin::edgeboxd {
namespace {

using Json = nlohmann::json;
using R = fw::Result<DaemonConfig, std::string>;

constexpr std::string_view kFormat = "edgeboxd.config/v1";

// Every value is checked against its range before it is converted: nothing wraps (priority
// 300 was 44), nothing divides by zero or spins (an interval of 0), and no out-of-range
// double reaches an integer conversion (undefined behaviour). docs/edgeboxd.md lists them.
constexpr std::int64_t kDurationMsMax = 86'400'000;  // one day: every timer of the daemon
constexpr std::int64_t kPreemptDelayMsMax = 1'000'000;
constexpr std::int64_t kFailureThresholdMax = 1000;
constexpr double kCpusMax = 1024;
constexpr double kMemoryMibMax = 16'777'216;  // 16 TiB

// A mistake in the file: "<json pointer>: want ..., got ...", caught in parse_daemon_config.
struct ConfigError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw ConfigError(path + ": " + what);
}

std::string got(const Json& value) {
  std::string text = value.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return ", got " + text;
}

std::string at(const std::string& parent, const char* key) { return parent + "/" + key; }

// A whole number within [min, max]; floats (1e300), strings and booleans are refused.
std::int64_t whole(const Json& value, const std::string& path, std::int64_t min, std::int64_t max,
                   const std::string& note = "") {
  const std::string want =
      "want a whole number " + std::to_string(min) + ".." + std::to_string(max) + note;
  if (value.is_number_unsigned()) {
    const auto v = value.get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(max)) fail(path, want + got(value));
    if (static_cast<std::int64_t>(v) < min) fail(path, want + got(value));
    return static_cast<std::int64_t>(v);
  }
  if (!value.is_number_integer()) fail(path, want + got(value));
  const auto v = value.get<std::int64_t>();
  if (v < min || v > max) fail(path, want + got(value));
  return v;
}

std::optional<std::int64_t> whole_field(const Json& obj, const std::string& parent, const char* key,
                                        std::int64_t min, std::int64_t max,
                                        const std::string& note = "") {
  if (!obj.contains(key)) return std::nullopt;
  return whole(obj.at(key), at(parent, key), min, max, note);
}

double number_field(const Json& obj, const std::string& parent, const char* key, double max) {
  if (!obj.contains(key)) return 0.0;
  const Json& value = obj.at(key);
  const double v = value.is_number() ? value.get<double>() : -1.0;
  if (!value.is_number() || !std::isfinite(v) || v < 0 || v > max) {
    char range[64];
    std::snprintf(range, sizeof range, "want a number 0..%.0f", max);
    fail(at(parent, key), range + got(value));
  }
  return v;
}

// Milliseconds in [min_ms, max_ms], a multiple of step_ms; the bounds keep the conversion to
// nanoseconds far from overflow.
fw::Duration bounded_ms(const Json& obj, const std::string& parent, const char* key,
                        fw::Duration fallback, std::int64_t min_ms, std::int64_t max_ms,
                        std::int64_t step_ms = 1) {
  if (!obj.contains(key)) return fallback;
  std::string want = "want " + std::to_string(min_ms) + ".." + std::to_string(max_ms) + " ms";
  if (step_ms > 1) want += " in steps of " + std::to_string(step_ms);
  const Json& value = obj.at(key);
  const bool in_range = value.is_number_integer() &&
                        !(value.is_number_unsigned() &&
                          value.get<std::uint64_t>() > static_cast<std::uint64_t>(max_ms)) &&
                        value.get<std::int64_t>() >= min_ms &&
                        value.get<std::int64_t>() <= max_ms &&
                        value.get<std::int64_t>() % step_ms == 0;
  if (!in_range) fail(at(parent, key), want + got(value));
  return fw::Duration::milliseconds(value.get<std::int64_t>());
}

// Intervals and timeouts: more than zero (0 divided by zero or spun the loop), at most a day.
fw::Duration ms(const Json& obj, const std::string& parent, const char* key,
                fw::Duration fallback) {
  return bounded_ms(obj, parent, key, fallback, 1, kDurationMsMax);
}

std::string string_value(const Json& value, const std::string& path) {
  if (!value.is_string()) fail(path, "want a string" + got(value));
  return value.get<std::string>();
}

std::string string_field(const Json& obj, const std::string& parent, const char* key) {
  if (!obj.contains(key)) fail(parent + "/" + key, "missing (want a string)");
  return string_value(obj.at(key), at(parent, key));
}

std::string string_field(const Json& obj, const std::string& parent, const char* key,
                         const std::string& fallback) {
  return obj.contains(key) ? string_value(obj.at(key), at(parent, key)) : fallback;
}

bool bool_field(const Json& obj, const std::string& parent, const char* key, bool fallback) {
  if (!obj.contains(key)) return fallback;
  if (!obj.at(key).is_boolean()) fail(at(parent, key), "want true or false" + got(obj.at(key)));
  return obj.at(key).get<bool>();
}

const Json& object_at(const Json& value, const std::string& path) {
  if (!value.is_object()) fail(path.empty() ? "/" : path, "want an object" + got(value));
  return value;
}

const Json& array_field(const Json& obj, const std::string& parent, const char* key) {
  static const Json kEmpty = Json::array();
  if (!obj.contains(key)) return kEmpty;
  if (!obj.at(key).is_array()) fail(at(parent, key), "want an array" + got(obj.at(key)));
  return obj.at(key);
}

std::vector<std::string> argv_field(const Json& obj, const std::string& parent, const char* key) {
  std::vector<std::string> argv;
  const Json& list = array_field(obj, parent, key);
  for (std::size_t i = 0; i < list.size(); ++i)
    argv.push_back(string_value(list[i], at(parent, key) + "/" + std::to_string(i)));
  return argv;
}

linux_box::Endpoint endpoint(const Json& j, const std::string& path, const std::string& node) {
  auto e = linux_box::parse_endpoint(node, string_field(j, path, "address"));
  if (!e) fail(path + "/address", "want a.b.c.d:port (port 1..65535)");
  return *e;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::array<unsigned char, 32>> auth_key(const Json& vrrp) {
  if (!vrrp.contains("auth_key_hex")) return std::nullopt;
  const char* want = "want exactly 64 hex digits (0-9, a-f), no prefix or sign";
  const Json& value = vrrp.at("auth_key_hex");
  if (!value.is_string()) fail("/vrrp/auth_key_hex", want + got(value));
  const std::string& hex = value.get_ref<const std::string&>();
  if (hex.size() != 64)
    fail("/vrrp/auth_key_hex", want + (", got " + std::to_string(hex.size()) + " characters"));
  std::array<unsigned char, 32> key{};
  for (std::size_t i = 0; i < key.size(); ++i) {
    const int high = hex_digit(hex[2 * i]);
    const int low = hex_digit(hex[2 * i + 1]);
    if (high < 0 || low < 0) fail("/vrrp/auth_key_hex", want);  // the key itself is not echoed
    key[i] = static_cast<unsigned char>(high * 16 + low);
  }
  return key;
}

linux_box::AppLaunch app(const Json& j, const std::string& path) {
  object_at(j, path);
  linux_box::AppLaunch a;
  a.spec.name = string_field(j, path, "name");
  a.spec.app = string_field(j, path, "app", a.spec.name);
  a.spec.priority = string_field(j, path, "priority", "");
  a.spec.cpu_request = number_field(j, path, "cpu_request", kCpusMax);
  a.spec.cpu_limit = number_field(j, path, "cpu_limit", kCpusMax);
  a.spec.memory_request_mib = number_field(j, path, "memory_request_mib", kMemoryMibMax);
  a.spec.memory_limit_mib = number_field(j, path, "memory_limit_mib", kMemoryMibMax);
  a.command = argv_field(j, path, "command");
  if (a.command.empty()) fail(path + "/command", "want a non-empty list of strings (argv)");
  if (j.contains("probe")) {
    const std::string probe = path + "/probe";
    const Json& p = object_at(j.at("probe"), probe);
    if (auto port = whole_field(p, probe, "tcp_port", 1, 65535))
      a.probe_tcp_port = static_cast<std::uint16_t>(*port);
    a.probe_command = argv_field(p, probe, "command");
  }
  return a;
}

fw::HealthConfig health(const Json& j) {
  fw::HealthConfig h;
  object_at(j, "/health");
  h.period = ms(j, "/health", "period_ms", h.period);
  h.timeout = ms(j, "/health", "timeout_ms", h.timeout);
  h.failure_threshold =
      static_cast<int>(whole_field(j, "/health", "failure_threshold", 1, kFailureThresholdMax)
                           .value_or(h.failure_threshold));
  h.backoff.initial_delay = ms(j, "/health", "backoff_initial_ms", h.backoff.initial_delay);
  h.backoff.max_delay = ms(j, "/health", "backoff_max_ms", h.backoff.max_delay);
  if (h.timeout >= h.period) fail("/health/timeout_ms", "want less than period_ms");
  if (h.backoff.max_delay < h.backoff.initial_delay)
    fail("/health/backoff_max_ms", "want at least backoff_initial_ms");
  return h;
}

fw::HeartbeatTiming timing(const Json& j) {
  fw::HeartbeatTiming t;
  object_at(j, "/timing");
  t.peer_interval = ms(j, "/timing", "peer_interval_ms", t.peer_interval);
  t.peer_timeout = ms(j, "/timing", "peer_timeout_ms", t.peer_timeout);
  t.cloud_interval = ms(j, "/timing", "cloud_interval_ms", t.cloud_interval);
  t.cloud_timeout = ms(j, "/timing", "cloud_timeout_ms", t.cloud_timeout);
  // A timeout shorter than the interval declares a healthy peer (or cloud link) down.
  if (t.peer_timeout <= t.peer_interval)
    fail("/timing/peer_timeout_ms", "want more than peer_interval_ms");
  if (t.cloud_timeout <= t.cloud_interval)
    fail("/timing/cloud_timeout_ms", "want more than cloud_interval_ms");
  return t;
}

void parse_vrrp(const Json& j, DaemonConfig& c) {
  object_at(j, "/vrrp");
  fw::HaConfig& ha = c.box.ha;
  ha.enabled = true;
  ha.track_weight = static_cast<int>(
      whole_field(j, "/vrrp", "track_weight", -fw::kVrrpTrackWeightMax, fw::kVrrpTrackWeightMax)
          .value_or(ha.track_weight));
  fw::VrrpConfig& v = ha.vrrp;
  v.vrid = static_cast<std::uint8_t>(whole_field(j, "/vrrp", "vrid", 1, 255).value_or(1));
  v.vip = string_field(j, "/vrrp", "vip");
  v.primary_ip = fw::format_ipv4(c.platform.self.ip);
  // RFC 5798: 255 belongs to the address owner, the router whose own address is the VIP.
  const bool owner = v.vip == v.primary_ip;
  if (!j.contains("priority")) fail("/vrrp/priority", "missing (want a whole number 1..254)");
  v.priority = static_cast<std::uint8_t>(
      whole(j.at("priority"), "/vrrp/priority", 1, owner ? 255 : 254,
            owner ? "" : " (255 only for the address owner, whose own address is the VIP)"));
  // RFC 5798 carries the interval in centiseconds (12 bits).
  v.advert_interval = bounded_ms(j, "/vrrp", "advert_interval_ms", v.advert_interval,
                                 fw::kVrrpAdvertIntervalMin.count_ns() / 1'000'000,
                                 fw::kVrrpAdvertIntervalMax.count_ns() / 1'000'000, 10);
  v.preempt = bool_field(j, "/vrrp", "preempt", true);
  v.preempt_delay =
      bounded_ms(j, "/vrrp", "preempt_delay_ms", v.preempt_delay, 0, kPreemptDelayMsMax);
  v.auth_key = auth_key(j);
  for (const auto& peer : c.platform.vrrp_peers)
    v.peers.push_back({{peer.node}, fw::format_ipv4(peer.ip)});
  c.platform.vip_prefix_len =
      static_cast<int>(whole_field(j, "/vrrp", "vip_prefix_len", 1, 32).value_or(32));
  if (auto error = fw::validate(v)) fail("/vrrp", std::string(to_string(*error)));
}

void parse_nodes(const Json& doc, DaemonConfig& c) {
  const Json& peers = array_field(doc, "", "peers");
  for (std::size_t i = 0; i < peers.size(); ++i) {
    const std::string path = "/peers/" + std::to_string(i);
    const Json& p = object_at(peers[i], path);
    auto e = endpoint(p, path, string_field(p, path, "name"));
    c.platform.endpoints.push_back(e);
    c.box.peers.push_back({e.node});
    c.platform.vrrp_peers.push_back(e);
  }
  if (doc.contains("witness")) {
    const Json& w = object_at(doc.at("witness"), "/witness");
    auto e = endpoint(w, "/witness", string_field(w, "/witness", "name"));
    c.platform.endpoints.push_back(e);
    c.box.ha.witness = fw::Address{e.node};
  }
  if (doc.contains("cloud"))
    c.platform.endpoints.push_back(
        endpoint(object_at(doc.at("cloud"), "/cloud"), "/cloud", "cloud"));
}

// Where the rollout's images come from (image_puller.hpp): the cloud's registry, and the port
// on which every box of the site serves the images it holds to the others. `pull_retry_ms`
// is the firmware's first back-off after a failed pull (deploy_agent.hpp), `pull_timeout_ms`
// the longest one pull may run.
void parse_images(const Json& doc, DaemonConfig& c) {
  const Json& j = object_at(doc.at("images"), "/images");
  auto& images = c.platform.images;
  images.registry = string_field(j, "/images", "registry", "");
  const bool http =
      images.registry.rfind("http://", 0) == 0 || images.registry.rfind("https://", 0) == 0;
  if (!images.registry.empty() && (!http || images.registry.size() > 256 ||
                                   images.registry.find_first_of(" \t\r\n") != std::string::npos))
    fail("/images/registry",
         "want an http:// or https:// URL of at most 256 characters" + got(j.at("registry")));
  if (auto port = whole_field(j, "/images", "serve_port", 1, 65535))
    images.serve_port = static_cast<std::uint16_t>(*port);
  if (images.serve_port == c.platform.self.port && images.serve_port != 0)
    fail("/images/serve_port", "want a port other than listen's");
  images.timeout = ms(j, "/images", "pull_timeout_ms", images.timeout);
  if (j.contains("pull_retry_ms")) c.box.pull_retry_base = ms(j, "/images", "pull_retry_ms", {});
}

// The stateless replicas of the site's other boxes that this box adopts while their box is
// down (ServiceFailover, issue 22 item 2): `peer_apps` maps a peer's name to its apps, written
// like `apps`. The runtime learns how to launch them; the firmware decides when (never at
// boot). `failover` (optional) sets the delays and this box's capacity for adopted replicas.
void parse_failover(const Json& doc, DaemonConfig& c) {
  const Json& peers = object_at(doc.at("peer_apps"), "/peer_apps");
  fw::FailoverConfig f;
  f.self = c.platform.name;
  f.capacity = {kCpusMax, kMemoryMibMax, 0};
  f.placement[f.self] = c.apps;
  for (const auto& item : peers.items()) {
    // Not a structured binding: clang (the fuzz build) refuses to capture one in a lambda.
    const std::string peer = item.key();
    const Json& list = item.value();
    const std::string path = "/peer_apps/" + peer;
    const bool known = std::any_of(c.box.peers.begin(), c.box.peers.end(),
                                   [&](const fw::Address& a) { return a.node == peer; });
    if (!known) fail(path, "want the name of one of /peers, got " + peer);
    if (!list.is_array()) fail(path, "want an array" + got(list));
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto launch = app(list[i], path + "/" + std::to_string(i));
      f.placement[peer].push_back(launch.spec);
      c.platform.runtime.apps.push_back(std::move(launch));
    }
  }
  if (doc.contains("failover")) {
    const Json& j = object_at(doc.at("failover"), "/failover");
    f.takeover_delay =
        bounded_ms(j, "/failover", "takeover_delay_ms", f.takeover_delay, 0, kDurationMsMax);
    f.giveback_delay = ms(j, "/failover", "giveback_delay_ms", f.giveback_delay);
    if (j.contains("cpus")) f.capacity.cpu = number_field(j, "/failover", "cpus", kCpusMax);
    if (j.contains("memory_mib"))
      f.capacity.memory_mib = number_field(j, "/failover", "memory_mib", kMemoryMibMax);
  }
  c.box.failover = std::move(f);
}

// A name that goes into the servers' commands (SQL, redis-cli): letters, digits, '_', '-', '.'.
std::string plain_name(const Json& obj, const std::string& parent, const char* key) {
  const std::string v = string_field(obj, parent, key);
  const bool plain =
      !v.empty() && v.size() <= 64 && std::all_of(v.begin(), v.end(), [](unsigned char ch) {
        return std::isalnum(ch) || ch == '_' || ch == '-' || ch == '.';
      });
  if (!plain) fail(at(parent, key), "want 1..64 of A-Z a-z 0-9 _ - ." + got(obj.at(key)));
  return v;
}

// `data`: the box's database servers under the firmware's data HA (issue 22 item 3). Each is a
// replicated data service of the firmware (its role follows the VIP) and a server the data
// runtime drives (data_runtime.hpp); the server itself runs as one of `apps`.
void parse_data(const Json& doc, DaemonConfig& c) {
  const Json& list = array_field(doc, "", "data");
  if (!list.empty() && c.box.peers.size() != 1)
    fail("/data", "want exactly one of /peers (the replica's box)");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = "/data/" + std::to_string(i);
    const Json& j = object_at(list[i], path);
    linux_box::DataServer s;
    s.app = plain_name(j, path, "app");
    const std::string engine = string_field(j, path, "engine");
    if (engine != "mariadb" && engine != "redis")
      fail(at(path, "engine"), "want mariadb or redis, got " + engine);
    s.engine = engine == "mariadb" ? linux_box::DataEngine::mariadb : linux_box::DataEngine::redis;
    if (j.contains("client")) s.client = string_field(j, path, "client");
    auto peer = linux_box::parse_endpoint("peer", string_field(j, path, "peer"));
    if (!peer) fail(at(path, "peer"), "want a.b.c.d:port (port 1..65535)");
    s.peer_host = fw::format_ipv4(peer->ip);
    s.peer_port = peer->port;
    if (s.engine == linux_box::DataEngine::mariadb) {
      s.socket = string_field(j, path, "socket");
      const std::string rpath = at(path, "replication");
      if (!j.contains("replication")) fail(rpath, "missing (want {user, password})");
      const Json& r = object_at(j.at("replication"), rpath);
      s.replication_user = plain_name(r, rpath, "user");
      s.replication_password = plain_name(r, rpath, "password");
      if (j.contains("client_user")) s.client_user = plain_name(j, path, "client_user");
    } else {
      if (!j.contains("port")) fail(at(path, "port"), "missing (want 1..65535)");
      s.port = static_cast<std::uint16_t>(whole(j.at("port"), at(path, "port"), 1, 65535));
    }
    s.semi_sync = bool_field(j, path, "semi_sync", true);
    s.semi_sync_timeout = ms(j, path, "semi_sync_timeout_ms", s.semi_sync_timeout);
    fw::DataServiceConfig d;
    d.app = s.app;
    d.engine = s.engine == linux_box::DataEngine::mariadb ? "mysql-ha" : "redis-ha";
    d.semi_sync = s.semi_sync;
    d.semi_sync_timeout = s.semi_sync_timeout;
    d.replica = c.box.peers.front();
    if (!j.contains("rank")) fail(at(path, "rank"), "missing (want 1..15, unique in the site)");
    d.rank = static_cast<std::uint8_t>(whole(j.at("rank"), at(path, "rank"), 1, 15));
    for (const auto& other : c.data)
      if (other.app == s.app) fail(at(path, "app"), "want a name not used above, got " + s.app);
    c.box.data.push_back(std::move(d));
    c.data.push_back(std::move(s));
  }
}

std::uint64_t seed(const Json& doc) {
  if (!doc.contains("seed")) return linux_box::os_random_seed();
  const Json& value = doc.at("seed");
  if (!value.is_number_unsigned())
    fail("/seed", "want a whole number 0..18446744073709551615" + got(value));
  return value.get<std::uint64_t>();
}

// A witness grants leases to its site's boxes only (its peers), for at most `lease_max_ms`:
// two advert intervals of the site's VRRP (60 s when not given).
void parse_roster(const Json& doc, DaemonConfig& c) {
  fw::LeaseSite site{c.platform.site, {}, fw::LeaseSite::kLeaseMaxMs};
  for (const auto& p : doc.value("peers", Json::array()))
    site.boxes.push_back(p.at("name").get<std::string>());
  if (doc.contains("lease_max_ms")) {
    const auto ms = doc.at("lease_max_ms").get<std::int64_t>();
    if (ms < 1 || ms > fw::LeaseSite::kLeaseMaxMs)
      throw std::invalid_argument("lease_max_ms: want 1.." +
                                  std::to_string(fw::LeaseSite::kLeaseMaxMs));
    site.lease_max_ms = static_cast<std::uint32_t>(ms);
  }
  c.roster = {site};
}

// Required: a node without keys could neither send nor accept a firmware datagram.
KeyFiles key_files(const Json& doc, bool talks_to_cloud) {
  if (!doc.contains("wire_keys")) throw std::invalid_argument("wire_keys: required (site, cloud)");
  const Json& k = doc.at("wire_keys");
  KeyFiles f;
  f.site = k.at("site").get<std::string>();
  if (k.contains("cloud")) f.cloud = k.at("cloud").get<std::string>();
  if (k.contains("enrolment")) f.enrolment = k.at("enrolment").get<std::string>();
  if (talks_to_cloud && f.cloud.empty() && f.enrolment.empty())
    throw std::invalid_argument(
        "wire_keys.enrolment or wire_keys.cloud: required with a cloud endpoint");
  return f;
}

void parse(const Json& doc, DaemonConfig& c) {
  object_at(doc, "");
  if (string_field(doc, "", "format", std::string(kFormat)) != kFormat)
    fail("/format", "want " + std::string(kFormat));
  const std::string role = string_field(doc, "", "role", "box");
  if (role != "box" && role != "witness") fail("/role", "want box or witness, got " + role);
  c.role = role == "box" ? Role::box : Role::witness;
  auto& p = c.platform;
  p.name = string_field(doc, "", "name");
  p.site = string_field(doc, "", "site");
  auto self = linux_box::parse_endpoint(p.name, string_field(doc, "", "listen"));
  if (!self) fail("/listen", "want a.b.c.d:port (port 1..65535)");
  p.self = *self;
  p.state_dir = string_field(doc, "", "state_dir");
  p.events_path = string_field(doc, "", "events", "-");
  p.seed = seed(doc);
  parse_nodes(doc, c);
  c.key_files = key_files(doc, c.role == Role::box && doc.contains("cloud"));
  if (c.role == Role::witness) {
    p.vrrp_peers.clear();  // a witness grants leases; it takes no part in VRRP
    parse_roster(doc, c);
    return;
  }
  c.box.name = p.name;
  c.box.site = p.site;
  c.box.ip = fw::format_ipv4(p.self.ip);
  if (doc.contains("timing")) c.box.timing = timing(doc.at("timing"));
  if (doc.contains("health")) c.box.health = health(doc.at("health"));
  if (doc.contains("vrrp")) {
    p.interface = string_field(doc, "", "interface");
    parse_vrrp(doc.at("vrrp"), c);
  } else {
    p.vrrp_peers.clear();
  }
  p.runtime.box = p.name;
  p.runtime.log_dir = p.state_dir;
  p.runtime.probe_timeout = c.box.health.timeout;
  const Json& apps = array_field(doc, "", "apps");
  for (std::size_t i = 0; i < apps.size(); ++i) {
    p.runtime.apps.push_back(app(apps[i], "/apps/" + std::to_string(i)));
    c.apps.push_back(p.runtime.apps.back().spec);
  }
  if (doc.contains("peer_apps")) parse_failover(doc, c);
  if (doc.contains("data")) parse_data(doc, c);
  if (doc.contains("images")) parse_images(doc, c);
}

// Depth of arrays and objects inside each other, outside string literals; checked before
// nlohmann builds the value, since copying a value recurses once per level.
bool nested_too_deep(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (in_string) {
      if (ch == '\\')
        ++i;
      else if (ch == '"')
        in_string = false;
    } else if (ch == '"') {
      in_string = true;
    } else if (ch == '[' || ch == '{') {
      if (++depth > kConfigNestingMax) return true;
    } else if ((ch == ']' || ch == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

// A config that holds a secret must be readable by its owner alone, and owned by the
// daemon's user (or root): otherwise anyone on the box could read or swap the key.
std::optional<std::string> exposed_secret(const struct stat& st, const DaemonConfig& c) {
  if (!c.box.ha.vrrp.auth_key && c.data.empty()) return std::nullopt;
  const std::string what =
      c.box.ha.vrrp.auth_key ? "vrrp.auth_key_hex" : "a data replication password";
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return "holds " + what + " but group or others may access it (mode " + mode + "): chmod 600 it";
  }
  if (st.st_uid != ::geteuid() && st.st_uid != 0)
    return "holds " + what + " but belongs to another user (uid " + std::to_string(st.st_uid) + ")";
  return std::nullopt;
}

}  // namespace

fw::Result<DaemonConfig, std::string> parse_daemon_config(const nlohmann::json& doc) {
  DaemonConfig c;
  try {
    parse(doc, c);
  } catch (const ConfigError& e) {
    return R::failure(e.what());
  } catch (const std::exception& e) {  // not expected: every field is checked before use
    return R::failure(e.what());
  }
  return c;
}

fw::Result<DaemonConfig, std::string> parse_daemon_config_text(std::string_view text) {
  if (text.size() > kConfigBytesMax)
    return R::failure("larger than " + std::to_string(kConfigBytesMax >> 20) + " MiB");
  if (nested_too_deep(text))
    return R::failure("arrays and objects nested deeper than " + std::to_string(kConfigNestingMax) +
                      " levels");
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const Json::exception& e) {  // parse_error (with its position), out_of_range (1e999)
    return R::failure(std::string("not valid JSON: ") + e.what());
  }
  return parse_daemon_config(doc);
}

fw::Result<DaemonConfig, std::string> load_daemon_config(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return R::failure("cannot read " + path + ": " + std::strerror(errno));
  struct stat st {};
  std::string text;
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  char chunk[65536];
  while (ok && text.size() <= kConfigBytesMax) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = n == 0;
      break;
    }
    text.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (!ok) return R::failure("cannot read " + path + " (want a regular file)");
  auto parsed = parse_daemon_config_text(text);
  if (!parsed) return R::failure(path + ": " + parsed.error());
  if (auto exposed = exposed_secret(st, parsed.value())) return R::failure(path + ": " + *exposed);
  DaemonConfig config = std::move(parsed.value());
  if (auto keys = load_wire_keys(config); !keys) return R::failure(path + ": " + keys.error());
  return config;
}

fw::Result<bool, std::string> load_wire_keys(DaemonConfig& config) {
  using K = fw::Result<bool, std::string>;
  auto site = read_wire_key_file(config.key_files.site);
  if (!site) return K::failure("wire_keys.site: " + site.error());
  config.box.keys.site = site.value();
  if (!config.key_files.cloud.empty()) {
    auto cloud = read_wire_key_file(config.key_files.cloud);
    if (!cloud) return K::failure("wire_keys.cloud: " + cloud.error());
    config.box.keys.cloud = cloud.value();
  }
  if (!config.key_files.enrolment.empty()) {
    auto enrolment = read_wire_key_file(config.key_files.enrolment);
    if (!enrolment) return K::failure("wire_keys.enrolment: " + enrolment.error());
    config.box.keys.enrolment = enrolment.value();
  }
  return true;
}

}  // namespace edgetwin::edgeboxd
