#pragma once
// The service VIP on a real box: the address is added to and removed from the configured
// interface over rtnetlink (what `ip addr add/del` does, without a fork per change), and a
// takeover is announced with gratuitous ARP (a raw AF_PACKET frame, no arping needed) so that
// clients and switches move to this box's MAC at once instead of when their ARP entry expires.
// Every change is a "vip.claim" / "vip.release" event, as in the twin.
#include <array>
#include <cstdint>
#include <functional>
#include <set>
#include <string>

#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::linux_box {

class VipControl final : public fw::NetConfig {
 public:
  static constexpr int kGratuitousArpCount = 3;  // keepalived sends 5 by default; 3 on a LAN
  using Emit = std::function<void(std::string_view kind, nlohmann::ordered_json fields)>;

  // Throws std::system_error when the interface does not exist or netlink is unavailable.
  VipControl(std::string interface, int prefix_len, Emit emit);
  ~VipControl() override;
  VipControl(const VipControl&) = delete;
  VipControl& operator=(const VipControl&) = delete;

  // Adds the address with a lifetime (IFA_CACHEINFO valid_lft = preferred_lft, whole seconds,
  // rounded up) so that the kernel removes it if the daemon stops renewing; a claim of a held
  // VIP only replaces its lifetime (NLM_F_REPLACE), with no new claim event nor ARP.
  void claim_vip(std::string_view vip, std::optional<fw::Duration> lifetime) override;
  void release_vip(std::string_view vip) override;
  // On a clean stop: give back whatever is still held.
  void release_all();
  std::uint64_t errors() const { return errors_; }

 private:
  // 0 or a negative errno from the kernel; `lifetime_s` (add only): nullopt is forever.
  int change_address(bool add, std::uint32_t ip, std::optional<std::uint32_t> lifetime_s = {});
  void send_gratuitous_arp(std::uint32_t ip);

  std::string interface_;
  int prefix_len_;
  Emit emit_;
  int ifindex_ = 0;
  int netlink_fd_ = -1;
  std::uint32_t netlink_seq_ = 0;
  std::array<unsigned char, 6> mac_{};
  std::set<std::string, std::less<>> held_;
  std::uint64_t errors_ = 0;
};

}  // namespace edgetwin::linux_box
