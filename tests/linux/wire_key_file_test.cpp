// edgeboxd's key files (wire_key_file.hpp): read only when the daemon's user alone can read
// them, and only when they hold exactly one key.
#include "wire_key_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace edgetwin::edgeboxd {
namespace {

const std::string kHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

struct KeyFile {
  explicit KeyFile(const std::string& text, mode_t mode = 0600) {
    path = std::filesystem::temp_directory_path() /
           ("edgeboxd-key-" + std::to_string(getpid()) + "-" + std::to_string(++serial_));
    std::ofstream(path) << text;
    chmod(path.c_str(), mode);
  }
  ~KeyFile() { std::filesystem::remove(path); }
  std::filesystem::path path;
  static inline int serial_ = 0;
};

TEST(WireKeyFile, ReadsAPrivateKeyFile) {
  KeyFile f(kHex + "\n");
  auto key = read_wire_key_file(f.path);
  ASSERT_TRUE(key) << key.error();
  EXPECT_EQ(key.value()[0], 0x00);
  EXPECT_EQ(key.value()[31], 0x1f);
}

TEST(WireKeyFile, RefusesAFileOthersCanRead) {
  KeyFile f(kHex, 0644);
  auto key = read_wire_key_file(f.path);
  ASSERT_FALSE(key);
  EXPECT_NE(key.error().find("mode 0600"), std::string::npos) << key.error();
}

TEST(WireKeyFile, RefusesASymbolicLink) {
  KeyFile f(kHex);
  const auto link = f.path.string() + ".link";
  std::filesystem::create_symlink(f.path, link);
  EXPECT_FALSE(read_wire_key_file(link));
  std::filesystem::remove(link);
}

TEST(WireKeyFile, RefusesAnythingButSixtyFourHexDigits) {
  for (const std::string& text : {kHex.substr(2), kHex + "00", "0x" + kHex.substr(2),
                                  kHex.substr(0, 63) + "g", std::string()}) {
    KeyFile f(text);
    EXPECT_FALSE(read_wire_key_file(f.path)) << text;
  }
  EXPECT_FALSE(read_wire_key_file("/nonexistent/edgeboxd.key"));
}

}  // namespace
}  // namespace edgetwin::edgeboxd
