#!/usr/bin/env bash
# npm run token -- demo|other|admin|service: an access token for the receiver of `npm run local`
# (scripts/token.ts), built first when a source changed since the last build. Only the token goes
# to stdout: TOKEN=$(npm run --silent token -- demo).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/ensure-node.sh
build_when_changed >&2
exec node dist/scripts/token.js "$@"
