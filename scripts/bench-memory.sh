#!/usr/bin/env bash
# Peak memory (and time) of `wikipipe run`, all four formats, over a generated
# corpus of N articles and of 10×N: memory must not grow with the articles.
# Usage: scripts/bench-memory.sh [N] (default 20000; the corpora go to testdata/large/).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
. interop/debian.sh
[ -x /usr/bin/time ] || debian_install time
go build -o bin/wikipipe ./cmd/wikipipe
for k in "$n" "$((10 * n))"; do
  dir=testdata/large/$k
  [ -d "$dir" ] || go run ./internal/corpusgen/gencorpus -n "$k" -o "$dir"
  for j in 1 2; do
    out=$(mktemp -d)
    /usr/bin/time -f "$k articles -j $j: %e s wall, %U s user, %M KB peak RSS" \
      ./bin/wikipipe run -j "$j" --quiet -o "$out" "$dir" 2>&1 | grep -v ': extract: ' || true
    rm -rf "$out"
  done
done
