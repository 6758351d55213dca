#!/usr/bin/env bash
# The main job: install what is missing, build the command-line twin, (re)generate the
# 400-site fleet and run the bundled rehearsal, writing its result, event stream and report
# (HTML with the capacity, HA and rollout sections; CSV tables) to out/.
# It builds into the same tree as scripts/test.sh (build/, the default preset), only the
# `edgetwin` target: running both commands compiles the twin once.
# Exit status is the run's: 0 every expectation held, 1 one failed, 2 bad input.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default --target edgetwin -- -j2 >/dev/null
mkdir -p out
bin=build/bin/edgetwin
"$bin" fleet generate --sites 400 --name smart-community-400 -o scenarios/smart-community-400.fleet.json
status=0
"$bin" run scenarios/rehearsal-400.scenario.json \
  --result out/rehearsal-400.result.json --events out/rehearsal-400.events.jsonl "$@" || status=$?
if [[ -f out/rehearsal-400.result.json ]]; then
  "$bin" report out/rehearsal-400.result.json --html out/rehearsal-400.report.html \
    --csv out/rehearsal-400-csv
  echo "report: out/rehearsal-400.report.html" >&2
fi
exit "$status"
