#!/usr/bin/env bash
# Layers point one way (ARCHITECTURE.md). Fails, naming the offending lines, when:
#  - the firmware includes SimGrid, Qt or Boost (Graph) headers, or reaches a clock, thread,
#    sleep or random generator of its own instead of the platform's, or any OS header;
#  - sockets, netlink or epoll appear outside the Linux backend (firmware-shim/linux);
#  - model, reports or gui include SimGrid; model or reports include Qt;
#  - a firmware subsystem includes one it may not (the table below, ARCHITECTURE.md), or
#    anything outside the backends and tests includes the agents (agents/ composes subsystems);
#  - the twin's metrics reach SimGrid or the engine, directly or through a header;
#  - the firmware library ($1, optional) references SimGrid, Qt or Boost.Graph symbols.
# LAYERING_ROOT checks another copy of the tree (tests/layering plants forbidden includes in one).
set -u
root=${LAYERING_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
status=0

forbid() {  # forbid <description> <regex> <dirs...>
  local what=$1 regex=$2; shift 2
  local hits
  hits=$(cd "$root" && grep -rnE "$regex" "$@" --include='*.hpp' --include='*.cpp' --include='*.h' 2>/dev/null)
  if [ -n "$hits" ]; then
    echo "layering: $what:"; echo "$hits"; status=1
  fi
}

fw="firmware-shim/include firmware-shim/src"
forbid "firmware includes a simulator, Qt or Boost header" '#include *<(simgrid|xbt|Q[A-Za-z]*|qt|boost)' $fw
forbid "firmware reads a clock, sleeps, spawns a thread or draws randomness itself" \
  'steady_clock|system_clock|high_resolution_clock|[^_a-z]rand\(|random_device|std::thread|std::jthread|sleep_for|sleep_until|usleep|[^_a-z]sleep\(|getenv|fopen|ifstream|ofstream|socket\(' $fw
forbid "firmware includes an OS header (sockets, files and processes belong in firmware-shim/linux)" \
  '#include *<(sys/|linux/|netinet/|arpa/|net/|unistd\.h|fcntl\.h|poll\.h|signal\.h|csignal|pthread\.h|dirent\.h)' $fw
forbid "sockets, netlink, epoll or signalfd outside the Linux backend (firmware-shim/linux)" \
  '#include *<(sys/socket\.h|sys/epoll\.h|sys/timerfd\.h|sys/signalfd\.h|linux/|netinet/|arpa/inet\.h|net/if\.h)' \
  $fw firmware-shim/testing firmware-shim/edgeboxd model sim reports gui
forbid "an HTTP client (libcurl) outside the Linux backend (firmware-shim/linux)" \
  '#include *<curl/' $fw firmware-shim/testing firmware-shim/edgeboxd model sim reports campaign gui
forbid "model, reports, campaign or gui include SimGrid" '#include *<(simgrid|xbt)' model reports campaign gui
forbid "model, reports or campaign include Qt" '#include *<Q' model reports campaign

# Firmware subsystems: which others each may include. HA decides who serves, never what runs;
# data learns of the VIP only through the agent; only agents/ composes subsystems.
declare -A may_use=(
  [base]=""
  [wire]="base"
  [heartbeat]="base wire" [ha]="base wire" [data]="base wire" [access]="base wire"
  [rollout]="base wire"
  [activation]="base wire heartbeat access"
  [orchestration]="base wire heartbeat access rollout"
  [alerts]="base wire heartbeat ha data"
  [agents]="*"
)
for dir in "$root"/firmware-shim/src/* "$root"/firmware-shim/include/edgetwin/firmware/*; do
  [ -d "$dir" ] || continue
  sub=$(basename "$dir")
  if [ -z "${may_use[$sub]+set}" ]; then
    echo "layering: firmware folder '$sub' is not a known subsystem (add it to check_layering.sh)"
    status=1; continue
  fi
  [ "${may_use[$sub]}" = "*" ] && continue
  while IFS=: read -r file line used; do
    [ -n "$file" ] || continue
    [ "$used" = "$sub" ] && continue
    case " ${may_use[$sub]} " in *" $used "*) continue ;; esac
    echo "layering: firmware $sub/ may not include $used/: ${file#"$root"/}:$line"
    status=1
  done < <(grep -rnoE '#include *"edgetwin/firmware/[a-z_]+/' "$dir" 2>/dev/null |
             sed -E 's#^([^:]*):([0-9]+):.*edgetwin/firmware/([a-z_]+)/$#\1:\2:\3#')
done
for f in "$root"/firmware-shim/src/*.cpp "$root"/firmware-shim/include/edgetwin/firmware/*.hpp \
         "$root"/sim/src/*.cpp "$root"/sim/include/edgetwin/sim/*.hpp; do
  [ -e "$f" ] && { echo "layering: ${f#"$root"/} is outside a subsystem folder"; status=1; }
done
forbid "only backends (sim, linux, edgeboxd) and tests include the agents" \
  '#include *"edgetwin/firmware/agents/' model reports gui firmware-shim/testing

# The twin's metrics read what a run recorded (events, fault windows, counters): following
# every include, they never reach SimGrid or the engine, so they can be tested without either.
metrics_reach=$(cd "$root" && python3 - <<'PY'
import os, re
inc = re.compile(r'#include\s*[<"]([^>"]+)[>"]')
roots = ['sim/include', 'model/include', 'firmware-shim/include']
def resolve(name):
    for r in roots:
        if os.path.isfile(os.path.join(r, name)): return os.path.join(r, name)
    return None
seen, bad = set(), []
todo = [(os.path.join(d, f), []) for d in ('sim/src/metrics', 'sim/include/edgetwin/sim/metrics')
        if os.path.isdir(d) for f in sorted(os.listdir(d))]
while todo:
    path, chain = todo.pop()
    if path in seen: continue
    seen.add(path)
    for name in inc.findall(open(path).read()):
        if name.startswith(('simgrid/', 'xbt', 'edgetwin/sim/engine/', 'edgetwin/sim/faults/')):
            bad.append(' -> '.join(chain + [path, name]))
        elif (found := resolve(name)): todo.append((found, chain + [path]))
print('\n'.join(sorted(set(bad))))
PY
)
if [ -n "$metrics_reach" ]; then
  echo "layering: the metrics reach SimGrid or the engine:"; echo "$metrics_reach"; status=1
fi

lib=${1:-}
if [ -n "$lib" ]; then
  syms=$(nm -C "$lib" 2>/dev/null | grep -E 'simgrid::|QString|QObject|boost::(adjacency|graph)' | head -5)
  if [ -n "$syms" ]; then
    echo "layering: $lib references forbidden symbols:"; echo "$syms"; status=1
  fi
fi
[ $status -eq 0 ] && echo "layering: ok"
exit $status
