#!/usr/bin/env bash
# Checks out/csv/datapackage.json with the Frictionless Data reference library
# for JavaScript (npm datapackage): the descriptor is valid against the
# tabular-data-package profile, and every CSV reads with its Table Schema,
# each value cast to its field's type.
#   OUT=DIR  the output folder (default out)
set -euo pipefail
cd "$(dirname "$0")/.."
. interop/npm-cache.sh
home=$(npm_home datapackage 1.1.10)
node interop/datapackage-check.cjs "$home" "${OUT:-out}/csv"
