#!/usr/bin/env bash
# Fidelity of the twin: the same one-site scenario (two boxes at priorities 150/100, a NAS
# witness, preempt; the master crashes) run N times in the twin (edgetwin) and N times on real
# kernels in network namespaces (edgeboxd), with both distributions of the VIP failover time
# (from the crash to the backup holding the VIP) printed side by side. The twin is only worth
# trusting if they agree. Needs root for the namespaces (docs/edgeboxd.md).
#
#   scripts/fidelity.sh [-n REPS] [--advert-ms 100|1000] [--build DIR]
#   scripts/fidelity.sh --data [-n REPS] [--build DIR]
#
# --data: the data case. The twin's data-primary-crash-semisync (MySQL-HA, semi-sync with a 2 s
# timeout, the primary's box crashes during 20 writes/s) against tests/linux/netns_data.py
# (real MariaDB servers under edgeboxd, the primary's box SIGKILLed, then a LAN split): per
# run the time from the crash to the first acknowledged write, the checker's unavailable_s and
# lost writes, side by side.
#
# 100 ms runs the twin's vrrp-fast-adverts scenario (one-site-fast-vrrp fleet), 1000 ms its
# vrrp-master-crash scenario (site s001 of two-site, the same shape). A crash hits the master
# at a random phase of its advert timer; so that the twin samples phases too, its runs crash
# at at_s + k/N of an advert interval (k = 0..N-1), each with its own seed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
reps=10
advert_ms=100
build="$root/build"
data=0
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data=1; shift ;;
    -n) reps=$2; shift 2 ;;
    --advert-ms) advert_ms=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    *) echo "usage: $0 [--data] [-n REPS] [--advert-ms 100|1000] [--build DIR]" >&2; exit 2 ;;
  esac
done
if [ "$data" = 1 ]; then
  exec "$root/scripts/fidelity_data.sh" "$reps" "$build"
fi
case "$advert_ms" in
  100) scenario="$root/scenarios/vrrp-fast-adverts.scenario.json" ;;
  1000) scenario="$root/scenarios/vrrp-master-crash.scenario.json" ;;
  *) echo "fidelity: --advert-ms must be 100 or 1000 (the twin's scenarios)" >&2; exit 2 ;;
esac
for bin in edgetwin edgeboxd; do
  [ -x "$build/bin/$bin" ] || { echo "fidelity: build $bin first ($build/bin/$bin)" >&2; exit 2; }
done
work=$(mktemp -d /tmp/et-fidelity-XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "twin: $reps runs of $(basename "$scenario")" >&2
for k in $(seq 0 $((reps - 1))); do
  python3 - "$scenario" "$work/s$k.scenario.json" "$k" "$reps" "$advert_ms" <<'PY'
import json, os, sys
src, dst, k, n, advert_ms = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
doc = json.load(open(src))
doc["fleet"] = os.path.join(os.path.dirname(os.path.abspath(src)), doc["fleet"])
doc["seed"] = 1000 + k
doc["faults"][0]["at_s"] = round(doc["faults"][0]["at_s"] + k / n * advert_ms / 1000, 6)
doc.pop("expect", None)
json.dump(doc, open(dst, "w"))
PY
  "$build/bin/edgetwin" run "$work/s$k.scenario.json" --seed $((1000 + k)) --result "$work/r$k.json" >/dev/null
done

echo "namespaces: $reps crashes of the master (SIGKILL), edgeboxd on real kernels" >&2
python3 "$root/tests/linux/netns_site.py" fidelity --edgeboxd "$build/bin/edgeboxd" \
  --advert-ms "$advert_ms" -n "$reps" > "$work/netns.json"

python3 - "$work" "$reps" "$advert_ms" <<'PY'
import json, statistics, sys
work, n, advert_ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
twin = []
for k in range(n):
    m = json.load(open(f"{work}/r{k}.json"))["metrics"]["vip_failover_s"]
    twin.append(m["by_site"]["s001"])
netns = json.load(open(f"{work}/netns.json"))["vip_failover_s"]
interval = advert_ms / 1000
mdi = 3 * interval + (256 - 100) * interval / 256
print(f"VIP failover after a master crash, advert interval {advert_ms} ms "
      f"(Master_Down_Interval {mdi:.3f} s), {n} runs each")
print(f"{'':>8} {'twin':>9} {'netns':>9}")
for name, f in [("min", min), ("p50", statistics.median), ("mean", statistics.mean), ("max", max)]:
    print(f"{name:>8} {f(twin):9.3f} {f(netns):9.3f}")
print(f"{'stdev':>8} {statistics.pstdev(twin):9.3f} {statistics.pstdev(netns):9.3f}")
print("runs (sorted):")
print("  twin :", " ".join(f"{v:.3f}" for v in sorted(twin)))
print("  netns:", " ".join(f"{v:.3f}" for v in sorted(netns)))
PY
