#!/usr/bin/env bash
# Install what is missing, build everything (firmware, model, twin, reports, GUI, tests,
# benchmarks) once, and run every test, two at a time. Benchmarks are built, not run:
# run build/bin/bench_fleet for the numbers. Scenarios that take many minutes carry the CTest
# label `long` and are skipped; `scripts/test.sh --long` runs them as well.
# Then the libFuzzer targets (scripts/fuzz.sh, their own clang build in build-fuzz/), each for
# FUZZ_RUNS executions (default 20000); EDGETWIN_SKIP_FUZZ=1 skips them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default -- -j2
ctest --preset default
if [[ "${EDGETWIN_SKIP_FUZZ:-0}" != 1 ]]; then
  scripts/fuzz.sh -runs="${FUZZ_RUNS:-20000}"
fi
if [[ "${1:-}" == "--long" ]]; then
  ctest --preset long
fi
