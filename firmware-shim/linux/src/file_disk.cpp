#include "edgetwin/linux/file_disk.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <system_error>

namespace edgetwin::linux_box {
namespace {

bool plain(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

}  // namespace

FileDisk::FileDisk(std::string dir) : dir_(std::move(dir)) {
  if (mkdir(dir_.c_str(), 0700) < 0 && errno != EEXIST)
    throw std::system_error(errno, std::generic_category(), "mkdir " + dir_);
}

std::string FileDisk::path_of(std::string_view key) const {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string name = "k.";  // never "." or "..", never a temp name
  for (char c : key) {
    if (plain(c)) {
      name += c;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    name += '%';
    name += kHex[u >> 4];
    name += kHex[u & 0x0f];
  }
  return dir_ + "/" + name;
}

std::optional<fw::Bytes> FileDisk::read(std::string_view key) const {
  // O_NOFOLLOW: a symbolic link planted in the state directory is never followed.
  const int fd = open(path_of(key).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return std::nullopt;
  fw::Bytes out;
  std::byte chunk[4096];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) {
      close(fd);
      return out;
    }
    if (n < 0 || out.size() + static_cast<std::size_t>(n) > kValueBytesMax) {
      close(fd);
      return std::nullopt;  // unreadable or absurdly large: treated as absent
    }
    out.insert(out.end(), chunk, chunk + n);
  }
}

bool FileDisk::present(std::string_view key) const {
  struct stat st {};
  return lstat(path_of(key).c_str(), &st) == 0 || errno != ENOENT;
}

bool FileDisk::write_file(const std::string& path, std::span<const std::byte> value,
                          bool sync) const {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return false;
  std::size_t done = 0;
  while (done < value.size()) {
    const ssize_t n = ::write(fd, value.data() + done, value.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  const bool ok = done == value.size() && (!sync || fsync(fd) == 0);
  return close(fd) == 0 && ok;
}

bool FileDisk::sync_dir() const {
  const int fd = open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = fsync(fd) == 0;  // makes the rename itself durable
  return close(fd) == 0 && ok;
}

bool FileDisk::write(std::string_view key, std::span<const std::byte> value,
                     fw::Durability durability) {
  const bool sync = durability == fw::Durability::synced;
  const std::string path = path_of(key);
  const std::string temp = path + ".tmp";
  if (!write_file(temp, value, sync) || std::rename(temp.c_str(), path.c_str()) != 0) {
    ++write_errors_;
    unlink(temp.c_str());
    return false;
  }
  // The new value is in place but, if the directory did not sync, may not survive power loss.
  if (sync && !sync_dir()) {
    ++write_errors_;
    return false;
  }
  return true;
}

void FileDisk::remove(std::string_view key) {
  if (unlink(path_of(key).c_str()) == 0) sync_dir();
}

}  // namespace edgetwin::linux_box
