#include "edgetwin/linux/oci_serve.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sodium.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <optional>
#include <regex>

namespace edgetwin::linux_box {
namespace {

// The forms oci_pull accepts: nothing else is looked up on disk (no "..", no absolute path).
const std::regex kRepository("[a-z0-9]+([._/-][a-z0-9]+)*");
const std::regex kTag("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
const std::regex kDigest("sha256:[0-9a-f]{64}");

struct Request {
  std::string method;
  std::string path;
  std::optional<std::uint64_t> range_from;  // Range: bytes=N-
};

bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::optional<Request> read_request(int fd) {
  std::string head;
  std::array<char, 2048> buf{};
  while (head.find("\r\n\r\n") == std::string::npos) {
    if (head.size() > kRequestBytesMax) return std::nullopt;
    const ssize_t n = recv(fd, buf.data(), buf.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    head.append(buf.data(), static_cast<std::size_t>(n));
  }
  Request r;
  const auto line_end = head.find("\r\n");
  const std::string line = head.substr(0, line_end);
  const auto sp1 = line.find(' ');
  const auto sp2 = line.find(' ', sp1 + 1);
  if (sp1 == std::string::npos || sp2 == std::string::npos) return std::nullopt;
  r.method = line.substr(0, sp1);
  r.path = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string lower = head;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (const auto at = lower.find("\r\nrange: bytes="); at != std::string::npos) {
    const auto from = at + 15;
    const auto dash = lower.find('-', from);
    const std::string digits = lower.substr(from, dash - from);
    if (dash == std::string::npos || digits.empty() || digits.size() > 19 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::nullopt;
    r.range_from = std::stoull(digits);
  }
  return r;
}

void answer(int fd, int status, std::string_view reason, const std::string& body = {}) {
  send_all(fd, "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) +
                   "\r\nContent-Length: " + std::to_string(body.size()) +
                   "\r\nConnection: close\r\n\r\n" + body);
}

std::optional<std::string> read_small(const std::filesystem::path& path, std::size_t max) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return std::nullopt;
  std::string out;
  std::array<char, 8192> buf{};
  for (ssize_t n; (n = read(fd, buf.data(), buf.size())) > 0 && out.size() <= max;)
    out.append(buf.data(), static_cast<std::size_t>(n));
  close(fd);
  if (out.size() > max) return std::nullopt;
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> h{};
  crypto_hash_sha256(h.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  std::string hex(2 * h.size(), '0');
  sodium_bin2hex(hex.data(), hex.size() + 1, h.data(), h.size());
  return "sha256:" + hex;
}

// Returns the status sent, for the event.
int serve_manifest(int fd, const Request& r, const std::filesystem::path& images,
                   const std::string& repo, const std::string& ref) {
  if (!std::regex_match(ref, kTag) && !std::regex_match(ref, kDigest))
    return answer(fd, 400, "Bad Request"), 400;
  std::string name = ref;
  std::replace(name.begin(), name.end(), ':', '_');
  const auto body = read_small(images / "manifests" / repo / (name + ".json"), 64 * 1024);
  if (!body) return answer(fd, 404, "Not Found"), 404;
  std::string type = "application/vnd.oci.image.manifest.v1+json";
  const auto doc = nlohmann::json::parse(*body, nullptr, false);
  if (doc.is_object() && doc.contains("mediaType") && doc["mediaType"].is_string())
    type = doc["mediaType"].get<std::string>();
  std::string head = "HTTP/1.1 200 OK\r\nContent-Type: " + type +
                     "\r\nDocker-Content-Digest: " + sha256_hex(*body) +
                     "\r\nContent-Length: " + std::to_string(body->size()) +
                     "\r\nConnection: close\r\n\r\n";
  send_all(fd, r.method == "HEAD" ? head : head + *body);
  return 200;
}

int serve_blob(int fd, const Request& r, const std::filesystem::path& images,
               const std::string& digest, std::uint64_t& sent) {
  if (!std::regex_match(digest, kDigest)) return answer(fd, 400, "Bad Request"), 400;
  // Only a verified blob: a .partial has another name and is never served.
  const auto path = images / "blobs" / "sha256" / digest.substr(7);
  const int file = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  struct stat st {};
  if (file < 0 || fstat(file, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (file >= 0) close(file);
    return answer(fd, 404, "Not Found"), 404;
  }
  const auto size = static_cast<std::uint64_t>(st.st_size);
  const std::uint64_t from = r.range_from.value_or(0);
  if (from > size || (r.range_from && from == size)) {
    close(file);
    return answer(fd, 416, "Range Not Satisfiable"), 416;
  }
  const int status = r.range_from ? 206 : 200;
  std::string head =
      std::string("HTTP/1.1 ") + (status == 206 ? "206 Partial Content" : "200 OK") +
      "\r\nContent-Type: application/octet-stream\r\nDocker-Content-Digest: " + digest +
      "\r\nContent-Length: " + std::to_string(size - from) + "\r\n";
  if (status == 206)
    head += "Content-Range: bytes " + std::to_string(from) + "-" + std::to_string(size - 1) + "/" +
            std::to_string(size) + "\r\n";
  head += "Connection: close\r\n\r\n";
  bool ok = send_all(fd, head);
  if (ok && r.method == "GET" && lseek(file, static_cast<off_t>(from), SEEK_SET) >= 0) {
    std::array<char, 65536> buf{};
    for (ssize_t n; ok && (n = read(file, buf.data(), buf.size())) > 0;) {
      ok = send_all(fd, {buf.data(), static_cast<std::size_t>(n)});
      if (ok) sent += static_cast<std::uint64_t>(n);
    }
  }
  close(file);
  return status;
}

void serve_one(int fd, const std::filesystem::path& images, const OciServeEvents& events) {
  const timeval timeout{kClientTimeoutS, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  const auto r = read_request(fd);
  if (!r) return answer(fd, 400, "Bad Request");
  if (r->method != "GET" && r->method != "HEAD") return answer(fd, 405, "Method Not Allowed");
  std::uint64_t sent = 0;
  int status = 404;
  const std::string& p = r->path;
  const auto manifests = p.rfind("/manifests/");
  const auto blobs = p.rfind("/blobs/");
  if (p == "/v2/" || p == "/v2") {
    answer(fd, 200, "OK", "{}");
    status = 200;
  } else if (p.rfind("/v2/", 0) != 0 || p.find("..") != std::string::npos) {
    answer(fd, 400, "Bad Request");
    status = 400;
  } else if (manifests != std::string::npos || blobs != std::string::npos) {
    const bool is_manifest = manifests != std::string::npos;
    const auto cut = is_manifest ? manifests : blobs;
    const std::string repo = p.substr(4, cut - 4);
    const std::string rest = p.substr(cut + (is_manifest ? 11 : 7));
    if (!std::regex_match(repo, kRepository)) {
      answer(fd, 400, "Bad Request");
      status = 400;
    } else {
      status = is_manifest ? serve_manifest(fd, *r, images, repo, rest)
                           : serve_blob(fd, *r, images, rest, sent);
    }
  } else {
    answer(fd, 404, "Not Found");
  }
  nlohmann::ordered_json fields{{"method", r->method}, {"path", p}, {"status", status}};
  if (r->range_from) fields["range_from"] = *r->range_from;
  fields["bytes"] = sent;
  events("serve.request", std::move(fields));
}

}  // namespace

int oci_serve(const OciServeConfig& config, const OciServeEvents& events) {
  if (sodium_init() < 0) return 1;
  const int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(config.ip);
  sa.sin_port = htons(config.port);
  if (listener < 0 || bind(listener, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 ||
      listen(listener, 16) != 0) {
    events("serve.error", {{"error", std::string("cannot listen: ") + std::strerror(errno)}});
    return 1;
  }
  events("serve.listening", {{"port", config.port}});
  const auto images = config.state_dir / "images";
  for (;;) {
    const int fd = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    serve_one(fd, images, events);
    shutdown(fd, SHUT_WR);
    close(fd);
  }
}

}  // namespace edgetwin::linux_box
