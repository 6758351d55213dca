#pragma once
// The fleet's network as a Boost.Graph graph: boxes, one switch per site, one WAN router per
// site's uplink, the cloud. Answers "who can reach whom" under failed hosts and links.
// Vertex names: box names, "switch:<site>", "internet", "cloud". Link names (also the SimGrid
// link names): "lan:<box>" (box <-> its site switch), "wan:<site>" (site switch <->
// internet), "egress" (internet <-> cloud, shared by every site).
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "edgetwin/model/fleet.hpp"

namespace edgetwin::model {

struct FailureSet {
  std::set<std::string> nodes;  // vertex names that are down
  std::set<std::string> links;  // link names that are cut
};

class Topology {
 public:
  explicit Topology(const Fleet& fleet);
  ~Topology();
  Topology(Topology&&) noexcept;
  Topology& operator=(Topology&&) noexcept;

  bool reachable(const std::string& from, const std::string& to,
                 const FailureSet& failed = {}) const;
  // Link names on the path from -> to with nothing failed (empty if unknown or same vertex).
  std::vector<std::string> path_links(const std::string& from, const std::string& to) const;
  std::size_t vertex_count() const;
  std::size_t link_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace edgetwin::model
