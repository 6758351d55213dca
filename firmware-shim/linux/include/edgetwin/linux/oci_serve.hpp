#pragma once
// The site peer's side of the registry pulls (issue 22, item 1): serves the images a box holds
// under `<state_dir>/images/` (oci_pull.hpp's layout) over the same OCI distribution API, so
// the site's other box pulls from its peer over the LAN and the site downloads each image over
// its WAN once. Read-only, GET and HEAD only:
//   /v2/                              200 (the API's version check)
//   /v2/<repo>/manifests/<tag>        the manifest stored by the pull, byte for byte, with its
//                                     Docker-Content-Digest
//   /v2/<repo>/blobs/sha256:<hex>     a verified blob (never a .partial); `Range: bytes=N-`
//                                     answers 206 from byte N, so a cut pull resumes
// Anything else is 404 (405 for other methods); a request head over kRequestBytesMax, a
// repository or tag not of oci_pull's forms, or a path with ".." is 400. One connection at a
// time (a site has one peer), each closed after its answer; a client silent for
// kClientTimeoutS is dropped.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace edgetwin::linux_box {

inline constexpr std::size_t kRequestBytesMax = 8 * 1024;
inline constexpr int kClientTimeoutS = 5;

struct OciServeConfig {
  std::filesystem::path state_dir;
  std::uint32_t ip = 0;  // host order
  std::uint16_t port = 0;
};

using OciServeEvents = std::function<void(std::string_view kind, nlohmann::ordered_json fields)>;

// Serves until the process is stopped; returns non-zero only when it cannot listen.
int oci_serve(const OciServeConfig& config, const OciServeEvents& events);

}  // namespace edgetwin::linux_box
