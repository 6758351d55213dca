#!/usr/bin/env bash
# The layering check must fail on a forbidden include: plant one at a time in a copy of the
# tree and expect check_layering.sh to exit non-zero naming the file; the clean copy passes.
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fresh_copy() {
  rm -rf "$work/tree"; mkdir -p "$work/tree"
  (cd "$src" && cp -r scripts firmware-shim model sim reports gui "$work/tree/")
}

# plant <file> <line to add> <text the check must print>
plant() {
  local file=$1 line=$2 expect=$3
  fresh_copy
  awk -v planted="$line" '!done && /^#include/ { print planted; done = 1 } { print }' \
    "$work/tree/$file" >"$work/planted" && mv "$work/planted" "$work/tree/$file"
  local out
  out=$(LAYERING_ROOT="$work/tree" bash "$work/tree/scripts/check_layering.sh" 2>&1)
  local rc=$?
  if [ $rc -eq 0 ] || ! grep -qF -- "$expect" <<<"$out"; then
    echo "FAIL: planting '$line' in $file: exit $rc, expected a message with '$expect'; got:"
    echo "$out"
    failures=$((failures + 1))
  else
    echo "ok: planting '$line' in $file is refused"
  fi
}

fresh_copy
if ! LAYERING_ROOT="$work/tree" bash "$work/tree/scripts/check_layering.sh" >/dev/null; then
  echo "FAIL: the unmodified copy does not pass"; failures=$((failures + 1))
fi
plant firmware-shim/src/ha/vrrp_instance.cpp '#include "edgetwin/firmware/data/data_service.hpp"' \
  'firmware ha/ may not include data/: firmware-shim/src/ha/vrrp_instance.cpp'
plant firmware-shim/include/edgetwin/firmware/base/time.hpp '#include "edgetwin/firmware/wire/wire.hpp"' \
  'firmware base/ may not include wire/'
plant firmware-shim/src/data/replicated_log.cpp '#include "edgetwin/firmware/ha/vip_lease.hpp"' \
  'firmware data/ may not include ha/'
plant firmware-shim/src/alerts/alert_engine.cpp '#include "edgetwin/firmware/agents/box_agent.hpp"' \
  'firmware alerts/ may not include agents/'
plant model/src/fleet.cpp '#include "edgetwin/firmware/agents/box_config.hpp"' \
  'only backends (sim, linux, edgeboxd) and tests include the agents'
plant sim/include/edgetwin/sim/record/event_log.hpp '#include "edgetwin/sim/engine/sim_node.hpp"' \
  'the metrics reach SimGrid or the engine'
plant sim/src/metrics/vip_metrics.cpp '#include <simgrid/s4u.hpp>' \
  'the metrics reach SimGrid or the engine'
echo "$failures failed"
[ $failures -eq 0 ]
