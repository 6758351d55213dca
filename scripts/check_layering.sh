#!/usr/bin/env bash
# Layers point one way (ARCHITECTURE.md). Fails, naming the offending lines, when:
#  - the firmware includes SimGrid, Qt or Boost (Graph) headers, or reaches a clock, thread,
#    sleep or random generator of its own instead of the platform's, or any OS header;
#  - sockets, netlink or epoll appear outside the Linux backend (firmware-shim/linux);
#  - model, reports or gui include SimGrid; model or reports include Qt;
#  - the firmware library ($1, optional) references SimGrid, Qt or Boost.Graph symbols.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
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
forbid "model, reports or gui include SimGrid" '#include *<(simgrid|xbt)' model reports gui
forbid "model or reports include Qt" '#include *<Q' model reports

lib=${1:-}
if [ -n "$lib" ]; then
  syms=$(nm -C "$lib" 2>/dev/null | grep -E 'simgrid::|QString|QObject|boost::(adjacency|graph)' | head -5)
  if [ -n "$syms" ]; then
    echo "layering: $lib references forbidden symbols:"; echo "$syms"; status=1
  fi
fi
[ $status -eq 0 ] && echo "layering: ok"
exit $status
