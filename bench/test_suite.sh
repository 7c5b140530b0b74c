#!/usr/bin/env bash
# Benchmark of the rule-suite runner: generates a suite of TESTS tests (default 10,000) over a
# small rule file, each test 1-3 inline facts and 1-3 expectations that hold, checks that
# `abide test` passes them all, then times it with /usr/bin/time -v beside a baseline measured
# in the same run: `abide eval` of the same rules over all the suite's facts at once.
#
# usage: bench/test_suite.sh [TESTS] [RUNS]      (defaults 10000 3)
# env:   ABIDE=path/to/abide (default build/cli/abide), WORK=/tmp/abide-bench-suite, JOBS=-j value
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}; RUNS=${2:-3}
WORK=${WORK:-/tmp/abide-bench-suite}; ABIDE=${ABIDE:-build/cli/abide}
[ -x "$ABIDE" ] || { echo "bench: $ABIDE not built (run scripts/setup.sh)" >&2; exit 2; }
SUITE=$WORK/suite-$N
rm -rf "$SUITE"; mkdir -p "$SUITE"

python3 - "$SUITE" "$N" <<'PY'
import datetime as dt, json, os, sys
out, n = sys.argv[1], int(sys.argv[2])
open(os.path.join(out, "rules.abide"), "w").write("""\
event ministerial_convened { topic: text }
event meeting_requested { ref: text }
event meeting_held { ref: text }
event shipment { amount: number }
event notice { agreement: text }

agreement ag {
  signed 2025-10-28
  parties US, JP
  ends 30 days after notice
  rule ministerial {
    require ministerial_convened within 180 days after signed
  }
  rule meet {
    for each meeting_requested as req:
      require meeting_held where ref == req.ref within 10 days after req.date
  }
}
rule top.cap { require sum(shipment.amount) <= 10 during 2026 }
rule top.count { require count(shipment) >= 3 by 2026-12-31 }
""")
D0 = dt.date(2025, 11, 1)
def day(k): return (D0 + dt.timedelta(days=k)).isoformat()
def fact(**f): return "    " + json.dumps(f, separators=(",", ":"))
all_facts = []
per_file = 500
for start in range(0, n, per_file):
    lines = []
    for i in range(start, min(n, start + per_file)):
        kind, k = i % 4, i % 170
        facts, expects = [], []
        if kind == 0:
            facts.append(fact(id=f"m{i}", date=day(k), type="ministerial_convened", topic="t"))
            expects.append(f"expect ag.ministerial met at {day(k)} evidence [m{i}]")
            if k > 0: expects.append(f"expect ag.ministerial pending at {day(k - 1)}")
            rules = "ag.ministerial"
        elif kind == 1:
            late = i % 3 == 0
            held = k + (12 if late else 4)
            facts.append(fact(id=f"r{i}", date=day(k), type="meeting_requested", ref=f"r{i}"))
            facts.append(fact(id=f"h{i}", date=day(held), type="meeting_held", ref=f"r{i}"))
            if late:
                expects.append(f"expect ag.meet[r{i}] breached at {day(k + 11)}")
            else:
                expects.append(f"expect ag.meet[r{i}] met at {day(held)} evidence [r{i}, h{i}]")
                expects.append(f"expect ag.meet[r{i}] pending at {day(k + 1)}")
            rules = "ag.*"
        elif kind == 2:
            a, b = 2 + i % 5, 3 + i % 7
            facts.append(fact(id=f"s{i}a", date="2026-02-01", type="shipment", amount=a))
            facts.append(fact(id=f"s{i}b", date="2026-03-01", type="shipment", amount=b))
            v = "breached" if a + b > 10 else "pending"
            expects.append(f"expect top.cap {v} at 2026-06-01")
            rules = "top.cap"
        else:
            for j in range(3):
                facts.append(fact(id=f"c{i}-{j}", date=f"2026-0{j + 1}-15", type="shipment", amount=1))
            expects.append(f"expect top.count met at 2026-03-15 evidence [c{i}-0, c{i}-1, c{i}-2]")
            expects.append(f"expect top.count pending at 2026-02-15")
            expects.append(f"expect top.cap pending at 2026-04-01")
            rules = "top.*"
        all_facts += [f.strip() for f in facts]
        lines.append(f"test t{i:06d} {{\n  rules {rules}\n  facts {{\n" + "\n".join(facts) +
                     "\n  }\n" + "".join(f"  {e}\n" for e in expects) + "}\n")
    open(os.path.join(out, f"s{start // per_file:03d}.test.abide"), "w").write("\n".join(lines))
# The baseline's log: every test's facts, ids being unique across the suite.
open(os.path.join(out, "..", f"all-{n}.jsonl"), "w").write("\n".join(all_facts) + "\n")
PY

# 1. Correctness: every generated test passes.
set +e
"$ABIDE" test "$SUITE" ${JOBS:+-j "$JOBS"} > "$WORK/out.txt"
status=$?
set -e
tail -1 "$WORK/out.txt"
[ "$status" -eq 0 ] || { echo "bench: abide test exited $status" >&2; head -40 "$WORK/out.txt" >&2; exit 1; }

# 2. Time: the baseline (one eval over all facts) and the suite, RUNS times each; medians.
measure() {  # prints "seconds maxrss_kb"
  /usr/bin/time -v "$@" > /dev/null 2> "$WORK/time.txt" || true
  awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]}
              /Maximum resident/ {m = $2} END {printf "%.3f %d\n", s, m}' "$WORK/time.txt"
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
base=(); suite=(); rss=0
for _ in $(seq "$RUNS"); do
  base+=("$(measure "$ABIDE" eval "$SUITE/rules.abide" --facts "$WORK/all-$N.jsonl" --as-of 2026-06-01 --format json | cut -d' ' -f1)")
  read -r s m <<< "$(measure "$ABIDE" test "$SUITE" ${JOBS:+-j "$JOBS"})"
  suite+=("$s"); rss=$m
done
b=$(printf '%s\n' "${base[@]}" | median); s=$(printf '%s\n' "${suite[@]}" | median)
echo "abide eval, all $(wc -l < "$WORK/all-$N.jsonl") facts at once (baseline): ${b} s"
echo "abide test, $N tests: ${s} s (max RSS ${rss} kB), $(awk -v s="$s" -v b="$b" 'BEGIN {printf "%.1f", (b > 0 ? s / b : 0)}')x the baseline"
awk -v s="$s" 'BEGIN {exit !(s < 10)}' || { echo "bench: over the 10 s target" >&2; exit 1; }
