#include "edgetwin/sim/setup/factory_start.hpp"

#include <algorithm>

#include "edgetwin/firmware/agents/cloud_agent.hpp"
#include "edgetwin/firmware/base/ipv4_cidr.hpp"

namespace edgetwin::sim {

namespace {

// The LAN's prefix length and its first host address (the site router: gateway and DNS).
std::pair<std::string, std::string> lan_prefix_and_router(const model::Site& site) {
  const auto slash = site.lan.cidr.find('/');
  const std::string prefix = slash == std::string::npos ? "24" : site.lan.cidr.substr(slash + 1);
  const auto network = fw::parse_ipv4(site.lan.cidr.substr(0, slash));
  return {prefix, network ? fw::format_ipv4(*network + 1) : ""};
}

}  // namespace

FactoryStart::FactoryStart(const model::Fleet& fleet)
    : fleet_(fleet), notes_(std::make_shared<std::map<std::string, std::string>>()) {}

fw::ActivationServiceConfig FactoryStart::service_config() const {
  fw::ActivationServiceConfig c;
  c.nodes_start_created = true;
  c.rate.rate_per_s = fleet_.cloud.activations_per_s;
  c.rate.burst = std::max(1.0, fleet_.cloud.activation_burst);  // a bucket holds a whole token
  return c;
}

fw::FactoryConfig FactoryStart::box_factory(const model::Site& site, const model::Box& box) const {
  fw::FactoryConfig f;
  const auto [prefix, router] = lan_prefix_and_router(site);
  f.script.address_prefix = box.address + "/" + prefix;
  f.script.gateway = router;
  f.script.dns = router;
  f.script.device_name = box.name;
  // The first boot refuses to keep the factory password; the twin's operator picks another.
  f.script.new_password = "owner-" + box.name + "-pw";
  f.script.manual_network = true;
  f.script.bind_code = [notes = notes_, name = box.name]() -> std::optional<std::string> {
    auto it = notes->find(name);
    if (it == notes->end()) return std::nullopt;
    return it->second;
  };
  f.timing.init_duration =
      fw::Duration::milliseconds(static_cast<std::int64_t>(fleet_.cloud.activation_init_s * 1000));
  // The cheapest argon2id cost: 800 boxes hashing at the interactive cost (64 MiB, ~0.1 s of
  // CPU each, several times per first boot) would cost minutes of wall time for nothing the
  // twin measures. The code path and the stored format are the same (password_hash.hpp).
  f.password_cost = fw::PwhashCost::simulation();
  return f;
}

void FactoryStart::issue_codes_at_start(SimNode& cloud) {
  for (const auto& site : fleet_.sites) issue_codes(cloud, site);
}

void FactoryStart::issue_codes(SimNode& cloud, const model::Site& site) {
  cloud.run_inside([&] {
    auto* agent = dynamic_cast<fw::CloudAgent*>(cloud.agent());
    if (agent == nullptr) return;  // the cloud is down: the box's console waits for a code
    for (const auto& box : site.boxes)
      // The clusters' owner clicks "activate device": a console command, authorized.
      if (auto code = agent->console().bind_code_issue(agent->cluster_owner(), site.name, box.name))
        (*notes_)[box.name] = code.value();
  });
}

}  // namespace edgetwin::sim
