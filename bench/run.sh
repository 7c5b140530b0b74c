#!/usr/bin/env bash
# Whole-run benchmark on the shared workload (../shared/bench): 1,000,000 facts and 1,000 rules.
# Checks abide's verdicts against the workload's reference evaluator, then times `abide eval`
# beside the parse-only floor (simdjson) in the same run, with /usr/bin/time -v.
#
# usage: bench/run.sh [FACTS] [RULES] [RUNS]     (defaults 1000000 1000 3)
# env:   ABIDE=path/to/abide (default build/cli/abide), SHARED=path/to/shared, WORK=/tmp/abide-bench
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}; R=${2:-1000}; RUNS=${3:-3}
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
  /usr/bin/time -v "$@" > /dev/null 2> "$WORK/time.txt" || true
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; w = s }
              /Maximum resident set size/ { m = $2 } END { print w, m }' "$WORK/time.txt"
}
floor_w=(); abide_w=(); abide_m=(); floor_m=()
for i in $(seq "$RUNS"); do
  read -r w m < <(measure "$WORK/floor" "$events"); floor_w+=("$w"); floor_m+=("$m")
  read -r w m < <(measure "$ABIDE" eval "$rules" --facts "$events" --as-of 2026-06-30 --format json); abide_w+=("$w"); abide_m+=("$m")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
fw=$(median "${floor_w[@]}"); aw=$(median "${abide_w[@]}"); am=$(median "${abide_m[@]}"); fm=$(median "${floor_m[@]}")
echo "facts=$N rules=$R runs=$RUNS (medians, /usr/bin/time -v)"
echo "floor (simdjson parse only): ${fw}s  peak ${fm} KB"
echo "abide eval --format json:    ${aw}s  peak ${am} KB"
awk -v a="$aw" -v f="$fw" -v m="$am" 'BEGIN { printf "ratio abide/floor: %.2fx (target <= 3x); peak memory %.0f MB (target < 300 MB)\n", a / f, m / 1024 }'
