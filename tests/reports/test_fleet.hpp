#pragma once
// A small fleet whose capacity numbers are worked out by hand in the tests:
//   hardware small = 8 CPUs, 16 GiB, 0 GPUs; gpu = 8 CPUs, 16 GiB, 1 GPU
//   web  x2: cpu 2 (limit 4), 4 GiB (limit 8)    db x1: cpu 3 (6), 6 GiB (12)
//   big  x2: cpu 3 (limit 8), 8 GiB (limit 16)   vision x1: cpu 1 (2), 1 GiB (2), 1 GPU
//   s001 (lite = web, db) on two small boxes: fits N-1
//   s002 (heavy = web, db, big) on two small boxes: does not
//   s003 (cam = vision) on a gpu box and a small box: the GPU cannot move
#include <string>
#include <vector>

#include "edgetwin/model/fleet.hpp"

namespace edgetwin::reports::testing {

inline model::App make_app(const std::string& name, int replicas, double cpu, double cpu_limit,
                           double memory_mib, double memory_limit_mib, int gpu = 0) {
  model::App app;
  app.name = name;
  app.replicas = replicas;
  app.cpu = cpu;
  app.cpu_limit = cpu_limit;
  app.memory_mib = memory_mib;
  app.memory_limit_mib = memory_limit_mib;
  app.gpu = gpu;
  return app;
}

inline model::Site make_site(const std::string& name, const std::string& system,
                             const std::vector<std::string>& hardware) {
  model::Site site;
  site.name = name;
  site.system = system;
  for (std::size_t i = 0; i < hardware.size(); ++i)
    site.boxes.push_back({name + "-" + std::string(1, static_cast<char>('a' + i)), hardware[i], "", 100});
  return site;
}

inline model::Fleet make_test_fleet() {
  model::Fleet fleet;
  fleet.name = "hand-made";
  fleet.hardware["small"] = {"small", 8, 16, 480, 0, 0};
  fleet.hardware["gpu"] = {"gpu", 8, 16, 480, 0, 1};
  for (auto app : {make_app("web", 2, 2, 4, 4096, 8192), make_app("db", 1, 3, 6, 6144, 12288),
                   make_app("big", 2, 3, 8, 8192, 16384), make_app("vision", 1, 1, 2, 1024, 2048, 1)})
    fleet.apps[app.name] = app;
  fleet.systems["lite"] = {"web", "db"};
  fleet.systems["heavy"] = {"web", "db", "big"};
  fleet.systems["cam"] = {"vision"};
  fleet.sites.push_back(make_site("s001", "lite", {"small", "small"}));
  fleet.sites.push_back(make_site("s002", "heavy", {"small", "small"}));
  fleet.sites.push_back(make_site("s003", "cam", {"gpu", "small"}));
  return fleet;
}

}  // namespace edgetwin::reports::testing
