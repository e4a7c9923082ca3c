#!/usr/bin/env bash
# Decode speed of a generated dump of SIZE bytes of XML (default 200 MB) in its
# single-stream and multistream bzip2 forms: compress/bzip2 (what a dump read
# used before issue 17), `lbzip2 -dc -n 2` (the floor: C, parallel), and
# internal/pbzip2 at 1 and 2 workers; then `wikipipe run` with csv+parquet at
# -j 1 and -j 2 on the plain, single-stream and multistream forms, --page on
# one article through the index, and (GROWTH=1) the multistream form at 5x
# SIZE for the growth of peak RSS. Each run is repeated RUNS times (default
# 3); compare the medians of one session, the machine being shared.
# Usage: scripts/bench-dumps.sh [SIZE] (the dump goes to testdata/large/dump-SIZE/)
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-200000000}
runs=${RUNS:-3}
dir=testdata/large/dump-$size
. interop/debian.sh
[ -x /usr/bin/time ] || debian_install time
command -v lbzip2 >/dev/null || debian_install lbzip2
[ -f "$dir/genwiki-pages-articles-multistream-index.txt.bz2" ] ||
  go run ./internal/dumpgen/gendump -size "$size" -o "$dir"
go build -o bin/pbunzip2 ./internal/pbzip2/pbunzip2
go build -o bin/wikipipe ./cmd/wikipipe
xml=$(stat -c %s "$dir/genwiki-pages-articles.xml")
# decode NAME CMD…: time CMD, which writes the XML to stdout, RUNS times.
decode() {
  local name=$1 t
  shift
  for r in $(seq "$runs"); do
    t=$(mktemp)
    /usr/bin/time -f "%e %U %M" -o "$t" "$@" >/dev/null
    read -r wall user rss <"$t"
    rm -f "$t"
    awk -v n="$name" -v r="$r" -v w="$wall" -v u="$user" -v m="$rss" -v x="$xml" \
      'BEGIN { printf "%-34s run %d: %6.2f s wall %6.2f s user %6.1f MB/s of XML %5.0f MB peak RSS\n", n, r, w, u, x / w / 1e6, m / 1024 }'
  done
}
for form in single multistream; do
  f=$dir/genwiki-pages-articles.xml.bz2
  [ "$form" = multistream ] && f=$dir/genwiki-pages-articles-multistream.xml.bz2
  decode "$form: compress/bzip2" ./bin/pbunzip2 -stdlib "$f"
  decode "$form: lbzip2 -dc -n 2" lbzip2 -dc -n 2 "$f"
  decode "$form: pbzip2 -j 1" ./bin/pbunzip2 -j 1 "$f"
  decode "$form: pbzip2 -j 2" ./bin/pbunzip2 -j 2 "$f"
done
# wikipipe DIR NAME FORM-FILE ARGS…: csv+parquet runs of FORM-FILE in DIR.
wikipipe() {
  local d=$1 name=$2 f=$3
  shift 3
  decode "$name" ./bin/wikipipe run -q -f csv,parquet -o "$d/out" "$@" "$f"
}
for j in 1 2; do
  wikipipe "$dir" "run plain -j $j" "$dir/genwiki-pages-articles.xml" -j "$j"
  wikipipe "$dir" "run single -j $j" "$dir/genwiki-pages-articles.xml.bz2" -j "$j"
  wikipipe "$dir" "run multistream -j $j" "$dir/genwiki-pages-articles-multistream.xml.bz2" -j "$j"
done
# an article (not a redirect) from the last run's rows, one without quoting
title=$(awk -F, 'NR > 1000 && !/"/ { print $2; exit }' "$dir/out/csv/articles.csv")
wikipipe "$dir" "run --page (index)" "$dir/genwiki-pages-articles-multistream.xml.bz2" -j 2 --page "$title"
if [ "${GROWTH:-0}" = 1 ]; then
  big=testdata/large/dump-$((size * 5))
  [ -f "$big/genwiki-pages-articles-multistream-index.txt.bz2" ] ||
    go run ./internal/dumpgen/gendump -size "$((size * 5))" -o "$big"
  xml=$(stat -c %s "$big/genwiki-pages-articles.xml")
  runs=1
  wikipipe "$big" "run multistream -j 2, 5x" "$big/genwiki-pages-articles-multistream.xml.bz2" -j 2
fi
