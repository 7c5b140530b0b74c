#!/usr/bin/env bash
# Whole-run benchmark on the shared workload (../shared/bench): 1,000,000 facts and 1,000 rules.
# Checks abide's verdicts against the workload's reference evaluator, then times `abide eval`
# beside the parse-only floor (simdjson) in the same run, with /usr/bin/time -v.
#
# usage: bench/run.sh [FACTS] [RULES] [RUNS]     (defaults 1000000 1000 11: the machine is noisy)
# env:   ABIDE=path/to/abide (default build/cli/abide), SHARED=path/to/shared, WORK=/tmp/abide-bench
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}; R=${2:-1000}; RUNS=${3:-11}
SHARED=${SHARED:-../shared}; WORK=${WORK:-/tmp/abide-bench}; ABIDE=${ABIDE:-build/cli/abide}
B=$SHARED/bench
mkdir -p "$WORK"
[ -x "$ABIDE" ] || { echo "bench: $ABIDE not built (run scripts/setup.sh)" >&2; exit 2; }

events=$WORK/e$N.jsonl rules_json=$WORK/r$R-$N.json rules=$WORK/r$R-$N.abide
[ -s "$events" ] || python3 "$B/gen_events.py" "$N" "$events"
[ -s "$rules_json" ] || python3 "$B/gen_rules.py" "$N" "$R" "$rules_json"
[ -s "$rules" ] || python3 "$B/to_abide.py" "$rules_json" "$rules"
[ -s "$WORK/expected-$R-$N.tsv" ] || python3 "$B/reference.py" "$events" "$rules_json" "$WORK/expected-$R-$N.tsv"
[ -x "$WORK/floor" ] || g++ -O2 -std=c++17 "$B/floor_simdjson.cpp" -lsimdjson -o "$WORK/floor"

# 1. Correctness: the verdicts must equal the reference evaluator's.
set +e
"$ABIDE" eval "$rules" --facts "$events" --as-of 2026-06-30 --format json > "$WORK/out.json"
status=$?
set -e
[ "$status" -le 1 ] || { echo "bench: abide eval failed ($status)" >&2; exit 2; }
python3 - "$WORK/out.json" "$WORK/expected-$R-$N.tsv" <<'PY'
import json, sys
got = {r["rule"]: r["verdict"] for r in json.load(open(sys.argv[1]))["results"]}
want = dict(l.rstrip("\n").split("\t") for l in open(sys.argv[2]))
bad = [(k, want[k], got.get("bench." + k)) for k in want if got.get("bench." + k) != want[k]]
print(f"verdicts: {len(want) - len(bad)}/{len(want)} equal to reference.py")
for k, w, g in bad[:10]:
    print(f"  {k}: reference {w}, abide {g}")
sys.exit(1 if bad else 0)
PY

# 2. Time: floor and abide in turn, RUNS times each; report medians and the ratio.
measure() {  # prints "wall_seconds max_rss_kb"
  # /usr/bin/time -v gives the peak memory, and the wall time only to 10 ms, which is 7 % of
  # the floor: the wall time is also read from the clock around the same run, to 1 ms (less
  # the cost of starting /usr/bin/time itself, measured on `true` below).
  local start end
  start=$(date +%s%N)
  /usr/bin/time -v "$@" > /dev/null 2> "$WORK/time.txt" || true
  end=$(date +%s%N)
  awk -F': ' -v ns=$((end - start)) '/Maximum resident set size/ { m = $2 } END { printf "%.3f %s\n", ns / 1e9, m }' "$WORK/time.txt"
}
floor_w=(); abide_w=(); abide_m=(); floor_m=(); none_w=()
for i in $(seq "$RUNS"); do
  read -r w m < <(measure true); none_w+=("$w")
  read -r w m < <(measure "$WORK/floor" "$events"); floor_w+=("$w"); floor_m+=("$m")
  read -r w m < <(measure "$ABIDE" eval "$rules" --facts "$events" --as-of 2026-06-30 --format json); abide_w+=("$w"); abide_m+=("$m")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
nw=$(median "${none_w[@]}")
fw=$(awk -v w="$(median "${floor_w[@]}")" -v n="$nw" 'BEGIN { printf "%.3f", w - n }')
aw=$(awk -v w="$(median "${abide_w[@]}")" -v n="$nw" 'BEGIN { printf "%.3f", w - n }')
am=$(median "${abide_m[@]}"); fm=$(median "${floor_m[@]}")
echo "facts=$N rules=$R runs=$RUNS (medians, /usr/bin/time -v; starting it took ${nw}s, subtracted)"
echo "floor (simdjson parse only): ${fw}s  peak ${fm} KB"
echo "abide eval --format json:    ${aw}s  peak ${am} KB"
# The machine's speed drifts between runs: each abide run is compared with the floor run just
# before it, and the median of those ratios is the figure (the ratio of the medians beside it).
ratios=()
for i in "${!floor_w[@]}"; do
  ratios+=("$(awk -v a="${abide_w[$i]}" -v f="${floor_w[$i]}" -v n="$nw" 'BEGIN { printf "%.3f", (a - n) / (f - n) }')")
done
rr=$(median "${ratios[@]}")
echo "run by run abide/floor: $(printf '%s\n' "${ratios[@]}" | sort -g | tr '\n' ' ')"
awk -v r="$rr" -v a="$aw" -v f="$fw" -v m="$am" 'BEGIN { printf "ratio abide/floor: %.2fx, median of the runs'"'"' ratios (of the medians: %.2fx; target <= 3x); peak memory %.0f MB (target < 300 MB)\n", r, a / f, m / 1024 }'
