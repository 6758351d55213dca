#include "edgetwin/model/topology.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <map>
#include <optional>

namespace edgetwin::model {
namespace {

struct VertexData {
  std::string name;
};
struct EdgeData {
  std::string name;
};
using Graph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, VertexData, EdgeData>;
using Vertex = Graph::vertex_descriptor;
using Edge = Graph::edge_descriptor;

// Hides failed vertices and every link that is cut or touches a failed vertex.
struct Alive {
  const Graph* graph = nullptr;
  const FailureSet* failed = nullptr;

  bool operator()(Vertex v) const { return failed->nodes.count((*graph)[v].name) == 0; }
  bool operator()(Edge e) const {
    return failed->links.count((*graph)[e].name) == 0 && (*this)(boost::source(e, *graph)) &&
           (*this)(boost::target(e, *graph));
  }
};

// Records, for every vertex reached, the edge it was reached by.
template <class Predecessors>
struct TreeRecorder : boost::default_bfs_visitor {
  Predecessors* predecessors;
  explicit TreeRecorder(Predecessors* p) : predecessors(p) {}
  template <class E, class G>
  void tree_edge(E e, const G& g) const {
    (*predecessors)[boost::target(e, g)] = e;
  }
};

}  // namespace

struct Topology::Impl {
  Graph graph;
  std::map<std::string, Vertex> vertices;
  std::size_t links = 0;

  Vertex add_vertex(const std::string& name) {
    const Vertex v = boost::add_vertex(VertexData{name}, graph);
    vertices.emplace(name, v);
    return v;
  }
  void add_link(Vertex a, Vertex b, const std::string& name) {
    boost::add_edge(a, b, EdgeData{name}, graph);
    ++links;
  }
  std::optional<Vertex> find(const std::string& name) const {
    const auto it = vertices.find(name);
    if (it == vertices.end()) return std::nullopt;
    return it->second;
  }
  // BFS from `from` over the living part of the graph; the edge each vertex was reached by.
  std::map<Vertex, Edge> search(Vertex from, const FailureSet& failed) const {
    const Alive alive{&graph, &failed};
    const boost::filtered_graph<Graph, Alive, Alive> living(graph, alive, alive);
    std::map<Vertex, Edge> predecessors;
    std::vector<boost::default_color_type> colors(boost::num_vertices(graph));
    boost::breadth_first_search(living, from,
                                boost::visitor(TreeRecorder<std::map<Vertex, Edge>>(&predecessors))
                                    .color_map(boost::make_iterator_property_map(
                                        colors.begin(), boost::get(boost::vertex_index, graph))));
    return predecessors;
  }
};

Topology::Topology(const Fleet& fleet) : impl_(std::make_unique<Impl>()) {
  const Vertex internet = impl_->add_vertex("internet");
  const Vertex cloud = impl_->add_vertex("cloud");
  impl_->add_link(internet, cloud, "egress");
  for (const auto& site : fleet.sites) {
    const Vertex lan_switch = impl_->add_vertex("switch:" + site.name);
    impl_->add_link(lan_switch, internet, "wan:" + site.name);
    for (const auto& box : site.boxes) {
      impl_->add_link(impl_->add_vertex(box.name), lan_switch, "lan:" + box.name);
    }
  }
}

Topology::~Topology() = default;
Topology::Topology(Topology&&) noexcept = default;
Topology& Topology::operator=(Topology&&) noexcept = default;

bool Topology::reachable(const std::string& from, const std::string& to,
                         const FailureSet& failed) const {
  const auto source = impl_->find(from);
  const auto target = impl_->find(to);
  if (!source || !target) return false;
  if (failed.nodes.count(from) > 0 || failed.nodes.count(to) > 0) return false;
  if (*source == *target) return true;
  return impl_->search(*source, failed).count(*target) > 0;
}

std::vector<std::string> Topology::path_links(const std::string& from,
                                              const std::string& to) const {
  const auto source = impl_->find(from);
  const auto target = impl_->find(to);
  if (!source || !target || *source == *target) return {};
  const auto predecessors = impl_->search(*source, FailureSet{});
  std::vector<std::string> links;
  for (Vertex v = *target; v != *source;) {
    const auto it = predecessors.find(v);
    if (it == predecessors.end()) return {};
    links.push_back(impl_->graph[it->second].name);
    const Vertex a = boost::source(it->second, impl_->graph);
    v = a == v ? boost::target(it->second, impl_->graph) : a;
  }
  std::reverse(links.begin(), links.end());
  return links;
}

std::size_t Topology::vertex_count() const { return boost::num_vertices(impl_->graph); }
std::size_t Topology::link_count() const { return impl_->links; }

}  // namespace edgetwin::model
