#!/usr/bin/env bash
# Builds once and runs every test project of the solution; prints one closing line "N passed, N failed, N skipped"
# summed over all projects (from their TRX files) and exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
config="${CONFIG:-Release}"
results=.artifacts/test-results
rm -rf "$results"
dotnet build matchcut.slnx -c "$config" -v q -nologo || exit 1
dotnet test matchcut.slnx -c "$config" --no-build -v q --results-directory "$results" \
  --logger "trx" --logger "console;verbosity=normal"
status=$?
passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0})); skipped=$((skipped + ${n:-0}))
done
# Name every failed test with the first lines of its message, last, so that a log cut to its tail still says what broke.
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  if command -v python3 >/dev/null; then
    python3 - "$trx" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if r.get("outcome") not in ("Failed", "Error"):
        continue
    msg = r.find(".//t:Message", ns)
    text = (msg.text or "").strip().splitlines() if msg is not None else []
    print("FAILED " + r.get("testName", "?"))
    for line in text[:(30 if len(text) > 6 else 6)]:
        print("    " + line[:300])
PY
  else
    grep -o '<UnitTestResult [^>]*outcome="\(Failed\|Error\)"[^>]*>' "$trx" | sed -n 's/.*testName="\([^"]*\)".*/FAILED \1/p'
  fi
done
echo
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
