#!/usr/bin/env bash
# Builds everything with warnings as errors and runs every test (unit, golden, CLI, examples).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build-ci -DABIDE_WERROR=ON -DABIDE_BENCH=ON -DABIDE_TESTS=ON
cd build-ci
ctest --output-on-failure -j "$(nproc)" --timeout 300
