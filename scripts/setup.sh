#!/usr/bin/env bash
# Installs the Debian packages abide needs (only those missing) and builds it.
# usage: scripts/setup.sh [BUILD_DIR] [extra cmake args...]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake ninja-build ccache pkg-config python3 clang-format
          libboost-dev libboost-date-time-dev libspdlog-dev libsqlite3-dev sqlite3
          libgtest-dev libgmock-dev libbenchmark-dev libsimdjson-dev nlohmann-json3-dev libcli11-dev
          python3-yaml libxml2-utils
          chromium fonts-dejavu-core)  # chromium: tests/history/html_check.sh
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

build=${1:-build}
shift || true
cmake -S . -B "$build" -G Ninja "$@" >&2
cmake --build "$build" -j "$(nproc)" >&2
