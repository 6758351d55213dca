#pragma once
// Authentication of an envelope (wire.hpp): HMAC-SHA-512-256 (libsodium's crypto_auth) keyed
// with the channel's key (wire_keys.hpp) over
//
//   u8 length of the sender's name | the sender's name | header | payload
//
// The header carries the sender's boot epoch and its counter, so a receiver that checks the
// tag can trust both, and a tag made for one sender does not verify as another's: a site
// member's datagram replayed with another member's source address is a forgery. The receiver
// is not covered, because a message to the service VIP is received by whichever box holds it;
// a datagram redirected to another node is caught by that node's replay window at most once
// per counter value, and every message names what it is about (site, node, app).
//
// Why a MAC and not an AEAD: nothing in these messages is secret from the LAN except bind
// codes (which are single use and expire), a MAC needs no nonce (an AEAD under a key shared by
// a site would need nonces unique across all its senders), and it costs less (docs/wire-format.md).
#include <cstdint>
#include <span>
#include <string_view>

#include "edgetwin/firmware/wire/channel_macs.hpp"
#include "edgetwin/firmware/wire/wire.hpp"
#include "edgetwin/firmware/wire/wire_keys.hpp"

namespace edgetwin::fw {

// Writes `counter` and the tag into an envelope made by encode_envelope (at least
// kHeaderBytes + kTagBytes long, its length field right).
void seal_envelope(std::span<std::byte> envelope, std::uint64_t counter, const WireMac& mac,
                   std::string_view sender);
void seal_envelope(std::span<std::byte> envelope, std::uint64_t counter, const WireKey& key,
                   std::string_view sender);

// Whether the tag of a decoded envelope is right for `sender` (constant time).
bool envelope_authentic(const Envelope& envelope, const WireMac& mac, std::string_view sender);
bool envelope_authentic(const Envelope& envelope, const WireKey& key, std::string_view sender);

}  // namespace edgetwin::fw
