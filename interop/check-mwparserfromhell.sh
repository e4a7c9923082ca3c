#!/usr/bin/env bash
# Cross-checks wikipipe's wikitext reading with mwparserfromhell (Debian's
# python3-mwparserfromhell, installed if missing): infobox parameter, table and
# heading counts of every corpus article. Fails on a disagreement that
# interop/mwparserfromhell-disagreements.md does not explain.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3 # Debian's python, where the Debian package installs
. interop/debian.sh
"$PY" -c 'import mwparserfromhell' 2>/dev/null || debian_install python3-mwparserfromhell
[ -x bin/wikipipe ] || make build
echo "mwparserfromhell $("$PY" -c 'import mwparserfromhell as m; print(m.__version__)')"
"$PY" interop/mwparserfromhell_check.py bin/wikipipe testdata/corpus/wikitext \
  extract/wikitext.go interop/mwparserfromhell-disagreements.md
