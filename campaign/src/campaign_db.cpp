#include "edgetwin/campaign/campaign_db.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <string_view>

#include "edgetwin/campaign/result_rows.hpp"

namespace edgetwin::campaign {
namespace {

// "edgT" in ASCII: PRAGMA application_id marks the file as ours, user_version its schema.
constexpr int kApplicationId = 0x65646754;

constexpr const char* kSchema = R"sql(
CREATE TABLE campaign (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE points (
  point INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, scenario_file TEXT NOT NULL,
  n1_risk_sites INTEGER);
CREATE TABLE point_params (
  point INTEGER NOT NULL REFERENCES points, path TEXT NOT NULL, value,
  PRIMARY KEY (point, path));
CREATE TABLE runs (
  run INTEGER PRIMARY KEY, point INTEGER NOT NULL REFERENCES points, seed INTEGER NOT NULL,
  status TEXT NOT NULL, engine_state TEXT, wall_s REAL, result_file TEXT,
  UNIQUE (point, seed));
CREATE TABLE metrics (
  run INTEGER NOT NULL REFERENCES runs ON DELETE CASCADE, metric TEXT NOT NULL, site TEXT,
  app TEXT, value REAL NOT NULL);
CREATE INDEX metrics_by_name ON metrics (metric, run);
CREATE TABLE assertions (
  run INTEGER NOT NULL REFERENCES runs ON DELETE CASCADE, idx INTEGER NOT NULL,
  expect TEXT NOT NULL, actual REAL, passed INTEGER NOT NULL, PRIMARY KEY (run, idx));
)sql";

// A prepared statement, finalized on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql) {
    sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return stmt_ != nullptr; }
  Stmt& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Stmt& bind(int i, double v) {
    sqlite3_bind_double(stmt_, i, v);
    return *this;
  }
  Stmt& bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& bind_null(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  template <class T>
  Stmt& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind_null(i);
  }
  // A JSON value with SQLite's own type, so that `WHERE value = 50` finds the number 50.
  Stmt& bind_json(int i, const Json& v) {
    if (v.is_number_integer()) return bind(i, v.get<std::int64_t>());
    if (v.is_number()) return bind(i, v.get<double>());
    if (v.is_string()) return bind(i, v.get<std::string>());
    if (v.is_null()) return bind_null(i);
    return bind(i, v.dump());
  }
  bool row() { return sqlite3_step(stmt_) == SQLITE_ROW; }
  bool run() {
    const int rc = sqlite3_step(stmt_);
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return rc == SQLITE_DONE;
  }
  std::int64_t integer(int c) const { return sqlite3_column_int64(stmt_, c); }
  double real(int c) const { return sqlite3_column_double(stmt_, c); }
  bool is_null(int c) const { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
  std::string text(int c) const {
    const auto* t = sqlite3_column_text(stmt_, c);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  Json json(int c) const {
    switch (sqlite3_column_type(stmt_, c)) {
      case SQLITE_INTEGER:
        return integer(c);
      case SQLITE_FLOAT:
        return real(c);
      case SQLITE_NULL:
        return nullptr;
      default: {
        const std::string t = text(c);
        const Json parsed = Json::parse(t, nullptr, false);
        return parsed.is_discarded() || parsed.is_number() ? Json(t) : parsed;
      }
    }
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

std::int64_t pragma(sqlite3* db, const char* name) {
  Stmt s(db, std::string("PRAGMA ") + name);
  return s.ok() && s.row() ? s.integer(0) : -1;
}

// The file is ours and of this schema, or empty (then the schema is created).
bool check_or_create(sqlite3* db, const std::string& path, bool read_only, std::string& error) {
  const std::int64_t app = pragma(db, "application_id");
  const std::int64_t version = pragma(db, "user_version");
  Stmt tables(db, "SELECT count(*) FROM sqlite_master");
  if (app < 0 || !tables.ok() || !tables.row()) {
    error = path + ": not an SQLite database (" + sqlite3_errmsg(db) + ")";
    return false;
  }
  if (tables.integer(0) == 0 && app == 0 && !read_only) {
    const std::string create = std::string("BEGIN;") + kSchema +
                               "PRAGMA application_id=" + std::to_string(kApplicationId) +
                               ";PRAGMA user_version=" + std::to_string(kSchemaVersion) +
                               ";COMMIT;";
    if (sqlite3_exec(db, create.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK) return true;
    error = path + ": cannot create the schema: " + sqlite3_errmsg(db);
    return false;
  }
  if (app != kApplicationId) {
    error = path + ": not an edgetwin campaign database";
    return false;
  }
  if (version != kSchemaVersion) {
    error = path + ": campaign database schema version " + std::to_string(version) +
            ", this edgetwin reads version " + std::to_string(kSchemaVersion) +
            " (use the edgetwin that wrote it, or --fresh to start the campaign over)";
    return false;
  }
  return true;
}

}  // namespace

std::unique_ptr<CampaignDb> CampaignDb::open(const std::string& path, OpenMode mode,
                                             std::string& error) {
  std::error_code ec;
  if (mode == OpenMode::kFresh) {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"})
      std::filesystem::remove(path + suffix, ec);
  }
  if (mode == OpenMode::kReadOnly && !std::filesystem::is_regular_file(path)) {
    error = path + ": no such campaign database";
    return nullptr;
  }
  sqlite3* db = nullptr;
  const int flags = mode == OpenMode::kReadOnly ? SQLITE_OPEN_READONLY
                                                : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    error = path + ": cannot open: " + sqlite3_errmsg(db);
    sqlite3_close(db);
    return nullptr;
  }
  sqlite3_busy_timeout(db, 10000);
  std::unique_ptr<CampaignDb> out(new CampaignDb(db));
  if (!check_or_create(db, path, mode == OpenMode::kReadOnly, error)) return nullptr;
  sqlite3_exec(db, "PRAGMA foreign_keys=ON", nullptr, nullptr, nullptr);
  // A commit per run must be cheap (10,000 runs in seconds, not the minutes an fsync each
  // takes): WAL with synchronous=NORMAL keeps every committed run through a crash or kill of
  // edgetwin; only a power loss may take the last few commits back (they are re-run).
  if (mode != OpenMode::kReadOnly)
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", nullptr, nullptr,
                 nullptr);
  return out;
}

CampaignDb::~CampaignDb() { sqlite3_close(db_); }

bool CampaignDb::exec(const std::string& sql, std::string& error) {
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK) return true;
  error = std::string("results database: ") + sqlite3_errmsg(db_);
  return false;
}

std::vector<PointRow> CampaignDb::points() const {
  std::vector<PointRow> out;
  Stmt s(db_, "SELECT point, name, scenario_file, n1_risk_sites FROM points ORDER BY point");
  while (s.row()) {
    PointRow p{static_cast<int>(s.integer(0)), s.text(1), s.text(2), {}, std::nullopt};
    if (!s.is_null(3)) p.n1_risk_sites = static_cast<int>(s.integer(3));
    out.push_back(std::move(p));
  }
  Stmt params(db_, "SELECT point, path, value FROM point_params ORDER BY point, rowid");
  while (params.row())
    for (auto& p : out)
      if (p.point == params.integer(0)) p.params.emplace_back(params.text(1), params.json(2));
  return out;
}

namespace {

bool same_points(const std::vector<PointRow>& a, const std::vector<PointRow>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].point != b[i].point || a[i].name != b[i].name ||
        a[i].params.size() != b[i].params.size())
      return false;
    for (std::size_t k = 0; k < a[i].params.size(); ++k)
      if (a[i].params[k].first != b[i].params[k].first ||
          a[i].params[k].second.dump() != b[i].params[k].second.dump())
        return false;
  }
  return true;
}

}  // namespace

bool CampaignDb::put_points(const std::vector<PointRow>& points, std::string& error) {
  const auto stored = this->points();
  if (!stored.empty()) {
    if (same_points(stored, points)) return true;
    error =
        "the results database holds another grid of points (another --set list); use "
        "--fresh to start over, or another --out";
    return false;
  }
  if (!exec("BEGIN", error)) return false;
  Stmt point(db_, "INSERT INTO points VALUES (?1, ?2, ?3, ?4)");
  Stmt param(db_, "INSERT INTO point_params VALUES (?1, ?2, ?3)");
  bool ok = point.ok() && param.ok();
  for (const auto& p : points) {
    ok = ok && point.bind(1, std::int64_t{p.point})
                   .bind(2, p.name)
                   .bind(3, p.scenario_file)
                   .bind(4, p.n1_risk_sites ? std::optional<std::int64_t>(*p.n1_risk_sites)
                                            : std::nullopt)
                   .run();
    for (const auto& [path, value] : p.params)
      ok = ok && param.bind(1, std::int64_t{p.point}).bind(2, path).bind_json(3, value).run();
  }
  if (!ok) {
    error = std::string("results database: ") + sqlite3_errmsg(db_);
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return exec("COMMIT", error);
}

void CampaignDb::set_info(const std::string& key, const std::string& value) {
  Stmt s(db_, "INSERT OR REPLACE INTO campaign VALUES (?1, ?2)");
  s.bind(1, key).bind(2, value).run();
}

std::optional<std::string> CampaignDb::info(const std::string& key) const {
  Stmt s(db_, "SELECT value FROM campaign WHERE key = ?1");
  s.bind(1, key);
  if (!s.row()) return std::nullopt;
  return s.text(0);
}

std::set<std::pair<int, std::uint64_t>> CampaignDb::finished_runs() const {
  std::set<std::pair<int, std::uint64_t>> out;
  Stmt s(db_, "SELECT point, seed FROM runs WHERE status IN ('passed', 'failed')");
  while (s.row())
    out.emplace(static_cast<int>(s.integer(0)), static_cast<std::uint64_t>(s.integer(1)));
  return out;
}

bool CampaignDb::insert_run(const RunRow& r, std::string& error) {
  Stmt del(db_, "DELETE FROM runs WHERE point = ?1 AND seed = ?2");
  Stmt run(db_,
           "INSERT INTO runs (point, seed, status, engine_state, wall_s, result_file) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  bool ok = del.ok() && run.ok() &&
            del.bind(1, std::int64_t{r.point}).bind(2, static_cast<std::int64_t>(r.seed)).run() &&
            run.bind(1, std::int64_t{r.point})
                .bind(2, static_cast<std::int64_t>(r.seed))
                .bind(3, r.status)
                .bind(4, r.engine_state)
                .bind(5, r.wall_s)
                .bind(6, r.result_file)
                .run();
  const std::int64_t id = sqlite3_last_insert_rowid(db_);
  if (ok && r.result != nullptr) {
    Stmt metric(db_, "INSERT INTO metrics VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const auto& m : metric_rows(r.result->value("metrics", Json::object())))
      ok = ok && metric.bind(1, id)
                     .bind(2, m.metric)
                     .bind(3, m.site)
                     .bind(4, m.app)
                     .bind(5, m.value)
                     .run();
    Stmt assertion(db_, "INSERT INTO assertions VALUES (?1, ?2, ?3, ?4, ?5)");
    const Json list = r.result->value("assertions", Json::array());
    for (std::size_t i = 0; ok && i < list.size(); ++i) {
      const Json& a = list[i];
      const Json actual = a.value("actual", Json());
      assertion.bind(1, id)
          .bind(2, static_cast<std::int64_t>(i))
          .bind(3, a.value("expect", Json()).dump());
      if (actual.is_number())
        assertion.bind(4, actual.get<double>());
      else
        assertion.bind_null(4);
      ok = assertion.bind(5, std::int64_t{a.value("passed", false) ? 1 : 0}).run();
    }
  }
  if (!ok) error = std::string("results database: ") + sqlite3_errmsg(db_);
  return ok;
}

bool CampaignDb::record_runs(const std::vector<RunRow>& runs, std::string& error) {
  if (!exec("BEGIN IMMEDIATE", error)) return false;
  for (const auto& r : runs) {
    if (!insert_run(r, error)) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return false;
    }
  }
  return exec("COMMIT", error);
}

bool CampaignDb::record_run(const RunRow& run, std::string& error) {
  return record_runs({run}, error);
}

std::vector<StoredRun> CampaignDb::runs() const {
  std::vector<StoredRun> out;
  Stmt s(db_,
         "SELECT run, point, seed, status, wall_s, result_file FROM runs ORDER BY point, seed");
  while (s.row()) {
    StoredRun r{s.integer(0),
                static_cast<int>(s.integer(1)),
                static_cast<std::uint64_t>(s.integer(2)),
                s.text(3),
                std::nullopt,
                s.text(5)};
    if (!s.is_null(4)) r.wall_s = s.real(4);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<std::pair<std::int64_t, double>> CampaignDb::metric_values(
    const std::string& metric) const {
  std::vector<std::pair<std::int64_t, double>> out;
  Stmt s(db_,
         "SELECT run, value FROM metrics WHERE metric = ?1 AND site IS NULL AND app IS NULL "
         "ORDER BY run");
  s.bind(1, metric);
  while (s.row()) out.emplace_back(s.integer(0), s.real(1));
  return out;
}

std::vector<CampaignDb::StoredMetric> CampaignDb::metric_samples(const std::string& metric) const {
  std::vector<StoredMetric> out;
  Stmt s(db_,
         "SELECT run, site, app, value FROM metrics WHERE metric = ?1 "
         "ORDER BY run, site IS NOT NULL, site, app IS NOT NULL, app");
  s.bind(1, metric);
  while (s.row()) {
    StoredMetric r;
    r.run = s.integer(0);
    if (!s.is_null(1)) r.site = s.text(1);
    if (!s.is_null(2)) r.app = s.text(2);
    r.value = s.real(3);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<CampaignDb::AssertionRow> CampaignDb::assertions() const {
  std::vector<AssertionRow> out;
  Stmt s(db_, "SELECT run, idx, expect, passed FROM assertions ORDER BY run, idx");
  while (s.row())
    out.push_back({s.integer(0), static_cast<int>(s.integer(1)), s.text(2), s.integer(3) != 0});
  return out;
}

}  // namespace edgetwin::campaign
