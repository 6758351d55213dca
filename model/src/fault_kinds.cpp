#include "edgetwin/model/fault_kinds.hpp"

#include <algorithm>
#include <array>

namespace edgetwin::model {
namespace {

constexpr std::array<std::string_view, 3> kLinkDegradeFields{"latency_ms", "loss", "mbps"};
constexpr std::array<std::string_view, 1> kClockSkewFields{"drift_ppm"};
constexpr std::array<std::string_view, 4> kDatagramChaosFields{"link", "loss", "duplicate",
                                                               "delay_ms"};

using T = FaultTargets;
using P = FaultPower;
const std::array<FaultKind, 16> kKinds{{
    {"box-crash",
     T::site_or_box,
     {},
     P::one_box,
     "powers the box off; at the end it boots again from what its disk kept"},
    {"site-power-loss",
     T::site,
     {},
     P::site_boxes,
     "powers every box of the site off; at the end they boot again"},
    {"lan-split",
     T::site,
     {},
     P::none,
     "cuts the site's LAN between its boxes (each still reaches the WAN); healed at the end"},
    {"wan-down", T::site, {}, P::none, "turns the site's WAN link off; on again at the end"},
    {"cloud-down", T::cloud, {}, P::none, "turns the cloud's egress link off; on again at the end"},
    {"link-degrade", T::site, kLinkDegradeFields, P::none,
     "adds latency, loses a fraction of datagrams and/or lowers the bandwidth of the site's WAN "
     "link; restored at the end"},
    {"container-crash",
     T::container,
     {},
     P::none,
     "crashes the app's containers on the box; they stay down until restarted"},
    {"container-hang",
     T::container,
     {},
     P::none,
     "hangs the app's containers on the box (alive, not answering probes) until restarted"},
    {"disk-loss",
     T::site_or_box,
     {},
     P::one_box,
     "powers the box off and empties its disk (a disk swap); at the end it boots from nothing"},
    {"clock-skew", T::site_or_box, kClockSkewFields, P::none,
     "makes the box's clock run fast or slow by drift_ppm; true again at the end"},
    {"nas-down",
     T::site,
     {},
     P::site_nas,
     "powers the site's NAS (witness and volumes) off; at the end it boots again"},
    {"stall",
     T::site_or_box,
     {},
     P::none,
     "freezes the box's firmware (as SIGSTOP does): no timer fires and datagrams queue, while its "
     "VIP and containers stay; at the end it runs what piled up"},
    {"disk-full",
     T::site_or_box,
     {},
     P::none,
     "makes every write to the box's disk fail (full disk, failing fsync); writes succeed again "
     "at the end"},
    {"cloud-restart",
     T::cloud,
     {},
     P::cloud,
     "powers the cloud control plane off; at the end it boots again from what its disk kept"},
    {"cloud-crash",
     T::cloud,
     {},
     P::cloud,
     "kills the cloud process (what it held in memory is lost); at the end it restarts from what "
     "it persisted: node list, desired states, rollout progress, code book"},
    {"datagram-chaos", T::site, kDatagramChaosFields, P::none,
     "on the site's LAN (link: lan) or WAN (link: wan), loses a fraction of datagrams, duplicates "
     "a fraction and delays each by up to delay_ms (so they may arrive out of order); ends at "
     "the end"},
}};

}  // namespace

std::span<const FaultKind> fault_kinds() { return kKinds; }

const FaultKind* find_fault_kind(std::string_view name) {
  const auto it = std::find_if(kKinds.begin(), kKinds.end(),
                               [name](const FaultKind& k) { return k.name == name; });
  return it == kKinds.end() ? nullptr : &*it;
}

std::string fault_kind_names() {
  std::string out;
  for (const auto& k : kKinds) out += (out.empty() ? "" : ", ") + std::string(k.name);
  return out;
}

std::string_view target_shapes(FaultTargets targets) {
  switch (targets) {
    case FaultTargets::cloud:
      return "no target or 'cloud'";
    case FaultTargets::site:
      return "'site' or '*'";
    case FaultTargets::site_or_box:
      return "'site/box', 'site' or '*'";
    case FaultTargets::container:
      return "'site/box/app'";
  }
  return "";
}

}  // namespace edgetwin::model
