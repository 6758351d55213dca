#!/usr/bin/env bash
# The data case of scripts/fidelity.sh (--data): the twin's data-primary-crash-semisync, REPS
# runs with the crash spread over one advert interval, against REPS runs of
# tests/linux/netns_data.py (real MariaDB under edgeboxd; root). Prints per side the time from
# the crash to the first acknowledged write, the checker's unavailable_s, and lost writes.
#
#   scripts/fidelity_data.sh REPS BUILD_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
reps=$1
build=$2
scenario="$root/scenarios/data-primary-crash-semisync.scenario.json"
for bin in edgetwin edgeboxd history_check; do
  [ -x "$build/bin/$bin" ] || { echo "fidelity: build $bin first ($build/bin/$bin)" >&2; exit 2; }
done
work=$(mktemp -d /tmp/et-fidelity-data-XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "twin: $reps runs of $(basename "$scenario")" >&2
for k in $(seq 0 $((reps - 1))); do
  python3 - "$scenario" "$work/s$k.scenario.json" "$k" "$reps" <<'PY'
import json, os, sys
src, dst, k, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
doc = json.load(open(src))
doc["fleet"] = os.path.join(os.path.dirname(os.path.abspath(src)), doc["fleet"])
doc["seed"] = 1000 + k
doc["faults"][0]["at_s"] = round(doc["faults"][0]["at_s"] + k / n, 6)  # 1 s adverts
doc.pop("expect", None)
json.dump(doc, open(dst, "w"))
PY
  "$build/bin/edgetwin" run "$work/s$k.scenario.json" --seed $((1000 + k)) \
    --result "$work/r$k.json" --history "$work/h$k.jsonl" >/dev/null
done

echo "namespaces: $reps runs of netns_data.py (MariaDB, SIGKILL of the primary's box, LAN split)" >&2
for k in $(seq 0 $((reps - 1))); do
  python3 "$root/tests/linux/netns_data.py" test --edgeboxd "$build/bin/edgeboxd" \
    --history-check "$build/bin/history_check" --json "$work/n$k.json" >&2
done

python3 - "$work" "$reps" <<'PY'
import json, statistics, sys
work, n = sys.argv[1], int(sys.argv[2])
twin = {"first_ack_s": [], "unavailable_s": [], "lost_writes": []}
for k in range(n):
    doc = json.load(open(f"{work}/s{k}.scenario.json"))
    crash = doc["faults"][0]["at_s"]
    m = json.load(open(f"{work}/r{k}.json"))["metrics"]
    ops = [json.loads(l) for l in open(f"{work}/h{k}.jsonl")]
    oks = [o["complete_s"] for o in ops if o["op"] == "write" and o["outcome"] == "ok" and o["invoke_s"] >= crash]
    twin["first_ack_s"].append(min(oks) - crash)
    twin["unavailable_s"].append(m["unavailable_s"]["by_app"]["mysql"])
    twin["lost_writes"].append(m["lost_writes"])
netns = {"first_ack_s": [], "unavailable_s": [], "lost_writes": []}
for k in range(n):
    f = json.load(open(f"{work}/n{k}.json"))
    netns["first_ack_s"].append(f["mariadb_failover_s"])
    netns["unavailable_s"].append(f["unavailable_s"])
    netns["lost_writes"].append(f["lost_writes"])
print(f"MySQL-HA semi-sync (2 s timeout), primary's box crashed during writes, {n} runs each")
print(f"{'':>28} {'twin min/p50/max':>22} {'netns min/p50/max':>22}")
for name in ["first_ack_s", "unavailable_s", "lost_writes"]:
    cols = []
    for side in (twin, netns):
        v = side[name]
        cols.append(f"{min(v):.3f}/{statistics.median(v):.3f}/{max(v):.3f}")
    print(f"{name:>28} {cols[0]:>22} {cols[1]:>22}")
PY
