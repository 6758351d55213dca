#!/usr/bin/env bash
# A Slurm task past --time-limit is a failed run with its Slurm state (TIMEOUT), never a gap:
# the 400-site rehearsal stretched to 10 simulated hours takes minutes, the limit is 1 minute.
# Takes ~90 s (Slurm checks limits every 30 s): label `long`. Exit 77 where Slurm cannot start.
# usage: slurm_timeout_test.sh EDGETWIN SOURCE_DIR WORK_DIR
set -u
exe=$1 src=$2 work=$3
export SLURM_LOCAL_DIR=$work/slurm-local
mkdir -p "$work"
rm -rf "$work/c"
if ! "$src/scripts/slurm-local.sh" up >"$work/slurm-up.log" 2>&1; then
  cat "$work/slurm-up.log"
  echo "SKIP: a local Slurm cannot be started on this machine"
  exit 77
fi
export SLURM_CONF=$SLURM_LOCAL_DIR/slurm.conf
trap '"$src/scripts/slurm-local.sh" down >/dev/null' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$exe" sweep "$src/scenarios/rehearsal-400.scenario.json" --seeds 1..1 --set /duration_s=36000 \
    --engine slurm --time-limit 1 --out "$work/c" >"$work/c.log" 2>&1
status=$?
cat "$work/c.log"
[ "$status" = 2 ] || fail "exit $status, expected 2"
grep -q "ended TIMEOUT without a result" "$work/c.log" || fail "no TIMEOUT message"
python3 - "$work/c/results.sqlite" <<'PY' || fail "the timed-out task is not in the database"
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("SELECT seed, status, engine_state FROM runs").fetchall()
print(rows)
assert len(rows) == 1 and rows[0][:2] == (1, "TIMEOUT") and "TIMEOUT" in rows[0][2], rows
PY
echo "PASS"
