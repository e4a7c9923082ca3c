#!/usr/bin/env bash
# Checks out/jsonld with jsonld.js: every file converts to RDF offline, and the
# seed gives 15 schema:Event nodes whose dates are xsd:date literals.
# jsonld is installed from npm, once, into a cache folder outside the repo.
#   EXPECT_EVENTS=N  the Event count to expect (default 15, the seed's visits;
#                    empty to skip the count)
#   OUT=DIR          the output folder (default out)
set -euo pipefail
cd "$(dirname "$0")/.."
JSONLD_VERSION=9.0.0
home="${XDG_CACHE_HOME:-$HOME/.cache}/wikipipe-interop/jsonld"
if [ ! -f "$home/node_modules/jsonld/package.json" ] ||
  ! grep -q "\"version\": \"$JSONLD_VERSION\"" "$home/node_modules/jsonld/package.json"; then
  command -v npm >/dev/null || { echo "check-jsonld: npm is needed (apt-get install npm)" >&2; exit 1; }
  mkdir -p "$home"
  echo "check-jsonld: installing jsonld@$JSONLD_VERSION into $home"
  npm install --prefix "$home" --no-audit --no-fund --silent "jsonld@$JSONLD_VERSION" >&2
fi
node interop/jsonld-check.mjs "$home" "${OUT:-out}/jsonld" ${EXPECT_EVENTS-15}
