#pragma once
// The sending half of the authenticated channel: a Platform that seals every firmware datagram
// on its way out (envelope_seal.hpp) with the key of the channel to its destination and the
// next value of this node's counter, and passes everything else through. An agent hands it to
// its components instead of the backend's platform, so no component can send an unsealed
// datagram, and none of them needs to know about keys.
#include <cstdint>
#include <optional>
#include <string>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/wire/channel_macs.hpp"
#include "edgetwin/firmware/wire/wire_keys.hpp"

namespace edgetwin::fw {

struct SealingStats {
  std::uint64_t sealed = 0;
  std::uint64_t no_key = 0;     // to a node this one has no key for: not sent
  std::uint64_t malformed = 0;  // not an envelope (a component's bug): not sent
};

class SealingPlatform final : public Platform {
 public:
  // `self` is this node's name as its receivers know it (the tag binds it).
  SealingPlatform(Platform& inner, std::string self, WireKeys keys);

  Time now() const override { return inner_.now(); }
  TimerId after(Duration delay, std::function<void()> callback) override {
    return inner_.after(delay, std::move(callback));
  }
  void cancel(TimerId id) override { inner_.cancel(id); }
  void send(const Address& to, Channel channel, std::span<const std::byte> datagram) override;
  // The sealed copy of an envelope for `to`, numbered with the next counter (what send puts on
  // the wire); nullopt when it is not an envelope or there is no key for `to`.
  std::optional<Bytes> seal(const Address& to, std::span<const std::byte> envelope);
  void pull(const Address& source, const ImageName& image, std::uint64_t bytes,
            std::function<void(bool complete)> done) override {
    inner_.pull(source, image, bytes, std::move(done));
  }
  Disk& disk() override { return inner_.disk(); }
  Runtime& runtime() override { return inner_.runtime(); }
  NetConfig& net() override { return inner_.net(); }
  EventSink& events() override { return inner_.events(); }
  Rng& rng() override { return inner_.rng(); }
  void secure_bytes(std::span<std::byte> out) override { inner_.secure_bytes(out); }

  Platform& inner() { return inner_; }
  const WireKeys& keys() const { return keys_; }
  const SealingStats& stats() const { return stats_; }

 private:
  Platform& inner_;
  std::string self_;
  WireKeys keys_;
  ChannelMacs macs_;
  // One counter for every destination, from 1 in each instance: an instance lives for one
  // boot at most, and each boot has its own epoch, which the tag covers with the counter.
  std::uint64_t counter_ = 0;
  SealingStats stats_;
};

}  // namespace edgetwin::fw
