#include <gtest/gtest.h>

#include "edgetwin/firmware/base/memory_disk.hpp"

namespace edgetwin::fw {
namespace {

Bytes bytes_of(std::string_view s) {
  Bytes b;
  for (char c : s) b.push_back(static_cast<std::byte>(c));
  return b;
}

TEST(MemoryDisk, SyncedWritesSurvivePowerLossUnsyncedDoNot) {
  MemoryDisk disk;
  disk.write("a", bytes_of("synced"), Durability::synced);
  disk.write("a", bytes_of("later"), Durability::unsynced);
  disk.write("b", bytes_of("never synced"), Durability::unsynced);
  EXPECT_EQ(disk.read("a"), bytes_of("later"));
  disk.power_loss();
  EXPECT_EQ(disk.read("a"), bytes_of("synced"));
  EXPECT_FALSE(disk.read("b"));
}

TEST(MemoryDisk, WipeLosesEverything) {
  MemoryDisk disk;
  disk.write("a", bytes_of("x"), Durability::synced);
  disk.wipe();
  EXPECT_FALSE(disk.read("a"));
}

TEST(MemoryDisk, FailedWritesChangeNothingAndSayso) {
  MemoryDisk disk;
  EXPECT_TRUE(disk.write("a", bytes_of("old"), Durability::synced));
  disk.fail_writes(2);
  EXPECT_FALSE(disk.write("a", bytes_of("new"), Durability::synced));
  EXPECT_FALSE(disk.write("b", bytes_of("new"), Durability::unsynced));
  EXPECT_EQ(disk.read("a"), bytes_of("old"));
  EXPECT_FALSE(disk.read("b"));
  EXPECT_TRUE(disk.write("b", bytes_of("new"), Durability::synced));  // only the next two failed
  EXPECT_EQ(disk.failed_writes(), 2u);
}

}  // namespace
}  // namespace edgetwin::fw
