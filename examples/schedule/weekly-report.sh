#!/usr/bin/env bash
# Ingests the fact logs that monitors dropped into the inbox, then publishes this week's
# compliance report (HTML, Markdown, JSON, CSV) with what changed since the last one.
# Run it from cron or the systemd timer beside it; every setting has an environment variable.
#
#   ABIDE          the abide binary                 (default: abide on PATH)
#   ABIDE_HOME     the working folder               (default: /srv/abide)
#   ABIDE_DB       fact store and run history       (default: $ABIDE_HOME/abide.db)
#   ABIDE_RULES    rule files or folders            (default: $ABIDE_HOME/rules)
#   ABIDE_INBOX    new logs, *.jsonl and *.csv      (default: $ABIDE_HOME/inbox)
#   ABIDE_PUBLISH  where reports go                 (default: $ABIDE_HOME/public)
#   AS_OF          the report's date                (default: today, UTC)
#
# Exit status: 0; 1 when something is newly breached since the last report (--fail-on-new), so
# that cron mails or systemd's OnFailure= alerts; 2 when a log was rejected (it is moved to
# inbox/rejected/, the report is still published) or the report could not be made.
# Safe to rerun: ingest is idempotent per fact, the report of a date is recorded once (rerun
# with new facts, it replaces that date's run), report files are replaced atomically, and a
# second run waits for the first (abide report --lock-timeout).
set -uo pipefail

ABIDE=${ABIDE:-abide}
home=${ABIDE_HOME:-/srv/abide}
db=${ABIDE_DB:-$home/abide.db}
rules=${ABIDE_RULES:-$home/rules}
inbox=${ABIDE_INBOX:-$home/inbox}
publish=${ABIDE_PUBLISH:-$home/public}
as_of=${AS_OF:-$(date -u +%F)}

mkdir -p "$inbox/done" "$inbox/rejected" "$publish" || exit 2
status=0

# 1. New facts: each log is stored whole or not at all; a rejected one is set aside.
shopt -s nullglob
for log in "$inbox"/*.jsonl "$inbox"/*.csv; do
  if "$ABIDE" ingest --db "$db" "$log" --rules "$rules"; then
    mv -- "$log" "$inbox/done/"
  else
    echo "weekly-report: $log rejected; moved to $inbox/rejected/" >&2
    mv -- "$log" "$inbox/rejected/"
    status=2
  fi
done

# 2. The week's report, named by ISO week, and latest.* pointing at it.
week=$(date -u -d "$as_of" +%G-W%V) || exit 2
"$ABIDE" report "$rules" --db "$db" --as-of "$as_of" --fail-on-new breached \
  -o html="$publish/$week.html" -o md="$publish/$week.md" \
  -o json="$publish/$week.json" -o csv="$publish/$week.csv"
report_status=$?
if [ "$report_status" -eq 2 ]; then
  exit 2
fi
for ext in html md json csv; do
  ln -sfn "$week.$ext" "$publish/latest.$ext"
done
[ "$status" -ne 0 ] && exit "$status"
exit "$report_status"
