#!/usr/bin/env bash
# Checks out/datasets.xlsx with openpyxl (Debian's python3-openpyxl, installed
# if missing): every sheet has its CSV's rows with real dates, numbers and
# booleans, a bold frozen header and an autofilter.
#   OUT=DIR  the output folder (default out)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3 # Debian's python, where the Debian package installs
. interop/debian.sh
"$PY" -c 'import openpyxl' 2>/dev/null || debian_install python3-openpyxl
"$PY" interop/openpyxl_check.py "${OUT:-out}"
