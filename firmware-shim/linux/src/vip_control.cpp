#include "edgetwin/linux/vip_control.hpp"

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "edgetwin/firmware/base/ipv4_cidr.hpp"

namespace edgetwin::linux_box {
namespace {

constexpr std::size_t kArpBytes = 28;

struct AddressRequest {
  nlmsghdr header;
  ifaddrmsg body;
  char attributes[96];
};

void add_attribute(AddressRequest& req, unsigned short type, const void* data, std::size_t size) {
  auto* rta =
      reinterpret_cast<rtattr*>(reinterpret_cast<char*>(&req) + NLMSG_ALIGN(req.header.nlmsg_len));
  rta->rta_type = type;
  rta->rta_len = static_cast<unsigned short>(RTA_LENGTH(size));
  std::memcpy(RTA_DATA(rta), data, size);
  req.header.nlmsg_len = NLMSG_ALIGN(req.header.nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

// The kernel counts address lifetimes in whole seconds and checks them about once a second.
// Rounded up, so that a renewal a second later always finds the address still there; the
// kernel may then keep it up to about two seconds past the lease, which the backup's
// Master_Down_Interval (3 adverts + Skew_Time after the last advert) covers for 1 s adverts
// (docs/ha.md, "The VIP's lifetime").
constexpr std::uint32_t kLifetimeForever = 0xFFFFFFFFu;  // the kernel's INFINITY_LIFE_TIME

std::uint32_t lifetime_seconds(fw::Duration lifetime) {
  constexpr std::int64_t kSecondNs = 1'000'000'000;
  const std::int64_t s =
      (std::max<std::int64_t>(lifetime.count_ns(), 1) + kSecondNs - 1) / kSecondNs;
  return static_cast<std::uint32_t>(std::min<std::int64_t>(s, kLifetimeForever - 1));
}

std::array<unsigned char, 6> mac_of(const std::string& interface) {
  std::array<unsigned char, 6> mac{};
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, interface.c_str(), IFNAMSIZ - 1);
  if (fd >= 0 && ioctl(fd, SIOCGIFHWADDR, &ifr) == 0)
    std::memcpy(mac.data(), ifr.ifr_hwaddr.sa_data, 6);
  if (fd >= 0) close(fd);
  return mac;
}

}  // namespace

VipControl::VipControl(std::string interface, int prefix_len, Emit emit)
    : interface_(std::move(interface)), prefix_len_(prefix_len), emit_(std::move(emit)) {
  ifindex_ = static_cast<int>(if_nametoindex(interface_.c_str()));
  if (ifindex_ == 0)
    throw std::system_error(errno, std::generic_category(), "interface " + interface_);
  netlink_fd_ = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (netlink_fd_ < 0) throw std::system_error(errno, std::generic_category(), "netlink socket");
  // The kernel answers at once; the bound only guards the loop against a wedged kernel.
  timeval timeout{1, 0};
  setsockopt(netlink_fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  mac_ = mac_of(interface_);
}

VipControl::~VipControl() {
  if (netlink_fd_ >= 0) close(netlink_fd_);
}

int VipControl::change_address(bool add, std::uint32_t ip,
                               std::optional<std::uint32_t> lifetime_s) {
  AddressRequest req{};
  req.header.nlmsg_len = NLMSG_LENGTH(sizeof(ifaddrmsg));
  req.header.nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR;
  // REPLACE: an address already there (ours, or left by a killed run) takes the new lifetime.
  req.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_REPLACE : 0);
  req.header.nlmsg_seq = ++netlink_seq_;
  req.body.ifa_family = AF_INET;
  req.body.ifa_prefixlen = static_cast<unsigned char>(prefix_len_);
  req.body.ifa_scope = RT_SCOPE_UNIVERSE;
  req.body.ifa_index = static_cast<unsigned>(ifindex_);
  const std::uint32_t ip_be = htonl(ip);
  add_attribute(req, IFA_LOCAL, &ip_be, sizeof ip_be);
  add_attribute(req, IFA_ADDRESS, &ip_be, sizeof ip_be);
  if (add) {
    ifa_cacheinfo lifetime{};
    lifetime.ifa_valid = lifetime_s.value_or(kLifetimeForever);
    lifetime.ifa_prefered = lifetime.ifa_valid;
    add_attribute(req, IFA_CACHEINFO, &lifetime, sizeof lifetime);
  }
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (sendto(netlink_fd_, &req, req.header.nlmsg_len, 0, reinterpret_cast<sockaddr*>(&kernel),
             sizeof kernel) < 0)
    return -errno;
  alignas(nlmsghdr) char answer[4096];
  for (;;) {
    const ssize_t n = recv(netlink_fd_, answer, sizeof answer, 0);
    if (n < 0) return -errno;
    auto* h = reinterpret_cast<nlmsghdr*>(answer);
    for (auto len = static_cast<unsigned>(n); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
      if (h->nlmsg_seq != req.header.nlmsg_seq || h->nlmsg_type != NLMSG_ERROR) continue;
      return static_cast<const nlmsgerr*>(NLMSG_DATA(h))->error;  // 0 is the ACK
    }
  }
}

void VipControl::send_gratuitous_arp(std::uint32_t ip) {
  const int fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_ARP));
  if (fd < 0) {
    ++errors_;
    return;
  }
  std::array<unsigned char, kArpBytes> arp{0, 1, 8, 0, 6, 4, 0, 1};  // Ethernet, IPv4, request
  const std::uint32_t ip_be = htonl(ip);
  std::memcpy(&arp[8], mac_.data(), 6);  // sender MAC
  std::memcpy(&arp[14], &ip_be, 4);      // sender IP = the VIP
  std::memcpy(&arp[24], &ip_be, 4);      // target IP = the VIP: gratuitous
  sockaddr_ll to{};
  to.sll_family = AF_PACKET;
  to.sll_protocol = htons(ETH_P_ARP);
  to.sll_ifindex = ifindex_;
  to.sll_halen = 6;
  std::memset(to.sll_addr, 0xff, 6);  // broadcast
  for (int i = 0; i < kGratuitousArpCount; ++i)
    if (sendto(fd, arp.data(), arp.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) < 0)
      ++errors_;
  close(fd);
}

void VipControl::claim_vip(std::string_view vip, std::optional<fw::Duration> lifetime) {
  const auto ip = fw::parse_ipv4(vip);
  if (!ip) return;
  std::optional<std::uint32_t> seconds;
  if (lifetime) seconds = lifetime_seconds(*lifetime);
  const bool renewal = held_.contains(vip);
  const int err = change_address(true, *ip, seconds);
  if (err != 0 && err != -EEXIST) {
    ++errors_;
    emit_("vip.error",
          {{"vip", vip}, {"op", renewal ? "renew" : "add"}, {"error", std::strerror(-err)}});
    return;
  }
  if (renewal) return;
  held_.insert(std::string(vip));
  send_gratuitous_arp(*ip);
  emit_("vip.claim", {{"vip", vip}, {"why", "firmware"}, {"interface", interface_}});
}

void VipControl::release_vip(std::string_view vip) {
  const auto ip = fw::parse_ipv4(vip);
  if (!ip) return;
  const bool held = held_.erase(std::string(vip)) > 0;
  // Also when we do not think we hold it: a previous run killed with SIGKILL may have left it
  // on the interface, and the firmware releases at start for exactly that reason.
  const int err = change_address(false, *ip);
  if (err == 0) {
    emit_("vip.release",
          {{"vip", vip}, {"why", held ? "firmware" : "stale"}, {"interface", interface_}});
    return;
  }
  // Held, and already gone: the kernel removed it when its lifetime ran out (a stall).
  if (held && (err == -EADDRNOTAVAIL || err == -ENOENT)) {
    emit_("vip.release", {{"vip", vip}, {"why", "lifetime"}, {"interface", interface_}});
    return;
  }
  if (err != -EADDRNOTAVAIL && err != -ENOENT) {
    ++errors_;
    emit_("vip.error", {{"vip", vip}, {"op", "del"}, {"error", std::strerror(-err)}});
  }
}

void VipControl::release_all() {
  const std::set<std::string, std::less<>> held = held_;
  for (const auto& vip : held) release_vip(vip);
}

}  // namespace edgetwin::linux_box
