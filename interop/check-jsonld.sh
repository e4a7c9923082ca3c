#!/usr/bin/env bash
# Checks out/jsonld with jsonld.js: every file converts to RDF offline, and the
# seed gives 15 schema:Event nodes whose dates are xsd:date literals.
#   EXPECT_EVENTS=N  the Event count to expect (default 15, the seed's visits;
#                    empty to skip the count)
#   OUT=DIR          the output folder (default out)
set -euo pipefail
cd "$(dirname "$0")/.."
. interop/npm-cache.sh
home=$(npm_home jsonld 9.0.0)
node interop/jsonld-check.mjs "$home" "${OUT:-out}/jsonld" ${EXPECT_EVENTS-15}
