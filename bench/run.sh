#!/usr/bin/env bash
# Runs every benchmark (built by `make bench`) and regenerates BENCHMARKS.md through bench/report.sh.
#   bench/run.sh [--quick] [--only segment,e2e,score,quality,real,match,pipes,long,film,tags,vectors,encoders,gateway] [other Matchcut.Bench args]
# Without --only, bench/results/figures.csv and tables.csv are started afresh, so every figure and table BENCHMARKS.md shows
# comes from this run; with --only, the parts named replace their own rows and the rest keep theirs (with their stamps).
# A benchmark that misses a target still counts as run; one that fails is reported and makes this script fail at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
R=bench/results
mkdir -p "$R"
args=("$@")
mode=full; only=""; rest=()
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --quick) mode=quick; rest+=(--quick) ;;
    --only) only="${args[$((i + 1))]:-}"; i=$((i + 1)) ;;
    *) rest+=("${args[$i]}") ;;
  esac
done
wanted() { [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]; }
quick=(); [ "$mode" = quick ] && quick=(--quick)
if [ -z "$only" ]; then rm -f "$R/figures.csv" "$R/tables.csv" "$R/runs.csv"; fi
[ -f "$R/runs.csv" ] || echo "bench,mode,seconds,exit,finished_at" > "$R/runs.csv"
failed=()
run() { # name, command...
  local name=$1; shift
  local start=$SECONDS
  echo "bench: $name ($mode): $*"
  "$@"
  local rc=$?
  grep -v "^$name,$mode," "$R/runs.csv" > "$R/runs.csv.tmp" || true
  mv "$R/runs.csv.tmp" "$R/runs.csv"
  echo "$name,$mode,$((SECONDS - start)),$rc,$(date -u '+%Y-%m-%d %H:%MZ')" >> "$R/runs.csv"
  # 1: ran and missed a target (listed in figures.csv); anything else but 0 is a failure.
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then failed+=("$name (exit $rc)"); fi
}
# Matchcut.Bench once per part, so that each part's time is recorded and a part that fails loses only its own figures.
main() {
  wanted "$1" || return 0
  local extra=(); [ "$mode" = full ] && [ "$1" = score ] && extra=(--bdn)
  run "$1" dotnet bench/Matchcut.Bench/bin/Release/net10.0/Matchcut.Bench.dll --only "$1" "${rest[@]}" "${extra[@]}"
}
main score
wanted vectors && run vectors dotnet bench/Matchcut.Vectors.Bench/bin/Release/net10.0/Matchcut.Vectors.Bench.dll "${quick[@]}"
main long
main film
main tags
main match
wanted gateway && run gateway dotnet bench/Matchcut.Gateway.Bench/bin/Release/net10.0/Matchcut.Gateway.Bench.dll "${quick[@]}"
wanted encoders && run encoders dotnet bench/Matchcut.Encoders.Bench/bin/Release/net10.0/Matchcut.Encoders.Bench.dll "${quick[@]}"
main pipes
main segment
main e2e
main quality
main real
bench/report.sh
if [ ${#failed[@]} -gt 0 ]; then echo "bench: failed: ${failed[*]}" >&2; exit 1; fi
