#!/usr/bin/env bash
# Measures wikipipe beside its peers on the same corpus and machine, in one run:
# wtf_wikipedia (npm), mwparserfromhell (Debian), pandoc's MediaWiki reader
# (Debian) and the floor (cat). Installs the peers if they are missing: the npm
# package into a cache folder outside the repository (WIKIPIPE_PEERS), the
# Debian packages with apt-get. Prints markdown tables for docs/PERFORMANCE.md.
#
# Every row is one whole process run over the whole input (its start-up
# included), the best of RUNS runs by CPU time. MB/s is input MB (10^6 bytes)
# per wall second; "MB/CPU-s" per second of user+system CPU time, which is the
# per-core figure and moves less with the load of a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
PEERS=${WIKIPIPE_PEERS:-${XDG_CACHE_HOME:-$HOME/.cache}/wikipipe-peers}
PY=/usr/bin/python3 # Debian's python, where the Debian package installs
. interop/debian.sh
. scripts/wtf.sh

# --- peers ---------------------------------------------------------------
need=()
"$PY" -c 'import mwparserfromhell' 2>/dev/null || need+=(python3-mwparserfromhell)
command -v pandoc >/dev/null || need+=(pandoc)
[ -x /usr/bin/time ] || need+=(time)
[ ${#need[@]} -eq 0 ] || debian_install "${need[@]}"
WTF=$(wtf_install "$PEERS")
make -s build

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wikitext=(testdata/corpus/wikitext/*.txt)
cat "${wikitext[@]}" >"$work/corpus.txt"
mkdir "$work/dumps"
for f in testdata/corpus/dumps/*.xml testdata/corpus/dumps/*.xml.bz2; do
  base=$(basename "$f" .bz2)
  [ -e "$work/dumps/$base" ] || { case $f in *.bz2) bzip2 -dc "$f" ;; *) cat "$f" ;; esac >"$work/dumps/$base"; }
done
dumps=("$work"/dumps/*.xml)
printf 'version: 1\noutput: %s/out\n' "$work" >"$work/pipeline.yaml"

# wtf_wikipedia: parse each file (the Document is built by the parse).
cat >"$work/wtf.js" <<'EOF'
const fs = require('fs');
const m = require(process.env.WTF);
const wtf = m.default || m;
let n = 0;
for (const f of process.argv.slice(2)) n += wtf(fs.readFileSync(f, 'utf8')).sections().length;
console.log(n);
EOF
# mwparserfromhell: parse each file, or each page's text of a dump (the
# dump's XML read with the standard library's iterparse).
cat >"$work/mwp.py" <<'EOF'
import sys, xml.etree.ElementTree as ET, mwparserfromhell
n = 0
for f in sys.argv[2:]:
    if sys.argv[1] == "dump":
        for _, el in ET.iterparse(f):
            if el.tag.endswith("}text") and el.text:
                n += len(mwparserfromhell.parse(el.text).nodes)
            if el.tag.endswith("}page"):
                el.clear()
    else:
        with open(f, encoding="utf-8-sig") as fh:
            n += len(mwparserfromhell.parse(fh.read()).nodes)
print(n)
EOF

# measure NAME BYTES CMD...: one table row.
measure() {
  local name=$1 bytes=$2 best="" line
  shift 2
  for _ in $(seq "$RUNS"); do
    if ! /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >/dev/null 2>"$work/err"; then
      echo "| $name | failed: $(tail -1 "$work/err") |||||"
      return
    fi
    line=$(tail -1 "$work/time")
    if [ -z "$best" ] || awk -v a="$line" -v b="$best" 'BEGIN{split(a,x," ");split(b,y," ");exit !(x[2]+x[3]<y[2]+y[3])}'; then
      best=$line
    fi
  done
  # time(1) counts in hundredths: below that a rate says nothing, so "—".
  awk -v n="$name" -v b="$bytes" -v t="$best" 'function rate(s) { return s >= 0.01 ? sprintf("%.1f", b/1e6/s) : "—" }
    BEGIN{split(t,x," "); cpu=x[2]+x[3];
    printf "| %s | %.2f | %.2f | %s | %.2f | %s | %d |\n", n, b/1e6, x[1], rate(x[1]), cpu, rate(cpu), x[4]/1024}'
}
header() {
  echo
  echo "$1"
  echo
  echo "| tool | input MB | wall s | MB/s | CPU s | MB/CPU-s | peak RSS MB |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
}
size() { cat "$@" | wc -c; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "peers: wtf_wikipedia $(node -p "require('$WTF/package.json').version"), mwparserfromhell $("$PY" -c 'import mwparserfromhell as m; print(m.__version__)'), $(pandoc --version | head -1), node $(node --version), $("$PY" --version)"

n=$(size "${wikitext[@]}")
header "Wikitext: the ${#wikitext[@]} articles of testdata/corpus/wikitext"
measure "cat (floor)" "$n" cat "${wikitext[@]}"
measure "wikipipe extract, one process per file" "$n" bash -c 'for f; do bin/wikipipe extract --dialect wikitext "$f" || exit; done 2>/dev/null' _ "${wikitext[@]}"
measure "wikipipe run -j 1: extract + csv, xlsx, parquet, jsonld" "$n" bin/wikipipe run -c "$work/pipeline.yaml" -j 1 --quiet "${wikitext[@]}"
measure "wikipipe run -j 2: extract + csv, xlsx, parquet, jsonld" "$n" bin/wikipipe run -c "$work/pipeline.yaml" -j 2 --quiet "${wikitext[@]}"
measure "wikipipe run -j 1 -f csv: extract + csv only" "$n" bin/wikipipe run -c "$work/pipeline.yaml" -j 1 -f csv --quiet "${wikitext[@]}"
measure "wtf_wikipedia (node)" "$n" env WTF="$WTF" node "$work/wtf.js" "${wikitext[@]}"
measure "mwparserfromhell (python, C tokenizer)" "$n" "$PY" "$work/mwp.py" files "${wikitext[@]}"
measure "pandoc -f mediawiki -t json (the files concatenated)" "$n" pandoc -f mediawiki -t json "$work/corpus.txt"

n=$(size "${dumps[@]}")
header "Dumps: the ${#dumps[@]} XML dumps of testdata/corpus/dumps, decompressed"
measure "cat (floor)" "$n" cat "${dumps[@]}"
measure "wikipipe extract --dialect dump" "$n" bash -c 'for f; do bin/wikipipe extract --dialect dump "$f" || exit; done 2>/dev/null' _ "${dumps[@]}"
measure "wikipipe run -j 2: extract + csv, xlsx, parquet, jsonld" "$n" bin/wikipipe run -c "$work/pipeline.yaml" -j 2 --quiet "${dumps[@]}"
measure "mwparserfromhell + xml.etree iterparse" "$n" "$PY" "$work/mwp.py" dump "${dumps[@]}"
echo "| wtf_wikipedia, pandoc | no dump reader |||||"

big=testdata/corpus/dumps/wikidump_benches_enwiki-10k.xml.bz2
n=$(bzip2 -dc "$big" | wc -c)
header "The 196-page dump as shipped ($(basename "$big"), bzip2; MB uncompressed)"
measure "bzip2 -dc (floor)" "$n" bzip2 -dc "$big"
measure "wikipipe extract" "$n" bin/wikipipe extract "$big"
measure "wikipipe run -j 2: extract + csv, xlsx, parquet, jsonld" "$n" bin/wikipipe run -c "$work/pipeline.yaml" -j 2 --quiet "$big"

# Memory is bounded by a page, not by the dump: the same pages repeated 20
# times in one dump leave the peak resident memory where it was.
bzip2 -dc "$big" >"$work/one.xml"
{
  sed -n '1,/<\/siteinfo>/p' "$work/one.xml"
  for _ in $(seq 20); do sed -n '/<\/siteinfo>/,/<\/mediawiki>/{/<\/siteinfo>/d;/<\/mediawiki>/d;p}' "$work/one.xml"; done
  echo '</mediawiki>'
} >"$work/twenty.xml"
echo
echo "Peak memory reading a dump (/usr/bin/time -v, maximum resident set size):"
echo
for f in "$big" "$work/one.xml" "$work/twenty.xml"; do
  rss=$(/usr/bin/time -v bin/wikipipe extract --dialect dump "$f" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}')
  case $f in
  *.bz2) what="$(basename "$f") as shipped ($(bzip2 -dc "$f" | wc -c) bytes uncompressed)" ;;
  */one.xml) what="the same, decompressed ($(wc -c <"$f") bytes)" ;;
  *) what="its pages repeated 20 times in one dump ($(wc -c <"$f") bytes)" ;;
  esac
  printf -- '- `wikipipe extract` of %s: %d MB\n' "$what" $((rss / 1024))
done

# inproc NAME BYTES BENCH: wikipipe's parse alone, in one process: the CPU
# time of 41 passes of a benchmark less that of 1 pass (which cancels the
# set-up and the warm-up pass), per pass.
inproc() {
  local name=$1 bytes=$2 bench=$3 cpu=()
  for n in 1 41; do
    (cd extract && /usr/bin/time -f '%U %S' -o "$work/time" "$work/extract.test" -test.run '^$' \
      -test.bench "^$bench\$" -test.benchtime "${n}x" >/dev/null)
    cpu+=("$(awk '{print $1+$2}' "$work/time")")
  done
  awk -v n="$name" -v b="$bytes" -v c1="${cpu[0]}" -v c41="${cpu[1]}" 'BEGIN{c=(c41-c1)/40;
    printf "| %s | %.2f | | | %.3f | %.1f | |\n", n, b/1e6, c, b/1e6/(c>0?c:0.001)}'
}
go test -c -o "$work/extract.test" ./extract/
header "wikipipe's parse alone, in one process (per pass: CPU s of 41 passes less 1, over 40)"
inproc "BenchmarkExtractWikitext: the ${#wikitext[@]} wikitext articles" "$(size "${wikitext[@]}")" BenchmarkExtractWikitext
inproc "BenchmarkExtractDump/xml: the 196-page dump, plain" "$(bzip2 -dc "$big" | wc -c)" BenchmarkExtractDump/xml
inproc "BenchmarkExtractDump/bz2: the 196-page dump, bzip2" "$(bzip2 -dc "$big" | wc -c)" BenchmarkExtractDump/bz2
