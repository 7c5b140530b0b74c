#!/usr/bin/env bash
# The HTML report of rules/ on examples/facts/ (ingested into a fact store) in headless
# Chromium: no console error, no request but the file itself, readable at phone width, prints;
# plus a static check that nothing in the file would fetch anything.
# usage: html_check.sh ABIDE SOURCE_DIR OUT_DIR   (screenshots and the PDF are left in OUT_DIR)
set -euo pipefail
abide=$1 src=$2 out=$3
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "html_check: chromium is not installed (scripts/setup.sh installs it)" >&2
  exit 1
fi
rm -rf "$out" && mkdir -p "$out"
"$abide" ingest --db "$out/abide.db" "$src/examples/facts" --rules "$src/rules" >/dev/null
"$abide" report "$src/rules" --db "$out/abide.db" --as-of 2026-11-15 -o html="$out/previous.html" >/dev/null
"$abide" report "$src/rules" --db "$out/abide.db" --as-of 2026-11-22 -o html="$out/report.html" \
  -o md="$out/report.md" >/dev/null

# Static: no script, no external stylesheet, font or image; the only http(s) URLs are <a href>.
python3 - "$out/report.html" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
bad = []
if re.search(r"<script", html, re.I): bad.append("a <script> element")
if re.search(r"@import|url\(", html, re.I): bad.append("a CSS import or url()")
for m in re.finditer(r"<(\w+)[^>]*?\s(src|href|srcset|poster|data|action|xlink:href)\s*=\s*\"([^\"]*)\"", html, re.I):
    tag, attr, val = m.group(1).lower(), m.group(2).lower(), m.group(3)
    if attr == "href" and tag == "a" and (val.startswith("#") or re.match(r"https?://", val)):
        continue
    if tag == "link" and attr == "href" and val == "data:,":
        continue
    bad.append(f"<{tag} {attr}=\"{val[:80]}\">")
links = re.findall(r"<a href=\"https?://", html)
print(f"static: {len(html)} bytes, {len(links)} source links, {len(bad)} problems")
for b in bad: print("problem:", b)
sys.exit(1 if bad or not links else 0)
PY

python3 "$(dirname "$0")/html_check.py" "$chromium" "$out/report.html" "$out"
echo "html_check: ok; screenshots in $out"
