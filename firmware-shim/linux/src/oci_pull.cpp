#include "edgetwin/linux/oci_pull.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <optional>
#include <regex>
#include <vector>

namespace edgetwin::linux_box {

std::string_view to_string(OciPullError e) {
  switch (e) {
    case OciPullError::none:
      return "none";
    case OciPullError::bad_request:
      return "bad_request";
    case OciPullError::unreachable:
      return "unreachable";
    case OciPullError::http_status:
      return "http_status";
    case OciPullError::manifest_oversize:
      return "manifest_oversize";
    case OciPullError::manifest_malformed:
      return "manifest_malformed";
    case OciPullError::manifest_digest:
      return "manifest_digest";
    case OciPullError::blob_oversize:
      return "blob_oversize";
    case OciPullError::wrong_digest:
      return "wrong_digest";
    case OciPullError::truncated:
      return "truncated";
    case OciPullError::write_failed:
      return "write_failed";
  }
  return "unknown";
}

namespace {

namespace fs = std::filesystem;

const std::regex kDigest("sha256:[0-9a-f]{64}");
const std::regex kRepository("[a-z0-9]+([._/-][a-z0-9]+)*");
const std::regex kTag("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

struct Failure {
  OciPullError error;
  std::string detail;
};

std::string hex_of(const unsigned char* bytes, std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 15];
  }
  return out;
}

std::string sha256_digest(std::string_view bytes) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> h{};
  crypto_hash_sha256(h.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return "sha256:" + hex_of(h.data(), h.size());
}

std::optional<std::string> sha256_of_file(const fs::path& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return std::nullopt;
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::vector<unsigned char> buffer(1 << 16);
  ssize_t n = 0;
  while ((n = read(fd, buffer.data(), buffer.size())) > 0)
    crypto_hash_sha256_update(&state, buffer.data(), static_cast<unsigned long long>(n));
  close(fd);
  if (n < 0) return std::nullopt;
  std::array<unsigned char, crypto_hash_sha256_BYTES> h{};
  crypto_hash_sha256_final(&state, h.data());
  return "sha256:" + hex_of(h.data(), h.size());
}

bool fsync_dir(const fs::path& dir) {
  const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = fsync(fd) == 0;
  close(fd);
  return ok;
}

// temp file, fsync, rename, fsync of the directory: a reader sees the old file or the new one.
bool write_atomically(const fs::path& path, std::string_view bytes) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  const fs::path tmp = path.string() + ".tmp";
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return false;
  bool ok = write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
  ok = ok && fsync(fd) == 0;
  close(fd);
  ok = ok && rename(tmp.c_str(), path.c_str()) == 0;
  return ok && fsync_dir(path.parent_path());
}

// One GET. `sink` takes the body in pieces and returns false to cut the transfer.
struct Response {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string error;
};

struct SinkBox {
  std::function<bool(std::string_view)> sink;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* box = static_cast<SinkBox*>(user);
  return box->sink(std::string_view(data, size * count)) ? size * count : 0;
}

Response http_get(const OciPullRequest& request, const std::string& path,
                  const std::vector<std::string>& headers,
                  std::function<bool(std::string_view)> sink) {
  CURL* curl = curl_easy_init();
  Response r;
  if (!curl) {
    r.code = CURLE_FAILED_INIT;
    return r;
  }
  const std::string url = request.registry + path;
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  SinkBox box{std::move(sink)};
  std::array<char, CURL_ERROR_SIZE> error{};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &box);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error.data());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  // An error answer's body (a 404's JSON) never reaches the sink, so never a partial blob.
  curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);  // a registry may redirect blob reads
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 3L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, request.connect_timeout_s);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, request.stall_timeout_s);
  r.code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  r.error = error[0] ? error.data() : curl_easy_strerror(r.code);
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  return r;
}

struct BlobRef {
  std::string digest;
  std::uint64_t size = 0;
};

std::optional<BlobRef> blob_ref(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("digest") || !j.contains("size")) return std::nullopt;
  const auto& d = j["digest"];
  const auto& s = j["size"];
  if (!d.is_string() || !s.is_number_unsigned()) return std::nullopt;
  BlobRef b{d.get<std::string>(), s.get<std::uint64_t>()};
  if (!std::regex_match(b.digest, kDigest) || b.size > kBlobBytesMax) return std::nullopt;
  return b;
}

// The config first, then the layers, as the manifest lists them.
std::optional<std::vector<BlobRef>> blobs_of(std::string_view manifest) {
  const auto j = nlohmann::json::parse(manifest, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("schemaVersion", 0) != 2) return std::nullopt;
  if (!j.contains("config") || !j.contains("layers") || !j["layers"].is_array())
    return std::nullopt;
  if (j["layers"].size() > kLayersMax) return std::nullopt;
  std::vector<BlobRef> out;
  for (const auto* part : {&j["config"]}) {
    auto b = blob_ref(*part);
    if (!b) return std::nullopt;
    out.push_back(*b);
  }
  for (const auto& layer : j["layers"]) {
    auto b = blob_ref(layer);
    if (!b) return std::nullopt;
    out.push_back(*b);
  }
  return out;
}

constexpr const char* kAccept =
    "Accept: application/vnd.oci.image.manifest.v1+json, "
    "application/vnd.docker.distribution.manifest.v2+json";

std::optional<Failure> fetch_manifest(const OciPullRequest& request, std::string& body) {
  bool oversize = false;
  const Response r =
      http_get(request, "/v2/" + request.repository + "/manifests/" + request.reference, {kAccept},
               [&](std::string_view piece) {
                 if (body.size() + piece.size() > kManifestBytesMax) {
                   oversize = true;
                   return false;
                 }
                 body.append(piece);
                 return true;
               });
  if (oversize)
    return Failure{OciPullError::manifest_oversize,
                   "over " + std::to_string(kManifestBytesMax) + " bytes"};
  if (r.status >= 400 || (r.code == CURLE_OK && r.status != 200))
    return Failure{OciPullError::http_status, "manifest: HTTP " + std::to_string(r.status)};
  if (r.code != CURLE_OK) return Failure{OciPullError::unreachable, r.error};
  if (std::regex_match(request.reference, kDigest) && sha256_digest(body) != request.reference)
    return Failure{OciPullError::manifest_digest, "hashed to " + sha256_digest(body)};
  return std::nullopt;
}

std::uint64_t regular_file_size(const fs::path& path) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  return static_cast<std::uint64_t>(st.st_size);
}

// Appends the rest of the blob to its .partial file (from its end: a Range request), then
// hashes the whole and renames it to its final name. A cut keeps the partial bytes; a wrong
// digest deletes them (they cannot be trusted to resume from).
std::optional<Failure> fetch_blob(const OciPullRequest& request, const BlobRef& blob,
                                  OciPullResult& result, const OciEventSink& events) {
  const fs::path final_path = oci_blob_path(request.state_dir, blob.digest);
  if (regular_file_size(final_path) == blob.size && fs::is_regular_file(final_path)) {
    result.bytes_present += blob.size;
    return std::nullopt;
  }
  std::error_code ec;
  fs::create_directories(final_path.parent_path(), ec);
  const fs::path partial = final_path.string() + ".partial";
  std::uint64_t offset = regular_file_size(partial);
  if (offset > blob.size) offset = 0;
  const int fd = open(partial.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Failure{OciPullError::write_failed, partial.string()};
  if (ftruncate(fd, static_cast<off_t>(offset)) != 0 || lseek(fd, 0, SEEK_END) < 0) {
    close(fd);
    return Failure{OciPullError::write_failed, partial.string()};
  }
  const std::uint64_t resumed = offset;
  std::uint64_t have = offset;
  bool oversize = false;
  bool write_error = false;
  std::vector<std::string> headers;
  if (offset > 0 && offset < blob.size)
    headers.push_back("Range: bytes=" + std::to_string(offset) + "-");
  Response r;
  if (offset < blob.size) {
    r = http_get(
        request, "/v2/" + request.repository + "/blobs/" + blob.digest, headers,
        [&](std::string_view piece) {
          if (have + piece.size() > blob.size) {
            oversize = true;
            return false;
          }
          if (write(fd, piece.data(), piece.size()) != static_cast<ssize_t>(piece.size())) {
            write_error = true;
            return false;
          }
          have += piece.size();
          result.bytes_fetched += piece.size();
          return true;
        });
  }
  const bool synced = fsync(fd) == 0;
  close(fd);
  if (write_error || !synced) return Failure{OciPullError::write_failed, partial.string()};
  // Also a registry that ignored the Range and sent the whole blob after the kept bytes: the
  // partial bytes are dropped and the next try starts from zero.
  if (oversize) {
    fs::remove(partial, ec);
    return Failure{OciPullError::blob_oversize,
                   blob.digest + ": more than " + std::to_string(blob.size) + " bytes"};
  }
  if (have == 0) fs::remove(partial, ec);  // nothing to resume from: no empty file left behind
  const bool answered = r.code == CURLE_OK || r.status >= 400;
  if (offset < blob.size && answered && r.status != 200 && r.status != 206)
    return Failure{OciPullError::http_status, blob.digest + ": HTTP " + std::to_string(r.status)};
  if (have < blob.size)
    return Failure{OciPullError::truncated, blob.digest + ": " + std::to_string(have) + " of " +
                                                std::to_string(blob.size) + " bytes (" + r.error +
                                                ")"};
  const auto digest = sha256_of_file(partial);
  if (!digest) return Failure{OciPullError::write_failed, partial.string()};
  if (*digest != blob.digest) {
    fs::remove(partial, ec);
    return Failure{OciPullError::wrong_digest, blob.digest + " hashed to " + *digest};
  }
  if (rename(partial.c_str(), final_path.c_str()) != 0 || !fsync_dir(final_path.parent_path()))
    return Failure{OciPullError::write_failed, final_path.string()};
  result.bytes_resumed += resumed;
  events("pull.blob", {{"digest", blob.digest},
                       {"bytes", blob.size},
                       {"fetched", blob.size - resumed},
                       {"resumed_from", resumed}});
  return std::nullopt;
}

std::string manifest_file_name(const std::string& reference) {
  std::string name = reference;
  std::replace(name.begin(), name.end(), ':', '_');
  return name + ".json";
}

std::optional<Failure> pull(const OciPullRequest& request, OciPullResult& result,
                            const OciEventSink& events) {
  const bool by_digest = std::regex_match(request.reference, kDigest);
  if (!std::regex_match(request.repository, kRepository) ||
      (!by_digest && !std::regex_match(request.reference, kTag)))
    return Failure{OciPullError::bad_request, request.repository + ":" + request.reference};
  std::string manifest;
  if (auto f = fetch_manifest(request, manifest)) return f;
  result.manifest_digest = sha256_digest(manifest);
  const auto blobs = blobs_of(manifest);
  if (!blobs) return Failure{OciPullError::manifest_malformed, "not an image manifest in bounds"};
  events(
      "pull.manifest",
      {{"digest", result.manifest_digest}, {"bytes", manifest.size()}, {"blobs", blobs->size()}});
  for (const auto& blob : *blobs)
    if (auto f = fetch_blob(request, blob, result, events)) return f;
  const fs::path path = request.state_dir / "images" / "manifests" / request.repository /
                        manifest_file_name(request.reference);
  if (!write_atomically(path, manifest)) return Failure{OciPullError::write_failed, path.string()};
  return std::nullopt;
}

}  // namespace

fs::path oci_blob_path(const fs::path& state_dir, std::string_view digest) {
  const std::string_view hex = digest.substr(std::min<std::size_t>(digest.size(), 7));
  return state_dir / "images" / "blobs" / "sha256" / std::string(hex);
}

OciPullResult oci_pull(const OciPullRequest& request, const OciEventSink& events) {
  static const bool curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  OciPullResult result;
  std::optional<Failure> failure;
  if (!curl_ready || sodium_init() < 0)
    failure = Failure{OciPullError::unreachable, "libcurl or libsodium did not initialise"};
  else
    failure = pull(request, result, events);
  if (failure) {
    result.error = failure->error;
    result.detail = failure->detail;
    events("pull." + std::string(to_string(failure->error)),
           {{"image", request.repository + ":" + request.reference}, {"detail", failure->detail}});
    return result;
  }
  events("pull.done", {{"image", request.repository + ":" + request.reference},
                       {"manifest", result.manifest_digest},
                       {"fetched", result.bytes_fetched},
                       {"present", result.bytes_present},
                       {"resumed", result.bytes_resumed}});
  return result;
}

}  // namespace edgetwin::linux_box
