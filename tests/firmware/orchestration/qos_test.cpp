#include "edgetwin/firmware/orchestration/qos.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <string>
#include <vector>

namespace edgetwin::fw {
namespace {

ContainerSpec spec(double cpu, double cpu_limit, double memory, double memory_limit,
                   const std::string& priority = "") {
  ContainerSpec s;
  s.name = "c";
  s.cpu_request = cpu;
  s.cpu_limit = cpu_limit;
  s.memory_request_mib = memory;
  s.memory_limit_mib = memory_limit;
  s.priority = priority;
  return s;
}

TEST(Qos, ClassesFollowFromRequestsAndLimits) {
  EXPECT_EQ(qos_class(spec(2, 2, 1024, 1024)), QosClass::guaranteed);
  EXPECT_EQ(qos_class(spec(2, 4, 1024, 1024)), QosClass::burstable);
  EXPECT_EQ(qos_class(spec(2, 2, 1024, 2048)), QosClass::burstable);
  EXPECT_EQ(qos_class(spec(0, 4, 0, 0)), QosClass::burstable);
  EXPECT_EQ(qos_class(spec(0, 0, 0, 0)), QosClass::best_effort);
  EXPECT_EQ(to_string(QosClass::best_effort), "best-effort");
}

TEST(Qos, PriorityRanks) {
  EXPECT_GT(priority_rank("critical"), priority_rank("high"));
  EXPECT_GT(priority_rank("high"), priority_rank(""));
  EXPECT_EQ(priority_rank("normal"), priority_rank(""));
  EXPECT_GT(priority_rank(""), priority_rank("low"));
}

TEST(Qos, RequestsAreGuaranteedUnderContention) {
  // 8 CPUs; a wants 6 with request 4; b wants 6 with request 2; c wants 8, best-effort.
  const auto g = share_cpu(8, {{4, 8, 6}, {2, 8, 6}, {0, 0, 8}});
  EXPECT_DOUBLE_EQ(g[0] + g[1] + g[2], 8);
  EXPECT_GE(g[0], 4);
  EXPECT_GE(g[1], 2);
  // The 2 idle CPUs are lent by request weight: a twice as much as b, c next to nothing.
  EXPECT_NEAR(g[0] - 4, 2 * (g[1] - 2), 0.05);
  EXPECT_LT(g[2], 0.01);
}

TEST(Qos, BorrowingStopsAtTheLimitAndIdleGoesRound) {
  // a may borrow up to its limit 3; what it cannot take goes to b.
  const auto g = share_cpu(10, {{2, 3, 9}, {2, 10, 9}});
  EXPECT_DOUBLE_EQ(g[0], 3);
  EXPECT_DOUBLE_EQ(g[1], 7);
  // Nobody wants more than it gets: the rest stays idle.
  const auto quiet = share_cpu(10, {{2, 4, 1}, {2, 4, 3}});
  EXPECT_DOUBLE_EQ(quiet[0], 1);
  EXPECT_DOUBLE_EQ(quiet[1], 3);
}

TEST(Qos, ABoxShortOfItsRequestsShrinksThemProportionally) {
  const auto g = share_cpu(6, {{4, 4, 4}, {4, 4, 4}});
  EXPECT_DOUBLE_EQ(g[0], 3);
  EXPECT_DOUBLE_EQ(g[1], 3);
}

TEST(Qos, BorrowedMemoryIsReclaimedFirst) {
  // 16 GiB box, 20 GiB in use: borrowers go, best-effort first, then the largest borrower.
  std::vector<MemoryUse> uses{
      {"within", spec(1, 1, 8192, 8192), 8192},        // guaranteed, at its request
      {"borrow-small", spec(1, 2, 2048, 8192), 3072},  // 1 GiB above request
      {"borrow-big", spec(1, 2, 2048, 8192), 6144},    // 4 GiB above request
      {"scratch", spec(0, 0, 0, 0), 3072},             // best-effort
  };
  EXPECT_EQ(memory_reclaim_order(16384, uses), (std::vector<std::string>{"scratch", "borrow-big"}));
  EXPECT_TRUE(memory_reclaim_order(65536, uses).empty());
}

}  // namespace
}  // namespace edgetwin::fw
