// bench_envelope: what authenticating a firmware datagram costs (issue 17), against what
// sending one costs anyway (a copy of its bytes).
// - Copy: the envelope copied into a fresh buffer (what every send does already).
// - Seal: encode_envelope's bytes copied and sealed (SealingPlatform::seal: HMAC-SHA-512-256).
// - Open: decode_envelope + tag check (Inbox::accept without the sender table).
// - SealOpen: both ends, the whole cost of one datagram; SealOpenUnkeyed: the same with the
//   key processed per datagram.
// - SealOpenTwin: both ends with the twin's stand-in (SipHash-2-4, wire_keys.hpp).
// - AeadSealOpen: the alternative measured for the choice (XChaCha20-Poly1305, 24-byte nonce),
//   sealing and opening in place of the MAC.
// Each at the sizes of a typical heartbeat/ack (60 bytes) and a desired state (600 bytes).
// Counter "bytes" is a rate: datagram bytes per second.
#include <benchmark/benchmark.h>
#include <sodium.h>

#include <array>
#include <cstring>
#include <vector>

#include "edgetwin/firmware/wire/channel_macs.hpp"
#include "edgetwin/firmware/wire/envelope_seal.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace {

using edgetwin::fw::Bytes;
using edgetwin::fw::WireKey;
namespace fw = edgetwin::fw;

// An envelope of `datagram_bytes` in all (header, payload and tag).
Bytes envelope_of(std::size_t datagram_bytes) {
  const std::size_t payload = datagram_bytes - fw::kHeaderBytes - fw::kTagBytes;
  return fw::encode_envelope(fw::MessageType::peer_heartbeat, 3, Bytes(payload, std::byte{0x5a}));
}

WireKey key() {
  WireKey k{};
  k.fill(0x42);
  return k;
}

void set_counters(benchmark::State& state, std::size_t bytes) {
  state.counters["bytes"] =
      benchmark::Counter(static_cast<double>(state.iterations() * bytes), benchmark::Counter::kIsRate);
}

void Copy(benchmark::State& state) {
  const Bytes env = envelope_of(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    Bytes copy(env.begin(), env.end());
    benchmark::DoNotOptimize(copy.data());
  }
  set_counters(state, env.size());
}

void Seal(benchmark::State& state) {
  const Bytes env = envelope_of(static_cast<std::size_t>(state.range(0)));
  const fw::WireMac k(key());  // as SealingPlatform keeps it: the key's work done once
  std::uint64_t counter = 0;
  for (auto _ : state) {
    Bytes sealed(env.begin(), env.end());
    fw::seal_envelope(sealed, ++counter, k, "s001-a");
    benchmark::DoNotOptimize(sealed.data());
  }
  set_counters(state, env.size());
}

void Open(benchmark::State& state) {
  Bytes env = envelope_of(static_cast<std::size_t>(state.range(0)));
  const fw::WireMac k(key());
  fw::seal_envelope(env, 1, k, "s001-a");
  for (auto _ : state) {
    auto decoded = fw::decode_envelope(env);
    const bool ok = decoded.ok() && fw::envelope_authentic(decoded.value(), k, "s001-a");
    if (!ok) state.SkipWithError("did not verify");
    benchmark::DoNotOptimize(ok);
  }
  set_counters(state, env.size());
}

void SealOpen(benchmark::State& state) {
  const Bytes env = envelope_of(static_cast<std::size_t>(state.range(0)));
  const fw::WireMac k(key());
  std::uint64_t counter = 0;
  for (auto _ : state) {
    Bytes sealed(env.begin(), env.end());
    fw::seal_envelope(sealed, ++counter, k, "s001-a");
    auto decoded = fw::decode_envelope(sealed);
    const bool ok = decoded.ok() && fw::envelope_authentic(decoded.value(), k, "s001-a");
    benchmark::DoNotOptimize(ok);
  }
  set_counters(state, env.size());
}

// The AEAD alternative: the same bytes as associated data and none secret would need no
// ciphertext, so this encrypts the payload as an AEAD channel would, and opens it again.
void AeadSealOpen(benchmark::State& state) {
  const Bytes env = envelope_of(static_cast<std::size_t>(state.range(0)));
  std::array<unsigned char, crypto_aead_xchacha20poly1305_ietf_KEYBYTES> k{};
  k.fill(0x42);
  std::array<unsigned char, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES> nonce{};
  const auto* header = reinterpret_cast<const unsigned char*>(env.data());
  const std::size_t payload = env.size() - fw::kHeaderBytes - fw::kTagBytes;
  std::vector<unsigned char> sealed(payload + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  std::vector<unsigned char> opened(payload);
  std::uint64_t counter = 0;
  for (auto _ : state) {
    ++counter;
    std::memcpy(nonce.data(), &counter, sizeof counter);
    unsigned long long sealed_len = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(sealed.data(), &sealed_len, header + fw::kHeaderBytes,
                                               payload, header, fw::kHeaderBytes, nullptr,
                                               nonce.data(), k.data());
    unsigned long long opened_len = 0;
    const int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
        opened.data(), &opened_len, nullptr, sealed.data(), sealed_len, header, fw::kHeaderBytes,
        nonce.data(), k.data());
    benchmark::DoNotOptimize(rc);
  }
  set_counters(state, env.size());
}

// Sealing with the raw key: HMAC processes the key for every datagram (what the first version
// did, before ChannelMacs kept the keyed state).
void SealOpenUnkeyed(benchmark::State& state) {
  const Bytes env = envelope_of(static_cast<std::size_t>(state.range(0)));
  const WireKey k = key();
  std::uint64_t counter = 0;
  for (auto _ : state) {
    Bytes sealed(env.begin(), env.end());
    fw::seal_envelope(sealed, ++counter, k, "s001-a");
    auto decoded = fw::decode_envelope(sealed);
    const bool ok = decoded.ok() && fw::envelope_authentic(decoded.value(), k, "s001-a");
    benchmark::DoNotOptimize(ok);
  }
  set_counters(state, env.size());
}

// The twin's stand-in (wire_keys.hpp, MacStrength::twin): SipHash-2-4 in the tag field.
void SealOpenTwin(benchmark::State& state) {
  const Bytes env = envelope_of(static_cast<std::size_t>(state.range(0)));
  const fw::WireMac k(key(), fw::MacStrength::twin);
  std::uint64_t counter = 0;
  for (auto _ : state) {
    Bytes sealed(env.begin(), env.end());
    fw::seal_envelope(sealed, ++counter, k, "s001-a");
    auto decoded = fw::decode_envelope(sealed);
    const bool ok = decoded.ok() && fw::envelope_authentic(decoded.value(), k, "s001-a");
    benchmark::DoNotOptimize(ok);
  }
  set_counters(state, env.size());
}

BENCHMARK(Copy)->Arg(60)->Arg(600);
BENCHMARK(SealOpenTwin)->Arg(60)->Arg(600);
BENCHMARK(SealOpenUnkeyed)->Arg(60)->Arg(600);
BENCHMARK(Seal)->Arg(60)->Arg(600);
BENCHMARK(Open)->Arg(60)->Arg(600);
BENCHMARK(SealOpen)->Arg(60)->Arg(600);
BENCHMARK(AeadSealOpen)->Arg(60)->Arg(600);

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) return 1;
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
