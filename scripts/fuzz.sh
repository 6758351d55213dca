#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang, ASan + UBSan, build-fuzz/) and runs
# each for a bounded number of executions from its seed corpus (tests/fuzz/corpus/<target>).
# Fails on any crash, leak, timeout, out-of-memory or sanitizer report; the input that caused
# it is left in build-fuzz/findings/<target>/ (keep it in the corpus once fixed).
#
#   scripts/fuzz.sh [-runs=N] [TARGET...]   default 20000 runs, every target
#   scripts/fuzz.sh --seeds                  rewrite the generated binary seeds
set -euo pipefail
cd "$(dirname "$0")/.."

runs=20000
targets=()
seeds=false
for arg in "$@"; do
  case "$arg" in
    -runs=*) runs="${arg#-runs=}" ;;
    --seeds) seeds=true ;;
    *) targets+=("$arg") ;;
  esac
done
[ ${#targets[@]} -eq 0 ] && targets=(fuzz_datagram fuzz_vrrp fuzz_desired_state
                                     fuzz_desired_chunks fuzz_fleet fuzz_scenario
                                     fuzz_edgeboxd_config)

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -- -j"${FUZZ_JOBS:-2}"
bin=build-fuzz/bin
if $seeds; then
  "$bin/fuzz_make_seeds" tests/fuzz/corpus
  exit 0
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=()
for target in "${targets[@]}"; do
  corpus="tests/fuzz/corpus/$target"
  findings="build-fuzz/findings/$target"
  work="build-fuzz/corpus-work/$target"  # new inputs go here, never into the repository
  rm -rf "$work"
  mkdir -p "$findings" "$work"
  start=$SECONDS
  # -timeout: a single input over 10 s is a finding (a hang); -rss_limit_mb: so is 2 GB.
  if "$bin/$target" -runs="$runs" -seed=1 -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -artifact_prefix="$findings/" -print_final_stats=0 "$work" "$corpus" \
       >"build-fuzz/$target.log" 2>&1; then
    echo "fuzz: $target: $runs runs, no finding ($((SECONDS - start)) s)"
  else
    echo "fuzz: $target: FINDING, see build-fuzz/$target.log and $findings/" >&2
    tail -n 40 "build-fuzz/$target.log" >&2
    failed+=("$target")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]}" >&2
  exit 1
fi
