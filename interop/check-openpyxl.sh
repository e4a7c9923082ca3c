#!/usr/bin/env bash
# Checks out/datasets.xlsx with openpyxl (Debian's python3-openpyxl, installed
# if missing): every sheet has its CSV's rows with real dates, numbers and
# booleans, a bold frozen header and an autofilter.
#   OUT=DIR  the output folder (default out)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3 # Debian's python, where the Debian package installs
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
if ! "$PY" -c 'import openpyxl' 2>/dev/null; then
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq python3-openpyxl >/dev/null
fi
"$PY" interop/openpyxl_check.py "${OUT:-out}"
