#!/usr/bin/env bash
# Installs the Debian packages edgetwin needs, only those that are missing.
# Idempotent and quiet when everything is already there; used by the README's two
# commands and by .ci/run.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libgl-dev libxkbcommon-dev
  libsimgrid-dev libboost-graph-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev libsodium-dev
  iproute2 python3
  libcurl4-openssl-dev docker-registry  # edgeboxd's registry pulls and their test
  mariadb-server mariadb-client redis-server redis-tools python3-pymysql  # linux.netns_data: real servers under the firmware's data HA
  libsqlite3-dev sqlite3  # campaign databases (DIR/results.sqlite) and the sqlite3 shell to query them
  slurm-wlm munge  # scripts/slurm-local.sh: a one-node Slurm for `sweep --engine slurm` and its test
  clang libclang-rt-dev llvm  # scripts/fuzz.sh: clang, libFuzzer + sanitizer runtimes, llvm-symbolizer
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
