#!/usr/bin/env bash
# npm run bench — the load-test benchmark on this machine; see docs/load-testing.md.
# Installs what it needs (Node.js of .nvmrc, npm packages, the Python virtualenvs with locust,
# matplotlib and ministack, Debian's wrk), builds, then runs dist/loadtest/bench/bench.js with the
# given flags:
#   npm run bench -- --quick      (or: npm run bench --quick)
#   npm run bench -- --help
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/ensure-node.sh # Node.js of .nvmrc, the images' major
[ -d node_modules ] || { echo "› installing npm packages"; npm ci --no-audit --no-fund; }
bash scripts/ensure-venv.sh requirements-dev.txt
bash scripts/ensure-venv.sh requirements-dynamodb.txt .venv-dynamodb # ministack, DynamoDB's emulator
bash scripts/ensure-apt.sh wrk wrk "the liveness phase (GET /health/live under load)" ||
  echo "⚠ wrk could not be installed: the liveness phase will be recorded as failed"
echo "› building"
npm run --silent build
app_node_options
exec node dist/loadtest/bench/bench.js "$@"
