#include "edgetwin/firmware/rollout/rollout_messages.hpp"

#include "edgetwin/firmware/wire/byte_codec.hpp"

namespace edgetwin::fw {

const char* to_string(DeployState s) {
  switch (s) {
    case DeployState::downloading: return "downloading";
    case DeployState::ready: return "ready";
    case DeployState::failed: return "failed";
    case DeployState::installing: return "installing";
  }
  return "?";
}

Bytes DeployOrder::encode() const {
  ByteWriter w;
  w.u32(rollout);
  w.str(system);
  w.str(source);
  w.str(report_to);
  w.u8(static_cast<std::uint8_t>(images.size()));
  for (const auto& image : images) {
    w.str(image.app);
    w.str(image.version);
    w.u64(image.bytes);
  }
  return w.take();
}

std::optional<DeployOrder> DeployOrder::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  DeployOrder m;
  m.rollout = r.u32();
  m.system = r.str();
  m.source = r.str();
  m.report_to = r.str();
  const std::size_t count = r.u8();
  if (count > kImagesMax) return std::nullopt;
  for (std::size_t i = 0; i < count && r.ok(); ++i) {
    ImageRef image;
    image.app = r.str();
    image.version = r.str();
    image.bytes = r.u64();
    m.images.push_back(std::move(image));
  }
  return finish(r, std::move(m));
}

Bytes DeployStatus::encode() const {
  ByteWriter w;
  w.u32(rollout);
  w.str(node);
  w.u8(static_cast<std::uint8_t>(state));
  w.u64(bytes_pulled);
  return w.take();
}

std::optional<DeployStatus> DeployStatus::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  DeployStatus m;
  m.rollout = r.u32();
  m.node = r.str();
  const std::uint8_t state = r.u8();
  m.bytes_pulled = r.u64();
  if (!r.ok() || !r.at_end() || state > kDeployStateMax) return std::nullopt;
  m.state = static_cast<DeployState>(state);
  return m;
}

}  // namespace edgetwin::fw
