// Writes the binary seeds of the fuzz corpus: one valid datagram per message type, VRRP
// adverts (plain and authenticated) and a desired-state record. Usage: fuzz_make_seeds DIR
// (DIR = tests/fuzz/corpus; scripts/fuzz.sh --seeds). The JSON seeds are written by hand.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "decoders.hpp"
#include "edgetwin/firmware/ha/vrrp_auth.hpp"
#include "edgetwin/firmware/ha/vrrp_packet.hpp"
#include "edgetwin/firmware/orchestration/desired_state.hpp"

namespace {

namespace fs = std::filesystem;
using namespace edgetwin;

void write(const fs::path& dir, const std::string& name, std::span<const std::byte> bytes,
           std::uint8_t prefix = 0, bool with_prefix = false) {
  fs::create_directories(dir);
  std::ofstream out(dir / name, std::ios::binary);
  if (with_prefix) out.put(static_cast<char>(prefix));
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

void datagrams(const fs::path& dir) {
  fuzz::for_each_codec([&]<class Message>(fuzz::Codec<Message> codec) {
    const std::optional<fw::Bytes> body = Message{}.encode();
    const fw::Bytes datagram = fw::encode_envelope(codec.type, 7, *body);
    write(dir, "type-" + std::to_string(static_cast<int>(codec.type)), datagram);
  });
}

void adverts(const fs::path& dir) {
  constexpr std::uint32_t kSrc = 0x0a4d0001, kDst = 0x0a4d0002;
  const fw::VrrpAdvert advert{1, 150, 100, {0x0a4d0064}};
  const fw::Bytes plain = fw::encode_advert(advert, kSrc, kDst);
  write(dir, "plain", plain, 0, true);
  write(dir, "plain-fix-checksum", plain, 1, true);
  fw::VrrpKey key{};
  key.fill(0x5a);
  fw::VrrpAuth auth(key, 1);
  write(dir, "authenticated", auth.seal(plain, kSrc, kDst), 2, true);
}

void desired_state(const fs::path& dir) {
  fw::BoxDesiredState state;
  state.generation = 3;
  fw::ContainerSpec spec;
  spec.name = "mysql-0";
  spec.app = "mysql";
  spec.cpu_request = 2;
  spec.memory_limit_mib = 4096;
  spec.priority = "critical";
  state.containers.push_back(spec);
  write(dir, "one-container", fw::encode_desired_state(state));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fputs("usage: fuzz_make_seeds CORPUS_DIR\n", stderr);
    return 2;
  }
  const fs::path corpus = argv[1];
  datagrams(corpus / "fuzz_datagram");
  adverts(corpus / "fuzz_vrrp");
  desired_state(corpus / "fuzz_desired_state");
  return 0;
}
