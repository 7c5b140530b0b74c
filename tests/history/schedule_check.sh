#!/usr/bin/env bash
# examples/schedule/weekly-report.sh end to end: ingests the inbox (a good log and a bad one),
# publishes the week's reports, sets the bad log aside, and a rerun changes nothing.
# usage: schedule_check.sh ABIDE SOURCE_DIR WORK_DIR
set -euo pipefail
abide=$1 src=$2 home=$3
rm -rf "$home" && mkdir -p "$home/inbox"
cp -r "$src/rules" "$home/"
cp "$src/examples/facts/events.jsonl" "$home/inbox/"
echo '{"id":"bad"' > "$home/inbox/bad.jsonl"
run() { ABIDE="$abide" ABIDE_HOME="$home" AS_OF=${1:-2026-11-22} "$src/examples/schedule/weekly-report.sh"; }
fail() { echo "schedule_check: $*" >&2; exit 1; }
status=0; run >"$home/out1" 2>&1 || status=$?
[ "$status" -eq 2 ] || fail "expected exit 2 for the rejected log, got $status"
[ -f "$home/inbox/done/events.jsonl" ] || fail "good log not moved to done/"
[ -f "$home/inbox/rejected/bad.jsonl" ] || fail "bad log not moved to rejected/"
for ext in html md json csv; do
  [ -s "$home/public/2026-W47.$ext" ] || fail "no 2026-W47.$ext"
  [ "$(readlink "$home/public/latest.$ext")" = "2026-W47.$ext" ] || fail "latest.$ext"
done
cp "$home/public/2026-W47.html" "$home/first.html"
# The first report has nothing to compare with: its breached rules are new (exit 1).
status=0; run >"$home/out2" 2>&1 || status=$?
[ "$status" -eq 1 ] || fail "rerun: exit $status: $(cat "$home/out2")"
cmp -s "$home/first.html" "$home/public/2026-W47.html" || fail "rerun changed the report"
runs() { "$abide" runs --db "$home/abide.db" --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
[ "$(runs)" = 1 ] || fail "rerun recorded another run"
# Next week: nothing newly breached, exit 0, a second run and report.
status=0; run 2026-11-29 >"$home/out3" 2>&1 || status=$?
[ "$status" -eq 0 ] || fail "next week: exit $status: $(cat "$home/out3")"
grep -q "since run 1 (as of 2026-11-22): 0 changes" "$home/out3" || fail "next week: $(cat "$home/out3")"
[ -s "$home/public/2026-W48.html" ] && [ "$(readlink "$home/public/latest.html")" = 2026-W48.html ] \
  || fail "next week's report"
[ "$(runs)" = 2 ] || fail "expected two runs"
echo "schedule_check: ok"
