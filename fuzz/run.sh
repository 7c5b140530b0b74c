#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for SECONDS (default
# 300) on a scratch corpus (fuzz/corpus-<target>/, gitignored) seeded from fuzz/corpus/.
# Crashes, leaks and timeouts land in fuzz/corpus-artifacts/. Prints each target's final stats.
#   fuzz/run.sh [SECONDS] [TARGET...]      TARGET: dsl, facts, tests (default: all, one after the other)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(dsl facts tests)
build="${ABIDE_FUZZ_BUILD:-build-fuzz}"
jobs="${ABIDE_FUZZ_JOBS:-2}"

if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DABIDE_FUZZ=ON -DABIDE_TESTS=OFF -DABIDE_BENCH=OFF
fi
cmake --build "$build" -j "$jobs" --target "${targets[@]/#/fuzz_}"

mkdir -p fuzz/corpus-artifacts
status=0
for t in "${targets[@]}"; do
  scratch="fuzz/corpus-$t"
  mkdir -p "$scratch"
  cp -n fuzz/corpus/"$t"/* "$scratch"/ 2>/dev/null || true
  log="fuzz/corpus-artifacts/fuzz_$t.log"
  echo "== fuzz_$t for ${seconds}s (log: $log)"
  rc=0
  dict=()
  [ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
  "$build/fuzz/fuzz_$t" "$scratch" "${dict[@]}" -max_total_time="$seconds" -max_len=65536 -timeout=5 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=fuzz/corpus-artifacts/"$t"- \
    >"$log" 2>&1 || rc=$?
  # The last status line ("#N DONE cov: ... exec/s: ...") and the final stats.
  grep -E '^#[0-9]+' "$log" | tail -n 1 || true
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" || true
  if [ "$rc" -ne 0 ]; then
    echo "fuzz_$t: exit $rc; see $log and fuzz/corpus-artifacts/"
    grep -E 'ERROR: |SUMMARY: |Test unit written to' "$log" | head -n 5 || true
    status=1
  fi
done
exit "$status"
