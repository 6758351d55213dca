// The twin's lost-write checker (sim/workloads/data_checker.hpp) over a history recorded by a
// real client against real servers (tests/linux/netns_data.py):
//
//   history_check HISTORY.jsonl FINAL.json
//
// HISTORY: one operation per line, the format of `edgetwin run --history`
// (docs/formats-extensions.md). FINAL: {"site", "app", "box", "values": [...]}, the values the
// data of record holds at the end (the final primary's table). Prints one JSON object with the
// checker's counts; exit 0, or 2 for unreadable input (file:line: what).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "edgetwin/sim/workloads/data_checker.hpp"

namespace {

using edgetwin::sim::FinalState;
using edgetwin::sim::History;
using edgetwin::sim::Operation;

int bad(const std::string& where, const std::string& what) {
  std::cerr << where << ": " << what << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) return bad("usage", "history_check HISTORY.jsonl FINAL.json");
  History history;
  std::ifstream in(argv[1]);
  if (!in) return bad(argv[1], "cannot read");
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    try {
      const auto j = nlohmann::json::parse(line);
      Operation op;
      op.site = j.at("site").get<std::string>();
      op.app = j.at("app").get<std::string>();
      op.kind = j.at("op").get<std::string>();
      op.request = j.at("request").get<std::uint64_t>();
      op.value = j.at("value").get<std::uint64_t>();
      op.invoke_s = j.at("invoke_s").get<double>();
      op.outcome = j.at("outcome").get<std::string>();
      op.complete_s = j.value("complete_s", -1.0);
      op.box = j.value("box", "");
      op.term = j.value("term", std::uint64_t{0});
      history.add(std::move(op));
    } catch (const std::exception& e) {
      return bad(std::string(argv[1]) + ":" + std::to_string(n), e.what());
    }
  }
  std::map<edgetwin::sim::SiteApp, FinalState> finals;
  try {
    std::ifstream f(argv[2]);
    const auto j = nlohmann::json::parse(f);
    FinalState s;
    s.box = j.at("box").get<std::string>();
    for (const auto& v : j.at("values")) s.values.insert(v.get<std::uint64_t>());
    finals[{j.at("site").get<std::string>(), j.at("app").get<std::string>()}] = std::move(s);
  } catch (const std::exception& e) {
    return bad(argv[2], e.what());
  }
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& c : edgetwin::sim::check_history(history, finals))
    out.push_back({{"site", c.site},
                   {"app", c.app},
                   {"acknowledged_writes", c.acknowledged},
                   {"lost_writes", c.lost},
                   {"failed_writes", c.failed},
                   {"unknown_writes", c.unknown},
                   {"reads_ok", c.reads_ok},
                   {"phantom_reads", c.phantom_reads},
                   {"unavailable_s", c.unavailable_s}});
  std::cout << out.dump() << "\n";
  return 0;
}
