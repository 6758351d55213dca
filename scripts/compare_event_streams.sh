#!/usr/bin/env bash
# Proves that a change moved no behaviour: runs every bundled scenario (or those named) with two
# builds of `edgetwin` and compares their event streams and results byte for byte.
#   scripts/compare_event_streams.sh OLD_EDGETWIN NEW_EDGETWIN [SCENARIO...]
# Prints one line per scenario (identical / DIFFERENT, with the streams' SHA-256) and exits 1
# when any differ. Runs two scenarios at a time. The result files are compared without their
# wall-clock field.
set -uo pipefail
[ $# -ge 2 ] || { echo "usage: $0 OLD_EDGETWIN NEW_EDGETWIN [SCENARIO...]" >&2; exit 2; }
old=$(realpath "$1") new=$(realpath "$2"); shift 2
cd "$(dirname "$0")/.."
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(scenarios/*.scenario.json)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run_one() {  # run_one BIN TAG SCENARIO
  local name; name=$(basename "$3" .scenario.json)
  "$1" run "$3" --events "$work/$name.$2.events" --result "$work/$name.$2.result" \
    >/dev/null 2>"$work/$name.$2.stderr"
  echo $? >"$work/$name.$2.status"
}
export -f run_one
export work
for s in "${scenarios[@]}"; do
  printf '%s\0%s\0%s\0' "$old" old "$s"
  printf '%s\0%s\0%s\0' "$new" new "$s"
done | xargs -0 -n 3 -P 2 bash -c 'run_one "$0" "$1" "$2"'

different=0
strip_wall() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); [d.pop(k,None) for k in ("wall_s","wall_time_s","edgetwin_version")]; print(json.dumps(d,sort_keys=True))' "$1" 2>/dev/null; }
for s in "${scenarios[@]}"; do
  name=$(basename "$s" .scenario.json)
  a=$(sha256sum <"$work/$name.old.events" | cut -c1-16)
  b=$(sha256sum <"$work/$name.new.events" | cut -c1-16)
  sa=$(cat "$work/$name.old.status") sb=$(cat "$work/$name.new.status")
  same=yes
  [ "$a" = "$b" ] && [ "$sa" = "$sb" ] || same=no
  [ "$(strip_wall "$work/$name.old.result")" = "$(strip_wall "$work/$name.new.result")" ] || same=no
  if [ $same = yes ]; then
    printf 'identical  %-50s events %s exit %s\n' "$name" "$a" "$sa"
  else
    printf 'DIFFERENT  %-50s events %s vs %s, exit %s vs %s\n' "$name" "$a" "$b" "$sa" "$sb"
    different=$((different + 1))
  fi
done
echo "$different of ${#scenarios[@]} scenarios differ"
[ $different -eq 0 ]
