#pragma once
// DIR/results.sqlite: every finished run of a campaign (docs/campaigns.md has the schema). One
// transaction per run, so an interrupted campaign keeps every run that finished and a re-run
// skips them. A database of another schema version is refused, never migrated or overwritten.
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

struct sqlite3;

namespace edgetwin::campaign {

using Json = nlohmann::ordered_json;

inline constexpr int kSchemaVersion = 1;

// One point of the parameter grid: a complete scenario file and the values that made it.
struct PointRow {
  int point = 0;                                     // 1-based, the grid's order
  std::string name;                                  // "p001"
  std::string scenario_file;                         // DIR/points/p001.scenario.json
  std::vector<std::pair<std::string, Json>> params;  // "--set" path -> value, in option order
  std::optional<int> n1_risk_sites;                  // from the point's fleet
};

// What one run ended as. `status`: passed, failed (an assertion failed), crashed, cancelled, or
// a scheduler's state for a task that never produced a result (TIMEOUT, CANCELLED, ...).
struct RunRow {
  int point = 0;
  std::uint64_t seed = 0;
  std::string status;
  std::string engine_state;  // "exited 0", a Slurm state; for people reading the database
  std::optional<double> wall_s;
  std::string result_file;
  const Json* result = nullptr;  // the run result, when there is one: metrics and assertions
};

// A run as read back (reports).
struct StoredRun {
  std::int64_t run = 0;
  int point = 0;
  std::uint64_t seed = 0;
  std::string status;
  std::optional<double> wall_s;
  std::string result_file;
};

enum class OpenMode { kResume, kFresh, kReadOnly };

class CampaignDb {
 public:
  // nullptr and `error` when the file is not a campaign database of this schema version (exit
  // 2 for the caller). kFresh deletes an existing file first; kReadOnly never creates one.
  static std::unique_ptr<CampaignDb> open(const std::string& path, OpenMode mode,
                                          std::string& error);
  ~CampaignDb();
  CampaignDb(const CampaignDb&) = delete;
  CampaignDb& operator=(const CampaignDb&) = delete;

  std::vector<PointRow> points() const;
  // Records the grid; when the database already holds points they must be the same ones
  // (false and `error` otherwise: resuming a different campaign would mix their results).
  bool put_points(const std::vector<PointRow>& points, std::string& error);
  void set_info(const std::string& key, const std::string& value);
  std::optional<std::string> info(const std::string& key) const;

  // (point, seed) of every run that finished (passed or failed): a resumed campaign skips them.
  std::set<std::pair<int, std::uint64_t>> finished_runs() const;
  // Replaces any earlier record of the same (point, seed), in one transaction.
  bool record_run(const RunRow& run, std::string& error);
  // Many runs in one transaction (loading a Slurm array's results, the benchmark).
  bool record_runs(const std::vector<RunRow>& runs, std::string& error);

  std::vector<StoredRun> runs() const;
  // value of `metric` per run, the run-wide rows only (site and app NULL).
  std::vector<std::pair<std::int64_t, double>> metric_values(const std::string& metric) const;
  // Every row of `metric`: the run-wide one and those per site and per app (the studio's
  // Compare view: failover distributions, unavailability per app).
  struct StoredMetric {
    std::int64_t run = 0;
    std::optional<std::string> site;
    std::optional<std::string> app;
    double value = 0;
  };
  std::vector<StoredMetric> metric_samples(const std::string& metric) const;
  // (run, index, expect JSON text, passed) of every assertion.
  struct AssertionRow {
    std::int64_t run = 0;
    int index = 0;
    std::string expect;
    bool passed = false;
  };
  std::vector<AssertionRow> assertions() const;

 private:
  explicit CampaignDb(sqlite3* db) : db_(db) {}
  bool exec(const std::string& sql, std::string& error);
  bool insert_run(const RunRow& run, std::string& error);
  sqlite3* db_;
};

}  // namespace edgetwin::campaign
