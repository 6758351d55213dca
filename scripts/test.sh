#!/usr/bin/env bash
# Install what is missing, build everything (firmware, model, twin, reports, GUI, tests,
# benchmarks) once, and run every test, two at a time. Benchmarks are built, not run:
# run build/bin/bench_fleet for the numbers. Scenarios that take many minutes carry the CTest
# label `long` and are skipped; `scripts/test.sh --long` runs them as well.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default -- -j2
ctest --preset default
if [[ "${1:-}" == "--long" ]]; then
  ctest --preset long
fi
