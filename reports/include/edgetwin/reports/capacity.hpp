#pragma once
// Capacity planning from a fleet: what each box has, what the replicas placed on it request and
// may use at most (limits), and whether every site survives the loss of its largest box (N-1).
// Replicas are placed as the simulator starts them (placement.hpp: the firmware's scheduler).
#include <string>
#include <vector>

#include "edgetwin/model/fleet.hpp"

namespace edgetwin::reports {

struct Resources {
  double cpus = 0;
  double memory_gib = 0;
  double gpus = 0;
};

Resources operator+(const Resources& a, const Resources& b);
Resources operator-(const Resources& a, const Resources& b);
// a / b per resource: 0 when a is 0, +infinity when a > 0 on a resource b lacks.
Resources ratio(const Resources& a, const Resources& b);

struct BoxLoad {
  std::string site;
  std::string box;
  std::string hardware;
  Resources capacity;
  Resources requests;  // sum over the replicas placed on the box
  Resources limits;    // gpus have no limit field: a GPU request is also its limit
  int replicas = 0;

  Resources overcommit() const { return ratio(limits, capacity); }
  Resources request_share() const { return ratio(requests, capacity); }
};

struct SiteN1 {
  std::string site;
  int boxes = 0;
  std::string largest_box;  // the box assumed down ("" when the site has no box)
  Resources capacity;       // whole site
  Resources requests;       // every replica of the site's apps, placed or not
  Resources limits;
  Resources remaining;      // capacity without the largest box
  Resources shortfall;      // requests the remaining boxes cannot hold; all 0 = N-1 ok
  int unplaced_replicas = 0;  // fit on no box even with every box up (not started)

  bool ok() const;
  Resources request_share() const { return ratio(requests, capacity); }
};

struct CapacityReport {
  std::string fleet_name;
  std::vector<BoxLoad> boxes;  // fleet order
  std::vector<SiteN1> sites;   // fleet order
  Resources capacity;          // fleet totals
  Resources requests;
  Resources limits;

  int n1_ok_sites() const;
  int n1_risk_sites() const;
};

CapacityReport compute_capacity(const model::Fleet& fleet);

}  // namespace edgetwin::reports
