#!/usr/bin/env bash
# Checks wikipipe's outputs with real readers. Each interop/check-*.sh installs
# what it needs from the package registries if it is missing, then checks.
set -euo pipefail
cd "$(dirname "$0")/.."
./bin/wikipipe run -c pipeline.yaml --quiet
status=0
for check in interop/check-*.sh; do
  [ -e "$check" ] || continue
  echo "== $check"
  bash "$check" || status=1
done
exit $status
