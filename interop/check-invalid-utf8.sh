#!/usr/bin/env bash
# Runs the seed article beside wikitext holding bytes that are not UTF-8
# (invalid UTF-8 is read as U+FFFD, issue 13) and checks that every CSV is
# valid UTF-8 (iconv) and that DuckDB reads every Parquet file as its CSV.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '{{Infobox country\n| name = Bad\377name\n}}\n'"'''"'Bad'"'''"' is an article.\n\n== Head\376 ==\n{| class="wikitable"\n! A !! B\n|-\n| x\342\050y || 2\n|}\n* item \300\257\n' >"$tmp/bad.wiki"
./bin/wikipipe run -c pipeline.yaml -o "$tmp/out" --progress never testdata/corpus/seed/azerbaijan-united-states-relations.txt "$tmp/bad.wiki" 2>"$tmp/stderr"
grep -q 'bad.wiki:2:13: extract: invalid UTF-8' "$tmp/stderr" || { echo "invalid-utf8: no located warning:"; cat "$tmp/stderr"; exit 1; } >&2
for f in "$tmp"/out/csv/*.csv; do
  iconv -f UTF-8 -t UTF-8 "$f" >/dev/null || { echo "invalid-utf8: $(basename "$f") is not UTF-8" >&2; exit 1; }
done
OUT="$tmp/out" bash interop/check-duckdb.sh
