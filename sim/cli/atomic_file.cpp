#include "atomic_file.hpp"

#include <system_error>
#include <unistd.h>

namespace edgetwin::cli {

AtomicFile::AtomicFile(std::filesystem::path target)
    : target_(std::move(target)),
      temp_(target_.string() + ".tmp-" + std::to_string(::getpid())),
      out_(temp_, std::ios::binary | std::ios::trunc) {}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  out_.close();
  std::error_code ignored;
  std::filesystem::remove(temp_, ignored);
}

bool AtomicFile::commit(std::string& error) {
  out_.flush();
  if (!out_) {
    error = "cannot write " + temp_.string();
    return false;
  }
  out_.close();
  std::error_code ec;
  std::filesystem::rename(temp_, target_, ec);
  if (ec) {
    error = "cannot rename " + temp_.string() + " to " + target_.string() + ": " + ec.message();
    return false;
  }
  committed_ = true;
  return true;
}

}  // namespace edgetwin::cli
