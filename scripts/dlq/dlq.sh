#!/usr/bin/env bash
# npm run dlq:show / dlq:redrive [-- --json]: the dead-letter queue command (docs/dead-letter.md),
# built first when a source changed since the last build. Only the command's answer goes to stdout.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
source scripts/ensure-node.sh
build_when_changed >&2
exec node dist/scripts/dlq/dlq.js "$@"
