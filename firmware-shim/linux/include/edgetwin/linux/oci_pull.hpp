#pragma once
// Images from a registry over the OCI distribution API (issue 22, item 1): the manifest, then
// each blob (the config and the layer tarballs), each checked against its sha256 digest,
// resumed with an HTTP Range after a cut, written atomically under the state directory. One
// blocking transfer at a time over libcurl's easy API: edgeboxd runs it as `edgeboxd pull`, a
// child process, so that a slow registry never stalls the firmware's loop (its VRRP adverts).
//
// Layout under `<state_dir>/images/`:
//   blobs/sha256/<hex>            a verified blob: written under this name only once its bytes
//                                 hashed to <hex>
//   blobs/sha256/<hex>.partial    the bytes of a cut download, resumed from their end
//   manifests/<repo>/<ref>.json   written last, once every blob is verified: an image is
//                                 present exactly when its manifest is, never half-written
//
// Bad input is a named failure, never a crash nor a half-written image: a manifest over
// kManifestBytesMax, one that does not parse, a blob over kBlobBytesMax or longer than its
// manifest says, a blob whose bytes hash to another digest (deleted, fetched again from zero
// on the next try) or one cut short (kept, resumed on the next try).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace edgetwin::linux_box {

struct OciPullRequest {
  std::string registry;    // base URL: "http://127.0.0.1:5000"
  std::string repository;  // "apps/hello": lowercase letters, digits, '.', '_', '-', '/'
  std::string reference;   // a tag, or "sha256:<64 hex digits>" (then the manifest must hash to it)
  std::filesystem::path state_dir;
  long connect_timeout_s = 5;
  long stall_timeout_s = 10;  // a transfer slower than 1 byte/s for this long is cut
};

inline constexpr std::uint64_t kManifestBytesMax = 64 * 1024;
inline constexpr std::uint64_t kBlobBytesMax = std::uint64_t{4} << 30;
inline constexpr std::size_t kLayersMax = 128;

enum class OciPullError {
  none,
  bad_request,         // repository or reference not of the allowed form
  unreachable,         // no HTTP answer (connection refused, timeout)
  http_status,         // an answer other than 200/206 (404: no such image)
  manifest_oversize,   // over kManifestBytesMax
  manifest_malformed,  // not an image manifest with sha256 digests and sizes in bounds
  manifest_digest,     // a manifest asked for by digest hashed to another
  blob_oversize,       // more bytes than the manifest said
  wrong_digest,        // the whole blob hashed to another digest
  truncated,           // the transfer ended before the blob's size
  write_failed,        // the state directory refused a write
};
std::string_view to_string(OciPullError e);

struct OciPullResult {
  OciPullError error = OciPullError::none;
  std::string detail;
  std::string manifest_digest;
  std::uint64_t bytes_fetched = 0;  // blob bytes received this time
  std::uint64_t bytes_present = 0;  // blob bytes already verified here (not fetched)
  std::uint64_t bytes_resumed = 0;  // partial bytes kept from an earlier cut
  bool ok() const { return error == OciPullError::none; }
};

// Receives `pull.manifest`, `pull.blob`, `pull.done` and, on failure, `pull.<error>` events.
using OciEventSink = std::function<void(std::string_view kind, nlohmann::ordered_json fields)>;

OciPullResult oci_pull(const OciPullRequest& request, const OciEventSink& events);

// Where a verified blob lives (whether or not it is there).
std::filesystem::path oci_blob_path(const std::filesystem::path& state_dir,
                                    std::string_view digest);

}  // namespace edgetwin::linux_box
