#!/usr/bin/env bash
# Checks the README's "In a notebook" lines with the readers they name:
# DuckDB (npm @duckdb/node-api), polars (npm nodejs-polars, the JS binding of
# the same library, running the same calls) and pandas (Debian's
# python3-pandas), each installed if missing. The output is a run over the
# Simple English dump and the Arabic HTML page, so that revision times and
# wikis other than English are in it.
set -euo pipefail
cd "$(dirname "$0")/.."
. interop/npm-cache.sh
. interop/debian.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./bin/wikipipe run --quiet -o "$work/out" -f csv,parquet \
  testdata/corpus/dumps/wikidump_tests_simplewiki.xml testdata/corpus/html/mobileapps_ar-Mathematics.html
duckdb=$(npm_home @duckdb/node-api 1.5.6-r.1)
polars=$(npm_home nodejs-polars 0.25.2)
# npm leaves out the native binding when the optional dependencies are not
# installed; it is the one for this platform.
if [ ! -d "$polars/node_modules/nodejs-polars-linux-x64-gnu" ] && [ "$(uname -sm)" = "Linux x86_64" ]; then
  npm install --prefix "$polars" --no-audit --no-fund --silent nodejs-polars-linux-x64-gnu@0.25.2 >&2
fi
node interop/notebook-check.mjs "$duckdb" "$polars" "$work"
PY=/usr/bin/python3 # Debian's python, where the Debian package installs
"$PY" -c 'import pandas' 2>/dev/null || debian_install python3-pandas
"$PY" interop/pandas_check.py "$work"
