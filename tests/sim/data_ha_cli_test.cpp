// Data HA as QA sees it: the history a run writes, and the lost-write checker's numbers held
// against what the event log says happened (fallbacks, promotions, discarded tails).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using edgetwin::test::edgetwin;
using edgetwin::test::scratch;
using edgetwin::test::slurp;

const std::string kScenarios = EDGETWIN_SCENARIOS;

std::vector<Json> json_lines(const fs::path& p) {
  std::vector<Json> out;
  std::istringstream in(slurp(p));
  for (std::string line; std::getline(in, line);) out.push_back(Json::parse(line));
  return out;
}

struct RunOutput {
  int status = -1;
  Json metrics;
  std::vector<Json> events;
  std::vector<Json> history;
};

RunOutput run_scenario(const std::string& scenario, const std::string& extra = "") {
  const fs::path result = scratch(scenario + ".result.json");
  const fs::path events = scratch(scenario + ".events.jsonl");
  const fs::path history = scratch(scenario + ".history.jsonl");
  const auto o = edgetwin("run " + kScenarios + "/" + scenario + ".scenario.json --result " +
                          result.string() + " --events " + events.string() + " --history " +
                          history.string() + " " + extra);
  RunOutput r;
  r.status = o.status;
  r.metrics = Json::parse(slurp(result))["metrics"];
  r.events = json_lines(events);
  r.history = json_lines(history);
  return r;
}

const Json* first_event(const RunOutput& r, const std::string& kind, const std::string& box,
                        const std::string& key = "", const std::string& value = "") {
  for (const auto& e : r.events)
    if (e["kind"] == kind && e.value("box", "") == box && (key.empty() || e.value(key, "") == value))
      return &e;
  return nullptr;
}

std::vector<const Json*> ok_writes(const RunOutput& r) {
  std::vector<const Json*> out;
  for (const auto& op : r.history)
    if (op["op"] == "write" && op["outcome"] == "ok") out.push_back(&op);
  return out;
}

TEST(DataHa, HistoryHasEveryOperationWithUniqueValuesAndTermsOnEveryAck) {
  const RunOutput r = run_scenario("data-primary-crash-semisync");
  ASSERT_EQ(r.status, 0);
  std::set<std::uint64_t> written;
  int ok = 0, unknown = 0, fail = 0;
  for (const auto& op : r.history) {
    ASSERT_TRUE(op["op"] == "write" || op["op"] == "read") << op;
    const std::string outcome = op["outcome"];
    ASSERT_TRUE(outcome == "ok" || outcome == "fail" || outcome == "unknown") << op;
    if (op["op"] != "write") continue;
    EXPECT_TRUE(written.insert(op["value"].get<std::uint64_t>()).second) << "value reused: " << op;
    ok += outcome == "ok";
    unknown += outcome == "unknown";
    fail += outcome == "fail";
    if (outcome == "ok") {
      EXPECT_GT(op["term"].get<std::uint64_t>(), 0u) << op;
      EXPECT_GT(op["index"].get<std::uint64_t>(), 0u) << op;
    }
  }
  EXPECT_EQ(ok, r.metrics["acknowledged_writes"].get<int>());
  EXPECT_EQ(unknown, r.metrics["unknown_writes"].get<int>());
  EXPECT_EQ(fail, r.metrics["failed_writes"].get<int>());
  EXPECT_GT(unknown, 0) << "writes sent while no box held the VIP must be unknown, not ok";
  for (const auto& op : r.history) {
    if (op["op"] == "read" && op["outcome"] == "ok" && op["value"] != 0) {
      EXPECT_EQ(written.count(op["value"].get<std::uint64_t>()), 1u) << op;
    }
  }
}

TEST(DataHa, SameSeedGivesTheSameHistoryBytes) {
  const fs::path a = scratch("a.jsonl"), b = scratch("b.jsonl");
  const std::string scenario = kScenarios + "/data-lan-split-witness.scenario.json";
  ASSERT_EQ(edgetwin("run " + scenario + " --seed 5 --history " + a.string()).status, 0);
  ASSERT_EQ(edgetwin("run " + scenario + " --seed 5 --history " + b.string()).status, 0);
  EXPECT_FALSE(slurp(a).empty());
  EXPECT_EQ(slurp(a), slurp(b));
}

TEST(DataHa, HistoryToABadPathExitsTwoBeforeRunning) {
  const auto o = edgetwin("run " + kScenarios + "/data-lan-split-witness.scenario.json --history /nonexistent/dir/h.jsonl");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.out.find("cannot write"), std::string::npos);
}

// Semi-sync with the replica down past the timeout: the primary acknowledges alone; when it
// dies before the replica caught up, exactly those writes are lost.
TEST(DataHa, LostWritesAreExactlyTheAcksAfterTheFallbackThatNeverReachedTheReplica) {
  const RunOutput r = run_scenario("data-replica-down-then-primary-crash");
  ASSERT_EQ(r.status, 0);
  const Json* fallback = first_event(r, "data.semisync", "s001-a", "to", "async");
  const Json* discard = first_event(r, "data.discard", "s001-a");
  ASSERT_NE(fallback, nullptr);
  ASSERT_NE(discard, nullptr);
  const auto term = (*fallback)["term"].get<std::uint64_t>();
  const auto replica_had = (*fallback)["match_index"].get<std::uint64_t>();
  const double fallback_t = (*fallback)["t"];
  EXPECT_EQ((*discard)["first_term"].get<std::uint64_t>(), term);
  EXPECT_EQ((*discard)["first_index"].get<std::uint64_t>(), replica_had + 1);
  int after_fallback = 0, in_discarded_tail = 0;
  for (const Json* op : ok_writes(r)) {
    if ((*op)["term"] != term) continue;
    const auto index = (*op)["index"].get<std::uint64_t>();
    if (index > replica_had) {
      ++after_fallback;
      EXPECT_EQ((*op)["box"], "s001-a");
      EXPECT_GE((*op)["complete_s"].get<double>(), fallback_t) << "acknowledged before the fallback";
    }
    in_discarded_tail += index >= (*discard)["first_index"] && index <= (*discard)["last_index"];
  }
  const int lost = r.metrics["lost_writes"];
  EXPECT_GT(lost, 0);
  EXPECT_EQ(lost, after_fallback);
  EXPECT_EQ(lost, in_discarded_tail);
  EXPECT_LE(lost, r.metrics["discarded_entries"].get<int>());
}

// Async with the same faults: every write the old primary acknowledged beyond what the
// promoted replica held is reported lost; none are hidden.
TEST(DataHa, AsyncLossesAreTheOldPrimarysAcksBeyondThePromotedReplicasLog) {
  const RunOutput r = run_scenario("data-async-replica-down-then-primary-crash");
  ASSERT_EQ(r.status, 0);
  EXPECT_EQ(r.metrics["semi_sync_fallbacks"], 0);
  const Json* promoted = first_event(r, "data.role", "s001-b", "role", "primary");
  const Json* first = first_event(r, "data.role", "s001-a", "role", "primary");
  ASSERT_NE(promoted, nullptr);
  ASSERT_NE(first, nullptr);
  const auto held = (*promoted)["last_index"].get<std::uint64_t>();
  int beyond = 0;
  for (const Json* op : ok_writes(r))
    beyond += (*op)["term"] == (*first)["term"] && (*op)["index"].get<std::uint64_t>() > held;
  EXPECT_GT(beyond, 0);
  EXPECT_EQ(r.metrics["lost_writes"].get<int>(), beyond);
}

// Every acknowledged write came from one primary, in one term: the backup never held the VIP.
TEST(DataHa, LanSplitWithWitnessHasOnePrimaryAcknowledging) {
  const RunOutput r = run_scenario("data-lan-split-witness");
  ASSERT_EQ(r.status, 0);
  std::set<std::string> acked_by;
  for (const Json* op : ok_writes(r)) acked_by.insert((*op)["box"].get<std::string>() + "/" + (*op)["term"].dump());
  EXPECT_EQ(acked_by.size(), 1u);
  EXPECT_EQ(first_event(r, "data.role", "s001-b", "role", "primary"), nullptr);
  EXPECT_EQ(r.metrics["lost_writes"], 0);
  EXPECT_EQ(r.metrics["stale_primary_acks"], 0);
}

// The same check without a witness finds two primaries and the writes the deposed one lost.
TEST(DataHa, LanSplitWithoutWitnessShowsTwoPrimariesAndTheirLosses) {
  const RunOutput r = run_scenario("data-lan-split-no-witness");
  ASSERT_EQ(r.status, 0);
  std::set<std::string> boxes;
  for (const Json* op : ok_writes(r)) boxes.insert((*op)["box"].get<std::string>());
  EXPECT_EQ(boxes.size(), 2u);
  EXPECT_GT(r.metrics["lost_writes"].get<int>(), 0);
  EXPECT_EQ(r.metrics["lost_writes"].get<int>(), r.metrics["discarded_entries"].get<int>());
}

// A NAS outage: writes fail (or, in flight when it began, stay unknown); none is acknowledged,
// so none can be lost; the box crash afterwards loses nothing either (the data is on the NAS).
TEST(DataHa, NasOutageFailsWritesAndLosesNone) {
  const RunOutput r = run_scenario("data-nas-outage");
  ASSERT_EQ(r.status, 0);
  int failed_during = 0;
  for (const auto& op : r.history) {
    if (op["op"] != "write" || op["invoke_s"] < 30.0 || op["invoke_s"] >= 50.0) continue;
    EXPECT_NE(op["outcome"], "ok") << "acknowledged while the NAS was down: " << op;
    failed_during += op["outcome"] == "fail";
  }
  EXPECT_GT(failed_during, 100);
  EXPECT_EQ(r.metrics["lost_writes"], 0);
  EXPECT_GT(r.metrics["acknowledged_writes"].get<int>(), 0);
}

}  // namespace
