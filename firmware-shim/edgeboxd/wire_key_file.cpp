#include "wire_key_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string_view>

namespace edgetwin::edgeboxd {
namespace {

using R = fw::Result<fw::WireKey, std::string>;

constexpr std::size_t kHexDigits = 2 * fw::kWireKeyBytes;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

R parse_key(std::string_view text, const std::string& path) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (text.size() != kHexDigits)
    return R::failure(path + ": want exactly " + std::to_string(kHexDigits) + " hex digits");
  fw::WireKey key{};
  for (std::size_t i = 0; i < key.size(); ++i) {
    const int high = hex_value(text[2 * i]);
    const int low = hex_value(text[2 * i + 1]);
    if (high < 0 || low < 0) return R::failure(path + ": not a hex digit at " + std::to_string(2 * i));
    key[i] = static_cast<unsigned char>(high * 16 + low);
  }
  return key;
}

}  // namespace

R read_wire_key_file(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return R::failure(path + ": " + std::strerror(errno));
  struct stat st {};
  std::array<char, kHexDigits + 2> buffer{};  // one more than a key and its newline
  ssize_t n = -1;
  std::string error;
  if (fstat(fd, &st) != 0)
    error = path + ": " + std::strerror(errno);
  else if (!S_ISREG(st.st_mode))
    error = path + ": not a regular file";
  else if (st.st_uid != geteuid())
    error = path + ": not owned by the daemon's user";
  else if ((st.st_mode & 077) != 0)
    error = path + ": readable or writable by others (want mode 0600)";
  else if ((n = read(fd, buffer.data(), buffer.size())) < 0)
    error = path + ": " + std::strerror(errno);
  close(fd);
  if (!error.empty()) return R::failure(error);
  return parse_key(std::string_view(buffer.data(), static_cast<std::size_t>(n)), path);
}

}  // namespace edgetwin::edgeboxd
