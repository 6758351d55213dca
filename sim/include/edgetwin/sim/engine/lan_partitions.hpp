#pragma once
// LAN splits: while a site's LAN is split, its boxes cannot reach each other, while each keeps
// its way to the WAN (and so to the cloud). Modelled as a filter on datagrams between boxes of
// a split site rather than a cut link, because no single link of the site's LAN separates the
// boxes from each other but not from the uplink.
#include <map>
#include <string>

namespace edgetwin::sim {

class LanPartitions {
 public:
  void add_box(const std::string& box, const std::string& site) { site_of_[box] = site; }
  // Nested splits of one site: it heals when the last one ends.
  void split(const std::string& site, bool on) {
    split_count_[site] += on ? 1 : -1;
    splits_ += on ? 1 : -1;
  }
  // Asked for every datagram: answered at once while no site is split, the usual case.
  bool blocked(const std::string& from, const std::string& to) const {
    return splits_ > 0 && blocked_by_split(from, to);
  }

 private:
  bool blocked_by_split(const std::string& from, const std::string& to) const;
  int splits_ = 0;  // splits in force over all sites
  std::map<std::string, std::string> site_of_;
  std::map<std::string, int> split_count_;
};

}  // namespace edgetwin::sim
