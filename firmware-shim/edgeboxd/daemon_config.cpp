#include "daemon_config.hpp"

#include <fstream>

#include "edgetwin/firmware/ha/vrrp_instance.hpp"
#include "edgetwin/firmware/ha/vrrp_packet.hpp"
#include "wire_key_file.hpp"

namespace edgetwin::edgeboxd {
namespace {

using Json = nlohmann::json;
using R = fw::Result<DaemonConfig, std::string>;

constexpr std::string_view kFormat = "edgeboxd.config/v1";

fw::Duration ms(const Json& j, const char* key, fw::Duration fallback) {
  if (!j.contains(key)) return fallback;
  return fw::Duration::milliseconds(j.at(key).get<std::int64_t>());
}

linux_box::Endpoint endpoint(const Json& j, const std::string& node) {
  auto e = linux_box::parse_endpoint(node, j.at("address").get<std::string>());
  if (!e) throw std::invalid_argument("bad address of " + node + " (want a.b.c.d:port)");
  return *e;
}

std::optional<std::array<unsigned char, 32>> auth_key(const Json& vrrp) {
  if (!vrrp.contains("auth_key_hex")) return std::nullopt;
  const std::string hex = vrrp.at("auth_key_hex").get<std::string>();
  if (hex.size() != 64) throw std::invalid_argument("vrrp.auth_key_hex: want 64 hex digits");
  std::array<unsigned char, 32> key{};
  for (std::size_t i = 0; i < key.size(); ++i)
    key[i] = static_cast<unsigned char>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
  return key;
}

linux_box::AppLaunch app(const Json& j) {
  linux_box::AppLaunch a;
  a.spec.name = j.at("name").get<std::string>();
  a.spec.app = j.value("app", a.spec.name);
  a.spec.priority = j.value("priority", std::string{});
  a.spec.cpu_request = j.value("cpu_request", 0.0);
  a.spec.cpu_limit = j.value("cpu_limit", 0.0);
  a.spec.memory_request_mib = j.value("memory_request_mib", 0.0);
  a.spec.memory_limit_mib = j.value("memory_limit_mib", 0.0);
  a.command = j.at("command").get<std::vector<std::string>>();
  if (a.command.empty()) throw std::invalid_argument("app " + a.spec.name + ": empty command");
  if (j.contains("probe")) {
    const Json& p = j.at("probe");
    if (p.contains("tcp_port")) a.probe_tcp_port = p.at("tcp_port").get<std::uint16_t>();
    if (p.contains("command")) a.probe_command = p.at("command").get<std::vector<std::string>>();
  }
  return a;
}

fw::HealthConfig health(const Json& j) {
  fw::HealthConfig h;
  if (!j.is_object()) return h;
  h.period = ms(j, "period_ms", h.period);
  h.timeout = ms(j, "timeout_ms", h.timeout);
  h.failure_threshold = j.value("failure_threshold", h.failure_threshold);
  h.backoff.initial_delay = ms(j, "backoff_initial_ms", h.backoff.initial_delay);
  h.backoff.max_delay = ms(j, "backoff_max_ms", h.backoff.max_delay);
  if (h.failure_threshold < 1 || h.timeout >= h.period || h.timeout <= fw::Duration::zero())
    throw std::invalid_argument("health: want failure_threshold >= 1 and 0 < timeout < period");
  return h;
}

fw::HeartbeatTiming timing(const Json& j) {
  fw::HeartbeatTiming t;
  if (!j.is_object()) return t;
  t.peer_interval = ms(j, "peer_interval_ms", t.peer_interval);
  t.peer_timeout = ms(j, "peer_timeout_ms", t.peer_timeout);
  t.cloud_interval = ms(j, "cloud_interval_ms", t.cloud_interval);
  t.cloud_timeout = ms(j, "cloud_timeout_ms", t.cloud_timeout);
  return t;
}

void parse_vrrp(const Json& j, DaemonConfig& c) {
  fw::HaConfig& ha = c.box.ha;
  ha.enabled = true;
  ha.track_weight = j.value("track_weight", ha.track_weight);
  fw::VrrpConfig& v = ha.vrrp;
  v.vrid = j.value("vrid", std::uint8_t{1});
  v.priority = j.at("priority").get<std::uint8_t>();
  v.advert_interval = ms(j, "advert_interval_ms", v.advert_interval);
  v.preempt = j.value("preempt", true);
  v.preempt_delay = ms(j, "preempt_delay_ms", v.preempt_delay);
  v.vip = j.at("vip").get<std::string>();
  v.primary_ip = fw::format_ipv4(c.platform.self.ip);
  v.auth_key = auth_key(j);
  for (const auto& peer : c.platform.vrrp_peers)
    v.peers.push_back({{peer.node}, fw::format_ipv4(peer.ip)});
  c.platform.vip_prefix_len = j.value("vip_prefix_len", 32);
  if (c.platform.vip_prefix_len < 1 || c.platform.vip_prefix_len > 32)
    throw std::invalid_argument("vrrp.vip_prefix_len: want 1..32");
  if (auto error = fw::validate(v))
    throw std::invalid_argument("vrrp: " + std::string(to_string(*error)));
}

void parse_nodes(const Json& doc, DaemonConfig& c) {
  for (const auto& p : doc.value("peers", Json::array())) {
    auto e = endpoint(p, p.at("name").get<std::string>());
    c.platform.endpoints.push_back(e);
    c.box.peers.push_back({e.node});
    c.platform.vrrp_peers.push_back(e);
  }
  if (doc.contains("witness")) {
    const Json& w = doc.at("witness");
    auto e = endpoint(w, w.at("name").get<std::string>());
    c.platform.endpoints.push_back(e);
    c.box.ha.witness = fw::Address{e.node};
  }
  if (doc.contains("cloud")) c.platform.endpoints.push_back(endpoint(doc.at("cloud"), "cloud"));
}

// Required: a node without keys could neither send nor accept a firmware datagram.
KeyFiles key_files(const Json& doc, bool talks_to_cloud) {
  if (!doc.contains("wire_keys")) throw std::invalid_argument("wire_keys: required (site, cloud)");
  const Json& k = doc.at("wire_keys");
  KeyFiles f;
  f.site = k.at("site").get<std::string>();
  if (k.contains("cloud")) f.cloud = k.at("cloud").get<std::string>();
  if (talks_to_cloud && f.cloud.empty())
    throw std::invalid_argument("wire_keys.cloud: required with a cloud endpoint");
  return f;
}

void parse(const Json& doc, DaemonConfig& c) {
  if (doc.value("format", std::string(kFormat)) != kFormat)
    throw std::invalid_argument("format: want " + std::string(kFormat));
  const std::string role = doc.value("role", "box");
  if (role != "box" && role != "witness") throw std::invalid_argument("role: box or witness");
  c.role = role == "box" ? Role::box : Role::witness;
  auto& p = c.platform;
  p.name = doc.at("name").get<std::string>();
  p.site = doc.at("site").get<std::string>();
  auto self = linux_box::parse_endpoint(p.name, doc.at("listen").get<std::string>());
  if (!self) throw std::invalid_argument("listen: want a.b.c.d:port");
  p.self = *self;
  p.state_dir = doc.at("state_dir").get<std::string>();
  p.events_path = doc.value("events", "-");
  p.seed = doc.contains("seed") ? doc.at("seed").get<std::uint64_t>() : linux_box::os_random_seed();
  parse_nodes(doc, c);
  c.key_files = key_files(doc, c.role == Role::box && doc.contains("cloud"));
  if (c.role == Role::witness) {
    p.vrrp_peers.clear();  // a witness grants leases; it takes no part in VRRP
    return;
  }
  c.box.name = p.name;
  c.box.site = p.site;
  c.box.ip = fw::format_ipv4(p.self.ip);
  c.box.timing = timing(doc.value("timing", Json::object()));
  c.box.health = health(doc.value("health", Json::object()));
  if (doc.contains("vrrp")) {
    p.interface = doc.at("interface").get<std::string>();
    parse_vrrp(doc.at("vrrp"), c);
  } else {
    p.vrrp_peers.clear();
  }
  p.runtime.box = p.name;
  p.runtime.log_dir = p.state_dir;
  p.runtime.probe_timeout = c.box.health.timeout;
  for (const auto& a : doc.value("apps", Json::array())) {
    p.runtime.apps.push_back(app(a));
    c.apps.push_back(p.runtime.apps.back().spec);
  }
}

}  // namespace

fw::Result<DaemonConfig, std::string> parse_daemon_config(const nlohmann::json& doc) {
  DaemonConfig c;
  try {
    parse(doc, c);
  } catch (const std::exception& e) {  // json type/missing-key errors and our own checks
    return R::failure(e.what());
  }
  return c;
}

fw::Result<DaemonConfig, std::string> load_daemon_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) return R::failure("cannot read " + path);
  const Json doc = Json::parse(in, nullptr, false);
  if (doc.is_discarded()) return R::failure(path + ": not valid JSON");
  auto parsed = parse_daemon_config(doc);
  if (!parsed) return R::failure(path + ": " + parsed.error());
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
  return true;
}

}  // namespace edgetwin::edgeboxd
