#pragma once
// The firmware channel on a real box: UDP datagrams between configured endpoints. A datagram
// from an address that is not a configured endpoint never reaches the firmware.
#include <optional>
#include <span>
#include <vector>

#include "edgetwin/firmware/base/driver.hpp"
#include "edgetwin/linux/endpoint.hpp"

namespace edgetwin::linux_box {

class UdpTransport {
 public:
  // Larger than kHeaderBytes + kPayloadBytesMax: anything bigger is dropped as oversize.
  static constexpr std::size_t kDatagramBytesMax = 2048;

  // Binds `self` (ip:port); throws std::system_error when it cannot.
  UdpTransport(const Endpoint& self, std::vector<Endpoint> endpoints, TransportCounters& counters);
  ~UdpTransport();
  UdpTransport(const UdpTransport&) = delete;
  UdpTransport& operator=(const UdpTransport&) = delete;

  int fd() const { return fd_; }
  void send(const fw::Address& to, std::span<const std::byte> datagram);
  // The next datagram from a known endpoint, or nullopt when none is waiting.
  std::optional<fw::Datagram> receive();

 private:
  const Endpoint* find(const fw::Address& node) const;
  int fd_ = -1;
  std::vector<Endpoint> endpoints_;
  TransportCounters& counters_;
};

}  // namespace edgetwin::linux_box
