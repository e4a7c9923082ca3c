#!/usr/bin/env bash
# Issue 16's speed check: the whole `wikipipe run -f csv -j 1` over the 71
# wikitext articles of testdata/corpus/wikitext four times over (284 files)
# against wtf_wikipedia reading the same 284 files in one node process
# (wtf(text), then each section's title and text, the tables, infoboxes and
# lists read out), which is the work wikipipe's CSV datasets hold.
#
# Each run is one whole process, start-up included, timed by bash's `time`
# (wall, user and system seconds). The two alternate RUNS times (default 11)
# so that the load of a shared machine falls on both alike; printed are the
# medians of wall time and of CPU time (user + system) and the ratio of the
# medians, wtf_wikipedia / wikipipe, for both. WIKIPIPE=path times another
# wikipipe binary (an older build, say) instead of a fresh bin/wikipipe.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-11}
PEERS=${WIKIPIPE_PEERS:-${XDG_CACHE_HOME:-$HOME/.cache}/wikipipe-peers}
. interop/debian.sh
. scripts/wtf.sh
WTF=$(wtf_install "$PEERS")
if [ -z "${WIKIPIPE:-}" ]; then
  make -s build
  WIKIPIPE=bin/wikipipe
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for copy in 1 2 3 4; do
  mkdir "$work/$copy"
  cp testdata/corpus/wikitext/*.txt "$work/$copy/"
done
files=("$work"/[1-4]/*.txt)
printf 'version: 1\n' >"$work/pipeline.yaml"
cat >"$work/wtf.js" <<'JS'
const fs = require('fs');
const m = require(process.env.WTF);
const wtf = m.default || m;
let n = 0;
for (const f of process.argv.slice(2)) {
  const doc = wtf(fs.readFileSync(f, 'utf8'));
  for (const s of doc.sections()) n += s.title().length + s.text().length;
  for (const t of doc.tables()) n += JSON.stringify(t.keyValue()).length;
  for (const i of doc.infoboxes()) n += JSON.stringify(i.keyValue()).length;
  for (const l of doc.lists()) n += JSON.stringify(l.json()).length;
}
console.log(n);
JS

# timed FILE CMD...: appends "wall user sys" of one run of CMD to FILE.
timed() {
  local out=$1
  shift
  local TIMEFORMAT='%3R %3U %3S'
  { time "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }; } 2>>"$out"
}
for _ in $(seq "$RUNS"); do
  rm -rf "$work/out"
  timed "$work/wikipipe.times" "$WIKIPIPE" run -c "$work/pipeline.yaml" -f csv -j 1 -q -o "$work/out" "$work"/[1-4]
  timed "$work/wtf.times" env WTF="$WTF" node "$work/wtf.js" "${files[@]}"
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wtf_wikipedia $(node -p "require('$WTF/package.json').version") (node $(node --version)); ${#files[@]} files, $(cat "${files[@]}" | wc -c) bytes; $RUNS runs each, alternating"
echo
# median FILE COLUMN-EXPRESSION: the median over the runs.
median() { awk "{print $2}" "$1" | sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
ww=$(median "$work/wikipipe.times" '$1')
wc=$(median "$work/wikipipe.times" '$2+$3')
tw=$(median "$work/wtf.times" '$1')
tc=$(median "$work/wtf.times" '$2+$3')
echo "| process | wall s, median | CPU s (user + sys), median |"
echo "|---|---:|---:|"
printf '| wikipipe run -f csv -j 1 | %.3f | %.3f |\n' "$ww" "$wc"
printf '| wtf_wikipedia (node) | %.3f | %.3f |\n' "$tw" "$tc"
awk -v a="$tw" -v b="$ww" -v c="$tc" -v d="$wc" 'BEGIN {printf "| **wtf_wikipedia / wikipipe** | **%.1f×** | **%.1f×** |\n", a/b, c/d}'
