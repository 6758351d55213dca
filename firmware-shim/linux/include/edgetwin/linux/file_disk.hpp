#pragma once
// Durable state of a real box: one file per key under a state directory. A write goes to a
// temporary file which is renamed over the old one, so a reader (or the next boot, after a
// kill -9 or a power loss) sees the old value or the new one, never a torn mix. A `synced`
// write also fsyncs the file before the rename and the directory after it: once write()
// returns, the value survives a power loss. `unsynced` skips both fsyncs (survives a crash of
// the daemon and a clean reboot, since the page cache is written back, but not a power loss).
#include <cstdint>
#include <string>

#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::linux_box {

class FileDisk final : public fw::Disk {
 public:
  static constexpr std::size_t kValueBytesMax = 64 * 1024 * 1024;  // refuse to read more

  // Creates `dir` (one level) if missing; throws std::system_error when it cannot.
  explicit FileDisk(std::string dir);

  std::optional<fw::Bytes> read(std::string_view key) const override;
  // True unless the file is known not to exist: an unreadable file is present.
  bool present(std::string_view key) const override;
  // False when the file could not be written, synced or renamed, or the directory synced.
  bool write(std::string_view key, std::span<const std::byte> value, fw::Durability) override;
  void remove(std::string_view key) override;

  // Writes that failed (disk full, read-only): write() returns false and the firmware reacts;
  // they are also counted here and reported by the daemon.
  std::uint64_t write_errors() const { return write_errors_; }
  // The file that holds `key`: letters, digits, '.', '_' and '-' stay, the rest is %XX.
  std::string path_of(std::string_view key) const;

 private:
  bool write_file(const std::string& path, std::span<const std::byte> value, bool sync) const;
  bool sync_dir() const;

  std::string dir_;
  std::uint64_t write_errors_ = 0;
};

}  // namespace edgetwin::linux_box
