#pragma once
// Boxes out of the factory and the cloud on the test network: each box runs the first-boot
// dialogue with scripted answers, activates, then starts its BoxAgent. The operator's notes
// (`codes`) hold the bind codes the cloud issued.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "edgetwin/firmware/activation_box_agent.hpp"
#include "edgetwin/firmware/cloud_agent.hpp"
#include "edgetwin/testing/test_network.hpp"

namespace edgetwin::testing {

struct FactoryFixture {
  explicit FactoryFixture(int boxes = 1, fw::RateLimit rate = {}, std::uint64_t seed = 1)
      : network(seed) {
    fw::ActivationServiceConfig activation;
    activation.nodes_start_created = true;
    activation.rate = rate;
    std::vector<fw::CloudInventoryEntry> inventory;
    for (int i = 0; i < boxes; ++i) {
      const std::string name = "box-" + std::to_string(100 + i);
      names.push_back(name);
      inventory.push_back({name, "s" + std::to_string(100 + i)});
    }
    network.add_node("cloud", [inventory, activation](fw::Platform& p) {
      return std::make_unique<fw::CloudAgent>(p, inventory, fw::Duration::seconds(30), activation);
    });
    for (std::size_t i = 0; i < names.size(); ++i) add_box(names[i], static_cast<int>(i));
  }

  void add_box(const std::string& name, int index) {
    network.add_node(name, [this, name, index](fw::Platform& p) {
      fw::BoxConfig c;
      c.name = name;
      c.site = "s" + name.substr(4);
      c.ip = "192.168.1." + std::to_string(11 + index);
      c.hardware = {40, 256, 480};
      fw::FactoryConfig f = factory;
      f.script.address_prefix = c.ip + "/24";
      f.script.gateway = "192.168.1.1";
      f.script.dns = "223.5.5.5";
      f.script.device_name = name;
      f.script.bind_code = [this, name]() -> std::optional<std::string> {
        if (auto it = wrong_codes.find(name); it != wrong_codes.end() && !it->second.empty()) {
          std::string wrong = it->second.back();
          it->second.pop_back();
          return wrong;
        }
        auto it = codes.find(name);
        if (it == codes.end()) return std::nullopt;
        return it->second;
      };
      return std::make_unique<fw::ActivationBoxAgent>(p, c, f);
    });
  }

  void power_on_all() {
    network.node("cloud").power_on();
    for (const auto& n : names) network.node(n).power_on();
  }
  // The operator clicks "activate device" for every node.
  void issue_codes() {
    for (const auto& n : names) codes[n] = cloud_agent().activation().issue_bind_code(n).value();
  }
  fw::CloudAgent& cloud_agent() {
    return static_cast<fw::CloudAgent&>(*network.node("cloud").agent());
  }
  fw::ActivationBoxAgent& box(const std::string& name) {
    return static_cast<fw::ActivationBoxAgent&>(*network.node(name).agent());
  }
  const std::string& status(const std::string& name) {
    return cloud_agent().registry().rows().at(name).status;
  }
  int running() const {
    int n = 0;
    for (const auto& name : names)
      if (const_cast<FactoryFixture*>(this)->box(name).running()) ++n;
    return n;
  }
  // Runs until `done` holds (checked every second), at most `limit`.
  template <class Pred>
  bool run_until(Pred done, fw::Duration limit) {
    for (fw::Duration t; t < limit; t = t + fw::Duration::seconds(1)) {
      if (done()) return true;
      network.run_for(fw::Duration::seconds(1));
    }
    return done();
  }

  static fw::FactoryConfig default_factory() {
    fw::FactoryConfig f;
    f.password_cost = fw::PwhashCost::simulation();
    return f;
  }

  TestNetwork network;
  fw::FactoryConfig factory = default_factory();
  std::vector<std::string> names;
  std::map<std::string, std::string> codes;
  std::map<std::string, std::vector<std::string>> wrong_codes;  // typed first, last one first
};

}  // namespace edgetwin::testing
