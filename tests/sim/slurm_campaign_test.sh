#!/usr/bin/env bash
# `edgetwin sweep --engine slurm` end to end on a real single-machine Slurm that this test starts
# and stops itself (scripts/slurm-local.sh): a 2-point x 2-seed campaign as one job array must
# give the same runs, metric for metric, as --engine local; a task that ends without a result
# is a failed run with its Slurm state. Exit 77 (CTest: skipped) when Slurm cannot start here.
# usage: slurm_campaign_test.sh EDGETWIN SOURCE_DIR WORK_DIR
set -u
exe=$1 src=$2 work=$3
scenario=$src/tests/sim/data/box-crash.scenario.json
export SLURM_LOCAL_DIR=$work/slurm-local
mkdir -p "$work"
rm -rf "$work/slurm" "$work/local" "$work/broken"

if ! "$src/scripts/slurm-local.sh" up >"$work/slurm-up.log" 2>&1; then
  cat "$work/slurm-up.log"
  echo "SKIP: a local Slurm cannot be started on this machine"
  exit 77
fi
export SLURM_CONF=$SLURM_LOCAL_DIR/slurm.conf
trap '"$src/scripts/slurm-local.sh" down >/dev/null' EXIT
fail() { echo "FAIL: $*"; exit 1; }

grid=(--seeds 1..2 --set /duration_s=400,500)
"$exe" sweep "$scenario" "${grid[@]}" --engine slurm --out "$work/slurm" || fail "slurm sweep exited $?"
"$exe" sweep "$scenario" "${grid[@]}" --engine local --jobs 2 --out "$work/local" || fail "local sweep exited $?"

# Same seeds, same results: every metric row of every run, compared run for run.
python3 - "$work/slurm/results.sqlite" "$work/local/results.sqlite" <<'PY' || fail "the engines disagree"
import sqlite3, sys
q = """SELECT p.name, r.seed, r.status, m.metric, ifnull(m.site, ''), ifnull(m.app, ''), m.value
       FROM runs r JOIN points p USING (point) JOIN metrics m USING (run) ORDER BY 1, 2, 4, 5, 6"""
slurm, local = (sqlite3.connect(path).execute(q).fetchall() for path in sys.argv[1:3])
runs = {(row[0], row[1]) for row in slurm}
print(f"slurm: {len(runs)} runs, {len(slurm)} metric rows; local: {len(local)} metric rows")
assert len(runs) == 4, runs
assert all(row[2] == "passed" for row in slurm), "a run did not pass"
assert slurm == local, [a for a, b in zip(slurm, local) if a != b][:5]
PY

# p002 seed 2 cannot open its log (a directory is in the way): the task fails before the run,
# and the database says so with the Slurm state and exit code.
mkdir -p "$work/broken/runs/p002/seed-2.log/blocker"
"$exe" sweep "$scenario" "${grid[@]}" --engine slurm --out "$work/broken" >"$work/broken.log" 2>&1
status=$?
[ "$status" = 2 ] || { cat "$work/broken.log"; fail "a failed task: exit $status, expected 2"; }
grep -q "ended FAILED without a result" "$work/broken.log" || { cat "$work/broken.log"; fail "no message"; }
python3 - "$work/broken/results.sqlite" <<'PY' || fail "the failed task is not in the database"
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT p.name, r.seed, r.status, r.engine_state FROM runs r JOIN points p USING (point) "
    "WHERE r.status != 'passed'").fetchall()
print(rows)
assert len(rows) == 1 and rows[0][:3] == ("p002", 2, "FAILED"), rows
assert rows[0][3].startswith("slurm ") and " FAILED exit " in rows[0][3], rows
PY
# Ctrl-C while the array runs: scancel, every task recorded (passed or CANCELLED), exit 130,
# and the campaign resumes from its database (here with --engine local: quicker on 2 cores).
rm -rf "$work/interrupted"
interrupted=(sweep "$scenario" --seeds 1..30 --out "$work/interrupted")
"$exe" "${interrupted[@]}" --engine slurm >"$work/interrupted.log" 2>&1 &
pid=$!
for _ in $(seq 300); do grep -q "submitted Slurm job array" "$work/interrupted.log" && break; sleep 0.1; done
kill -INT "$pid"
wait "$pid"
status=$?
[ "$status" = 130 ] || { cat "$work/interrupted.log"; fail "Ctrl-C: exit $status, expected 130"; }
python3 - "$work/interrupted/results.sqlite" <<'PY' || fail "the interrupted campaign's database"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = dict(db.execute("SELECT status, count(*) FROM runs GROUP BY status").fetchall())
print(rows)
assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
assert set(rows) <= {"passed", "CANCELLED"} and sum(rows.values()) == 30, rows
assert rows.get("CANCELLED", 0) > 0, rows
PY
squeue --noheader --states=PENDING,RUNNING | grep -q . && fail "the array still runs after Ctrl-C"
"$exe" "${interrupted[@]}" --engine local >"$work/resumed.log" 2>&1 || { cat "$work/resumed.log"; fail "resume"; }
python3 - "$work/interrupted/results.sqlite" <<'PY' || fail "the resumed campaign's database"
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("SELECT status, count(*) FROM runs GROUP BY status").fetchall()
assert rows == [("passed", 30)], rows
PY
echo "PASS"
