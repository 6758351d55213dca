#include "edgetwin/linux/vrrp_socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>

#include "edgetwin/firmware/ha/vrrp_packet.hpp"

namespace edgetwin::linux_box {
namespace {

constexpr std::size_t kIpHeaderBytesMin = 20;

std::uint32_t be32(std::span<const std::byte> b, std::size_t at) {
  return std::to_integer<std::uint32_t>(b[at]) << 24 |
         std::to_integer<std::uint32_t>(b[at + 1]) << 16 |
         std::to_integer<std::uint32_t>(b[at + 2]) << 8 | std::to_integer<std::uint32_t>(b[at + 3]);
}

}  // namespace

VrrpSocket::VrrpSocket(std::uint32_t primary_ip, std::vector<Endpoint> peers,
                       TransportCounters& counters)
    : peers_(std::move(peers)), counters_(counters) {
  fd_ = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, fw::kVrrpIpProtocol);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "raw socket (proto 112)");
  const int ttl = kTtl;
  setsockopt(fd_, IPPROTO_IP, IP_TTL, &ttl, sizeof ttl);
  setsockopt(fd_, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(primary_ip);
  // Binding fixes the source address of every advert to the primary address.
  if (bind(fd_, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) < 0) {
    const int err = errno;
    close(fd_);
    throw std::system_error(err, std::generic_category(),
                            "raw bind " + fw::format_ipv4(primary_ip));
  }
}

VrrpSocket::~VrrpSocket() {
  if (fd_ >= 0) close(fd_);
}

void VrrpSocket::send(const fw::Address& to, std::span<const std::byte> message) {
  const Endpoint* peer = nullptr;
  for (const auto& p : peers_)
    if (p.node == to.node) peer = &p;
  if (!peer) {
    ++counters_.send_unroutable;
    return;
  }
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(peer->ip);
  if (sendto(fd_, message.data(), message.size(), MSG_DONTWAIT,
             reinterpret_cast<const sockaddr*>(&sa), sizeof sa) < 0)
    ++counters_.send_errors;
}

std::optional<fw::Datagram> VrrpSocket::receive() {
  std::array<std::byte, kPacketBytesMax> buffer{};
  for (;;) {
    const ssize_t n = recv(fd_, buffer.data(), buffer.size(), MSG_TRUNC);
    if (n < 0) return std::nullopt;
    ++counters_.vrrp_received;
    if (static_cast<std::size_t>(n) > buffer.size()) {
      ++counters_.vrrp_bad_ip_header;
      continue;
    }
    if (auto d = parse(std::span<const std::byte>(buffer.data(), static_cast<std::size_t>(n))))
      return d;
  }
}

// A raw IPv4 socket hands over the whole packet, header included. Each reason to drop is
// counted; only the payload of a well-formed, unrouted packet from a configured peer is kept.
std::optional<fw::Datagram> VrrpSocket::parse(std::span<const std::byte> packet) {
  if (packet.size() < kIpHeaderBytesMin) {
    ++counters_.vrrp_bad_ip_header;
    return std::nullopt;
  }
  const auto version_ihl = std::to_integer<unsigned>(packet[0]);
  const std::size_t header_bytes = (version_ihl & 0x0f) * 4u;
  const std::size_t total =
      std::to_integer<std::size_t>(packet[2]) << 8 | std::to_integer<std::size_t>(packet[3]);
  if (version_ihl >> 4 != 4 || header_bytes < kIpHeaderBytesMin || total > packet.size() ||
      total < header_bytes || std::to_integer<unsigned>(packet[9]) != fw::kVrrpIpProtocol) {
    ++counters_.vrrp_bad_ip_header;
    return std::nullopt;
  }
  if (std::to_integer<int>(packet[8]) != kTtl) {
    ++counters_.vrrp_bad_ttl;
    return std::nullopt;
  }
  const std::uint32_t source = be32(packet, 12);
  for (const auto& p : peers_) {
    if (p.ip != source) continue;
    const auto payload = packet.subspan(header_bytes, total - header_bytes);
    return fw::Datagram{{p.node}, fw::Channel::vrrp, fw::Bytes(payload.begin(), payload.end())};
  }
  ++counters_.vrrp_unknown_sender;
  return std::nullopt;
}

}  // namespace edgetwin::linux_box
