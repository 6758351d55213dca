#pragma once
// Output files appear whole or not at all: written beside the target and renamed into place
// when complete, so a failed or interrupted run leaves nothing half-written.
#include <filesystem>
#include <fstream>
#include <string>

namespace edgetwin::cli {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();  // discards the temporary file unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  bool is_open() const { return out_.is_open(); }
  std::ofstream& stream() { return out_; }
  // Flushes and renames into place; false (and a message in `error`) on failure.
  bool commit(std::string& error);

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace edgetwin::cli
