#include "edgetwin/linux/udp_transport.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <system_error>

#include "edgetwin/firmware/base/ipv4_cidr.hpp"

namespace edgetwin::linux_box {
namespace {

sockaddr_in to_sockaddr(std::uint32_t ip, std::uint16_t port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(ip);
  sa.sin_port = htons(port);
  return sa;
}

}  // namespace

std::optional<Endpoint> parse_endpoint(std::string node, std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto ip = fw::parse_ipv4(text.substr(0, colon));
  const auto port_text = text.substr(colon + 1);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (!ip || ec != std::errc{} || end != port_text.data() + port_text.size() || port == 0 ||
      port > 65535)
    return std::nullopt;
  return Endpoint{std::move(node), *ip, static_cast<std::uint16_t>(port)};
}

UdpTransport::UdpTransport(const Endpoint& self, std::vector<Endpoint> endpoints,
                           TransportCounters& counters)
    : endpoints_(std::move(endpoints)), counters_(counters) {
  fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "udp socket");
  const int one = 1;
  setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  const sockaddr_in sa = to_sockaddr(self.ip, self.port);
  if (bind(fd_, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) < 0) {
    const int err = errno;
    close(fd_);
    throw std::system_error(err, std::generic_category(), "udp bind " + fw::format_ipv4(self.ip));
  }
}

UdpTransport::~UdpTransport() {
  if (fd_ >= 0) close(fd_);
}

const Endpoint* UdpTransport::find(const fw::Address& node) const {
  for (const auto& e : endpoints_)
    if (e.node == node.node) return &e;
  return nullptr;
}

void UdpTransport::send(const fw::Address& to, std::span<const std::byte> datagram) {
  const Endpoint* e = find(to);
  if (!e) {
    ++counters_.send_unroutable;
    return;
  }
  const sockaddr_in sa = to_sockaddr(e->ip, e->port);
  // Datagrams may be lost (the firmware retries by design): a full buffer or an unreachable
  // peer is counted, never waited for.
  if (sendto(fd_, datagram.data(), datagram.size(), MSG_DONTWAIT,
             reinterpret_cast<const sockaddr*>(&sa), sizeof sa) < 0)
    ++counters_.send_errors;
}

std::optional<fw::Datagram> UdpTransport::receive() {
  std::array<std::byte, kDatagramBytesMax> buffer{};
  for (;;) {
    sockaddr_in from{};
    socklen_t from_len = sizeof from;
    const ssize_t n = recvfrom(fd_, buffer.data(), buffer.size(), MSG_TRUNC,
                               reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n < 0) return std::nullopt;  // EAGAIN: drained (other errors: try again next wake)
    ++counters_.udp_received;
    if (static_cast<std::size_t>(n) > buffer.size()) {
      ++counters_.udp_oversize;
      continue;
    }
    const std::uint32_t ip = ntohl(from.sin_addr.s_addr);
    const std::uint16_t port = ntohs(from.sin_port);
    const Endpoint* sender = nullptr;
    for (const auto& e : endpoints_)
      if (e.ip == ip && e.port == port) sender = &e;
    if (!sender) {
      ++counters_.udp_unknown_sender;
      continue;
    }
    return fw::Datagram{
        {sender->node}, fw::Channel::firmware, fw::Bytes(buffer.begin(), buffer.begin() + n)};
  }
}

}  // namespace edgetwin::linux_box
