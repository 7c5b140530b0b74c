#!/usr/bin/env bash
# Fact store benchmark (issue 5): `abide ingest` of the shared workload's facts (JSON Lines)
# into a new store, beside sqlite3's own `.import` of the same rows as CSV into a new
# database, in turn in the same run, with /usr/bin/time -v. Reports medians of wall time, CPU
# time (user + sys) and peak memory, the ratios, and facts per second. Also checks that the
# store gives the file back line for line, and times a re-ingest (every fact unchanged).
#
# usage: bench/ingest.sh [FACTS] [RUNS]          (defaults 1000000 3)
# env:   ABIDE=path/to/abide (default build/cli/abide), SHARED=path/to/shared,
#        WORK=/tmp/abide-bench-ingest
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}; RUNS=${2:-3}
SHARED=${SHARED:-../shared}; WORK=${WORK:-/tmp/abide-bench-ingest}; ABIDE=${ABIDE:-build/cli/abide}
mkdir -p "$WORK"
[ -x "$ABIDE" ] || { echo "bench: $ABIDE not built (run scripts/setup.sh)" >&2; exit 2; }
command -v sqlite3 > /dev/null || { echo "bench: sqlite3 not installed (Debian: sqlite3)" >&2; exit 2; }

events=$WORK/e$N.jsonl rows=$WORK/e$N.csv
[ -s "$events" ] || python3 "$SHARED/bench/gen_events.py" "$N" "$events"
# The same rows as CSV: one column per key of any line, empty where a line lacks it.
[ -s "$rows" ] || python3 - "$events" "$rows" <<'PY'
import csv, json, sys
facts = [json.loads(l) for l in open(sys.argv[1])]
keys = list(dict.fromkeys(k for f in facts for k in f))
with open(sys.argv[2], "w", newline="") as out:
    w = csv.writer(out)
    w.writerow(keys)
    for f in facts:
        w.writerow(["" if f.get(k) is None else f[k] for k in keys])
PY

measure() {  # runs "$@"; prints "wall_seconds cpu_seconds max_rss_kb"
  /usr/bin/time -v "$@" > /dev/null 2> "$WORK/time.txt" || { cat "$WORK/time.txt" >&2; exit 2; }
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; w = s }
              /User time/ { u = $2 } /System time/ { y = $2 }
              /Maximum resident set size/ { m = $2 } END { print w, u + y, m }' "$WORK/time.txt"
}
db=$WORK/store.db imp=$WORK/import.db
iw=(); ic=(); im=(); sw=(); sc=(); sm=()
for i in $(seq "$RUNS"); do
  rm -f "$db" "$db-wal" "$db-shm" "$imp"
  read -r w c m < <(measure "$ABIDE" ingest --db "$db" "$events"); iw+=("$w"); ic+=("$c"); im+=("$m")
  read -r w c m < <(measure sqlite3 "$imp" ".import --csv $rows facts"); sw+=("$w"); sc+=("$c"); sm+=("$m")
done

# Correctness: the store holds every fact once and gives the file back line for line.
"$ABIDE" facts --db "$db" --format jsonl | cmp -s - "$events" \
  || { echo "bench: abide facts --format jsonl differs from $events" >&2; exit 1; }
stored=$(sqlite3 "$imp" "SELECT count(*) FROM facts")
[ "$stored" -eq "$N" ] || { echo "bench: sqlite3 .import stored $stored rows, not $N" >&2; exit 1; }
read -r rw rc rm_ < <(measure "$ABIDE" ingest --db "$db" "$events")

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
aw=$(median "${iw[@]}"); ac=$(median "${ic[@]}"); am=$(median "${im[@]}")
bw=$(median "${sw[@]}"); bc=$(median "${sc[@]}"); bm=$(median "${sm[@]}")
echo "facts=$N runs=$RUNS (medians, /usr/bin/time -v; load average $(cut -d' ' -f1 /proc/loadavg))"
awk -v w="$aw" -v c="$ac" -v m="$am" -v d="$(stat -c %s "$db")" 'BEGIN {
  printf "abide ingest (JSONL, new store):  wall %6.2fs  cpu %6.2fs  peak %4.0f MB  db %4.0f MB\n", w, c, m / 1024, d / 1048576 }'
awk -v w="$bw" -v c="$bc" -v m="$bm" -v d="$(stat -c %s "$imp")" 'BEGIN {
  printf "sqlite3 .import (CSV, new db):    wall %6.2fs  cpu %6.2fs  peak %4.0f MB  db %4.0f MB\n", w, c, m / 1024, d / 1048576 }'
awk -v w="$rw" -v c="$rc" 'BEGIN { printf "re-ingest (every fact unchanged): wall %6.2fs  cpu %6.2fs\n", w, c }'
awk -v aw="$aw" -v bw="$bw" -v ac="$ac" -v bc="$bc" -v n="$N" 'BEGIN {
  printf "ratio ingest/import: wall %.2fx, cpu %.2fx (target <= 2x)\n", aw / bw, ac / bc
  printf "throughput: %.0f facts/s wall, %.0f facts per cpu-second (target >= 200000/s)\n", n / aw, n / ac }'
