#pragma once
// The cloud's node list (the console's 节点列表): name, status, IP, configuration
// ("40C/256G/480G"), CPU and memory as request% / limit% of capacity, last update. A node is
// `running` while its reports arrive and `offline` once none came for `offline_after`.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/wire/messages.hpp"

namespace edgetwin::fw {

struct NodeRow {
  std::string name;
  std::string site;
  std::string status = "offline";  // created | activating | running | offline
  std::string ip;
  std::string configuration;  // e.g. "40C/256G/480G"
  double cpu_request_pct = 0;
  double cpu_limit_pct = 0;
  double memory_request_pct = 0;
  double memory_limit_pct = 0;
  Time last_update;
  bool ever_reported = false;
};

class NodeRegistry {
 public:
  static constexpr std::size_t kNodesMax = 100'000;

  NodeRegistry(Platform& platform, Duration offline_after);
  // Nodes the cloud knows from inventory; they are `offline` until their first report.
  void enroll(const std::string& name, const std::string& site);
  // A node created in the console that has not been activated yet (activation_service.hpp):
  // `created`, then `activating` and `running` through set_activation_status.
  void enroll_created(const std::string& name, const std::string& site);
  void set_activation_status(const std::string& name, const std::string& status);
  // The console's "delete node": the row goes, and its reports are not trusted any more.
  bool remove(const std::string& name);
  // Reports of a node that is not activated are not trusted.
  void on_report(const NodeReport& report);
  const std::map<std::string, NodeRow>& rows() const { return rows_; }
  // Called after a node's status changed, with the status it left (the cloud's alerts).
  void on_status_change(std::function<void(const NodeRow&, const std::string& from)> callback) {
    status_observer_ = std::move(callback);
  }
  int running_count() const { return running_; }

 private:
  void set_status(NodeRow& row, const std::string& status);
  void arm_offline(const std::string& name);

  Platform& platform_;
  Duration offline_after_;
  std::map<std::string, NodeRow> rows_;
  std::map<std::string, TimerId> offline_timer_;
  int running_ = 0;
  std::function<void(const NodeRow&, const std::string&)> status_observer_;
};

}  // namespace edgetwin::fw
