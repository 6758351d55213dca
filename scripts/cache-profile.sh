#!/usr/bin/env bash
# Where a fleet's cost per datagram goes, counted rather than timed: the generated fleet of
# SITES sites (two boxes each) for SECONDS simulated seconds under callgrind, told this
# machine's cache sizes, counting only inside the world loop (set-up excluded). Prints
# instructions, L1 data read misses and last-level read misses per datagram sent; the same
# binary and inputs give the same figures whatever else the machine is doing
# (docs/simulation.md, "Third pass"). About 1 minute for 400 sites, 8 for 4,000, 25 for 8,000.
#
#   scripts/cache-profile.sh SITES [SECONDS] [--build DIR] [--keep DIR]
#
# --keep DIR leaves the callgrind output there (callgrind_annotate --sort=DLmr reads it).
set -euo pipefail
cd "$(dirname "$0")/.."

sites=""
seconds=30
build=build
keep=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    -*) echo "cache-profile.sh: unknown option $1" >&2; exit 2 ;;
    *) if [[ -z "$sites" ]]; then sites="$1"; else seconds="$1"; fi; shift ;;
  esac
done
if ! [[ "$sites" =~ ^[0-9]+$ && "$seconds" =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/cache-profile.sh SITES [SECONDS] [--build DIR] [--keep DIR]" >&2
  exit 2
fi
edgetwin="$build/bin/edgetwin"
[[ -x "$edgetwin" ]] || { echo "cache-profile.sh: no $edgetwin (build first)" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "cache-profile.sh: valgrind is not installed" >&2; exit 2; }

# Cache geometry from the kernel (bytes, ways, line size), as callgrind's --D1/--LL want it.
cache() {  # level type -> size,ways,line
  for d in /sys/devices/system/cpu/cpu0/cache/index*; do
    if [[ "$(cat "$d/level")" == "$1" && "$(cat "$d/type")" == "$2" ]]; then
      local size; size=$(cat "$d/size")
      size=${size%K}
      local bytes=$((size * 1024))
      [[ "$(cat "$d/size")" == *M ]] && bytes=$((${size%M} * 1024 * 1024))
      echo "$bytes,$(cat "$d/ways_of_associativity"),$(cat "$d/coherency_line_size")"
      return
    fi
  done
}
d1=$(cache 1 Data)
ll=$(cache 3 Unified)
[[ -n "$d1" && -n "$ll" ]] || { echo "cache-profile.sh: cannot read the cache sizes" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$edgetwin" fleet generate --sites "$sites" -o "$work/fleet.json"
cat > "$work/profile.scenario.json" <<EOF
{ "format": "edgetwin.scenario/v1", "name": "cache-profile-$sites", "fleet": "fleet.json",
  "seed": 1, "duration_s": $seconds }
EOF
# Huge pages off: the re-exec that turns them on would leave valgrind's process.
EDGETWIN_HUGE_PAGES=0 valgrind --tool=callgrind --cache-sim=yes --D1="$d1" --LL="$ll" \
  --collect-atstart=no --toggle-collect='edgetwin::sim::WorldLoop::run*' \
  --callgrind-out-file="$work/callgrind.out" \
  "$edgetwin" run "$work/profile.scenario.json" --result "$work/result.json" \
  >"$work/run.log" 2>"$work/valgrind.log"

python3 - "$work" "$sites" "$seconds" "$d1" "$ll" <<'PY'
import json, re, sys
work, sites, seconds, d1, ll = sys.argv[1:]
log = open(f"{work}/valgrind.log").read()
events = re.search(r"Events\s*:\s*(.*)", log).group(1).split()
counts = [int(x) for x in re.search(r"Collected\s*:\s*(.*)", log).group(1).split()]
c = dict(zip(events, counts))
sent = json.load(open(f"{work}/result.json"))["metrics"]["datagrams_sent"]
print(f"{sites} sites, {seconds} simulated s, {sent} datagrams (D1 {d1}, LL {ll}):")
print(f"  instructions per datagram      {c['Ir'] / sent:10.0f}")
print(f"  L1 data read misses            {c['D1mr'] / sent:10.1f}")
print(f"  last-level read misses (DRAM)  {c['DLmr'] / sent:10.2f}")
PY
if [[ -n "$keep" ]]; then
  mkdir -p "$keep"
  cp "$work/callgrind.out" "$keep/callgrind.$sites.out"
fi
