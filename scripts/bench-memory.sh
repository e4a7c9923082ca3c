#!/usr/bin/env bash
# Peak memory (and time) of `wikipipe run` over a generated corpus of N
# articles and of 10×N, for each set of formats: memory must not grow with the
# articles (the bound: 10× the articles, at most 20% more peak RSS). Peak RSS
# is the maximum of a noisy series, so every run is repeated.
# Usage: scripts/bench-memory.sh [N] (default 20000; the corpora go to testdata/large/)
# Environment: FORMATS (sets of formats, default "csv csv,parquet csv,xlsx,parquet,jsonld"),
# J (workers, default 2), RUNS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
formats=${FORMATS:-csv csv,parquet csv,xlsx,parquet,jsonld}
j=${J:-2}
runs=${RUNS:-2}
. interop/debian.sh
[ -x /usr/bin/time ] || debian_install time
go build -o bin/wikipipe ./cmd/wikipipe
for k in "$n" "$((10 * n))"; do
  [ -d "testdata/large/$k" ] || go run ./internal/corpusgen/gencorpus -n "$k" -o "testdata/large/$k"
done
for f in $formats; do
  for k in "$n" "$((10 * n))"; do
    for r in $(seq "$runs"); do
      out=$(mktemp -d)
      /usr/bin/time -f "-f $f, $k articles, -j $j, run $r: %e s wall, %U s user, %M KB peak RSS" \
        ./bin/wikipipe run -j "$j" -f "$f" --quiet -o "$out" "testdata/large/$k" 2>&1 | grep -v ': extract: ' || true
      rm -rf "$out"
    done
  done
done
