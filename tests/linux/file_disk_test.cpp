#include "edgetwin/linux/file_disk.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace edgetwin::linux_box {
namespace {

fw::Bytes bytes(std::string_view s) {
  fw::Bytes out;
  for (char c : s) out.push_back(static_cast<std::byte>(c));
  return out;
}

class FileDiskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("edgetwin-disk-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(FileDiskTest, WhatWasSyncedIsReadByTheNextIncarnation) {
  {
    FileDisk disk(dir_.string());
    disk.write("agent/boot_epoch", bytes("one"), fw::Durability::synced);
    disk.write("agent/boot_epoch", bytes("two"), fw::Durability::synced);
  }
  FileDisk again(dir_.string());  // as after kill -9 and a restart
  EXPECT_EQ(again.read("agent/boot_epoch"), bytes("two"));
  EXPECT_EQ(again.write_errors(), 0u);
}

TEST_F(FileDiskTest, KeysBecomeSafeFileNamesAndNoTemporaryIsLeft) {
  FileDisk disk(dir_.string());
  disk.write("../etc/passwd", bytes("x"), fw::Durability::unsynced);
  disk.write("a/b", bytes(""), fw::Durability::synced);
  EXPECT_EQ(disk.path_of("a/b"), (dir_ / "k.a%2Fb").string());
  EXPECT_EQ(disk.path_of("../etc/passwd"), (dir_ / "k...%2Fetc%2Fpasswd").string());
  EXPECT_EQ(disk.read("../etc/passwd"), bytes("x"));
  EXPECT_EQ(disk.read("a/b"), bytes(""));  // empty is a value, not absence
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir_))
    files.push_back(e.path().filename());
  std::sort(files.begin(), files.end());
  EXPECT_EQ(files, (std::vector<std::string>{"k...%2Fetc%2Fpasswd", "k.a%2Fb"}));
}

TEST_F(FileDiskTest, RemovedAndMissingKeysReadAsAbsent) {
  FileDisk disk(dir_.string());
  EXPECT_EQ(disk.read("never"), std::nullopt);
  disk.write("k", bytes("v"), fw::Durability::synced);
  disk.remove("k");
  EXPECT_EQ(disk.read("k"), std::nullopt);
}

TEST_F(FileDiskTest, AFailedWriteReturnsFalseIsCountedAndKeepsTheOldValue) {
  FileDisk disk(dir_.string());
  EXPECT_TRUE(disk.write("k", bytes("old"), fw::Durability::synced));
  // A directory where the temporary file would go: the write cannot happen.
  std::filesystem::create_directory(disk.path_of("k") + ".tmp");
  EXPECT_FALSE(disk.write("k", bytes("new"), fw::Durability::synced)) << "the firmware is told";
  EXPECT_FALSE(disk.write("k", bytes("new"), fw::Durability::unsynced));
  EXPECT_EQ(disk.write_errors(), 2u);
  EXPECT_EQ(disk.read("k"), bytes("old"));
}

// Someone who can write in the state directory (or a stale link) must not make the daemon
// write through a symbolic link into another file, nor read its state from one.
TEST_F(FileDiskTest, StateFilesAreNeverOpenedThroughASymbolicLink) {
  FileDisk disk(dir_.string());
  EXPECT_TRUE(disk.write("k", bytes("old"), fw::Durability::synced));
  const auto victim = dir_ / "victim";
  { std::ofstream(victim) << "precious"; }
  std::filesystem::create_symlink(victim, disk.path_of("k") + ".tmp");
  EXPECT_FALSE(disk.write("k", bytes("new"), fw::Durability::synced));
  EXPECT_EQ(disk.read("k"), bytes("old"));
  std::filesystem::remove(disk.path_of("k") + ".tmp");
  std::filesystem::remove(disk.path_of("k"));
  std::filesystem::create_symlink(victim, disk.path_of("k"));
  EXPECT_EQ(disk.read("k"), std::nullopt);
  std::ifstream in(victim);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "precious");
}

}  // namespace
}  // namespace edgetwin::linux_box
