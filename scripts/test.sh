#!/usr/bin/env bash
# Builds everything with warnings as errors and runs every test (unit, golden, CLI, examples).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build-ci -DABIDE_WERROR=ON -DABIDE_BENCH=ON -DABIDE_TESTS=ON
# Formatting is part of the build: one layout for every C++ file (.clang-format).
git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run -Werror
cd build-ci
ctest --output-on-failure -j "$(nproc)" --timeout 300
