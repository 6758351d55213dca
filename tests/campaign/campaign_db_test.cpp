// DIR/results.sqlite as a campaign writes it and a planner queries it (docs/campaigns.md).
#include "edgetwin/campaign/campaign_db.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <sstream>

#include "campaign_fixture.hpp"
#include "edgetwin/campaign/result_rows.hpp"

namespace edgetwin::campaign {
namespace {

using test::result;
using test::scratch;
using test::two_points;

// One number from SQL, as a planner's query in sqlite3 would give it.
double query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  const double value = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_double(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

std::string bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

RunRow run_of(int point, std::uint64_t seed, const Json& r) {
  return {point,      seed, r["passed"].get<bool>() ? "passed" : "failed",
          "exited 0", 0.5,  "seed.result.json",
          &r};
}

TEST(MetricRows, OneRowPerSampleWithSiteOrAppWhereTheResultHasThem) {
  const auto rows = metric_rows(result(2.5, 3, true)["metrics"]);
  auto count = [&](const std::string& metric) {
    return std::count_if(rows.begin(), rows.end(),
                         [&](const MetricRow& r) { return r.metric == metric; });
  };
  EXPECT_EQ(count("vip_failover_s"), 3);  // the run's worst, then s001 and s002
  EXPECT_EQ(rows[0].metric, "vip_failover_s");
  EXPECT_FALSE(rows[0].site.has_value());
  EXPECT_EQ(rows[0].value, 2.5);
  EXPECT_EQ(count("lost_writes"), 1);
  EXPECT_EQ(count("dual_master_s"), 2);  // the total, and s001 from dual_master_s_by_site
  EXPECT_EQ(count("unavailable_s"), 1);  // no event: no run-wide row, one app row
  EXPECT_EQ(count("nodes_running"), 0);  // time series stay in the result file
}

TEST(CampaignDb, RecordsRunsMetricsAndAssertionsAPlannerCanQuery) {
  const std::string path = scratch("q.sqlite").string();
  std::string error;
  auto db = CampaignDb::open(path, OpenMode::kFresh, error);
  ASSERT_TRUE(db) << error;
  ASSERT_TRUE(db->put_points(two_points(), error)) << error;
  const Json a = result(2, 0, true), b = result(3.5, 2, false);
  ASSERT_TRUE(db->record_run(run_of(1, 1, a), error)) << error;
  ASSERT_TRUE(db->record_run(run_of(2, 1, b), error)) << error;
  db.reset();
  EXPECT_EQ(query(path,
                  "SELECT max(m.value) FROM metrics m JOIN runs r USING (run) "
                  "JOIN point_params p USING (point) WHERE m.metric = 'vip_failover_s' "
                  "AND m.site IS NULL AND p.path = '/rollout/wave_sites' AND p.value = 100"),
            3.5);
  EXPECT_EQ(query(path, "SELECT count(*) FROM runs WHERE status = 'failed'"), 1);
  EXPECT_EQ(query(path, "SELECT avg(passed) FROM assertions WHERE idx = 1"), 0.5);
  EXPECT_EQ(query(path,
                  "SELECT value FROM metrics WHERE metric = 'vip_failover_s' AND site = 's002' "
                  "AND run = (SELECT run FROM runs WHERE point = 1)"),
            1);
}

TEST(CampaignDb, AResumedCampaignKnowsItsFinishedRunsAndARecordedAgainRunReplacesTheOld) {
  const std::string path = scratch("resume.sqlite").string();
  std::string error;
  {
    auto db = CampaignDb::open(path, OpenMode::kResume, error);
    ASSERT_TRUE(db && db->put_points(two_points(), error)) << error;
    const Json a = result(2, 0, true);
    ASSERT_TRUE(db->record_run(run_of(1, 7, a), error));
    ASSERT_TRUE(db->record_run({1, 8, "crashed", "killed by signal 9", 1.0, "", nullptr}, error));
  }
  auto db = CampaignDb::open(path, OpenMode::kResume, error);
  ASSERT_TRUE(db && db->put_points(two_points(), error)) << error;
  EXPECT_EQ(db->finished_runs(), (std::set<std::pair<int, std::uint64_t>>{{1, 7}}));
  const Json again = result(9, 0, true);
  ASSERT_TRUE(db->record_run(run_of(1, 7, again), error));
  ASSERT_EQ(db->metric_values("vip_failover_s").size(), 1u);  // the old run's rows went with it
  EXPECT_EQ(db->metric_values("vip_failover_s")[0].second, 9);
  EXPECT_EQ(db->runs().size(), 2u);
}

TEST(CampaignDb, ADifferentGridIsRefusedAndTheDatabaseKept) {
  const std::string path = scratch("grid.sqlite").string();
  std::string error;
  auto db = CampaignDb::open(path, OpenMode::kResume, error);
  ASSERT_TRUE(db && db->put_points(two_points(), error));
  auto other = two_points();
  other[1].params[0].second = 200;
  EXPECT_FALSE(db->put_points(other, error));
  EXPECT_NE(error.find("--fresh"), std::string::npos) << error;
  EXPECT_EQ(db->points()[1].params[0].second, 100);
}

TEST(CampaignDb, ADatabaseOfAnotherSchemaVersionIsRefusedUntouched) {
  const std::string path = scratch("v2.sqlite").string();
  std::string error;
  ASSERT_TRUE(CampaignDb::open(path, OpenMode::kFresh, error));
  sqlite3* raw = nullptr;
  sqlite3_open(path.c_str(), &raw);
  sqlite3_exec(raw, "PRAGMA user_version = 2", nullptr, nullptr, nullptr);
  sqlite3_close(raw);
  const std::string before = bytes(path);
  EXPECT_FALSE(CampaignDb::open(path, OpenMode::kResume, error));
  EXPECT_NE(error.find("schema version 2"), std::string::npos) << error;
  EXPECT_FALSE(CampaignDb::open(path, OpenMode::kReadOnly, error));
  EXPECT_EQ(bytes(path), before);
}

TEST(CampaignDb, AnotherSqliteFileOrNoFileIsRefused) {
  const std::string path = scratch("other.sqlite").string();
  sqlite3* raw = nullptr;
  sqlite3_open(path.c_str(), &raw);
  sqlite3_exec(raw, "CREATE TABLE t (x)", nullptr, nullptr, nullptr);
  sqlite3_close(raw);
  std::string error;
  EXPECT_FALSE(CampaignDb::open(path, OpenMode::kResume, error));
  EXPECT_NE(error.find("not an edgetwin campaign database"), std::string::npos) << error;
  EXPECT_FALSE(CampaignDb::open(scratch("none.sqlite").string(), OpenMode::kReadOnly, error));
  EXPECT_FALSE(std::filesystem::exists(scratch("none.sqlite")));
}

}  // namespace
}  // namespace edgetwin::campaign
