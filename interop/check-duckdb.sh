#!/usr/bin/env bash
# Checks out/parquet with DuckDB (npm @duckdb/node-api, installed if missing
# into a cache outside the repository): every file reads, with the row count,
# column names and values of its CSV, and visits' dates typed DATE.
#   OUT=DIR  the output folder (default out)
set -euo pipefail
cd "$(dirname "$0")/.."
. interop/npm-cache.sh
home=$(npm_home @duckdb/node-api 1.5.6-r.1)
node interop/duckdb-check.mjs "$home" "${OUT:-out}"
