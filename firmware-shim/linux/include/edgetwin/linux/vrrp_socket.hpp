#pragma once
// The VRRP channel on a real box: IP protocol 112 over a raw socket, TTL 255, unicast to each
// peer's primary address (keepalived's unicast_peer). The firmware builds the RFC 5798
// message; the kernel adds the IPv4 header with this box's primary address as source, which
// is the address the firmware's checksum pseudo-header names.
#include <optional>
#include <span>
#include <vector>

#include "edgetwin/firmware/base/driver.hpp"
#include "edgetwin/linux/endpoint.hpp"

namespace edgetwin::linux_box {

class VrrpSocket {
 public:
  static constexpr int kTtl = 255;  // RFC 5798 5.1.1.3, checked on receipt too
  static constexpr std::size_t kPacketBytesMax = 2048;

  // Throws std::system_error without CAP_NET_RAW or when `primary_ip` is not local.
  VrrpSocket(std::uint32_t primary_ip, std::vector<Endpoint> peers, TransportCounters& counters);
  ~VrrpSocket();
  VrrpSocket(const VrrpSocket&) = delete;
  VrrpSocket& operator=(const VrrpSocket&) = delete;

  int fd() const { return fd_; }
  void send(const fw::Address& to, std::span<const std::byte> message);
  // The next VRRP message (IP payload) from a configured peer with TTL 255, or nullopt.
  std::optional<fw::Datagram> receive();

 private:
  std::optional<fw::Datagram> parse(std::span<const std::byte> packet);
  int fd_ = -1;
  std::vector<Endpoint> peers_;
  TransportCounters& counters_;
};

}  // namespace edgetwin::linux_box
