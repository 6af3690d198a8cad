#!/usr/bin/env bash
# npm run local — the whole system on this machine, no Docker, no AWS account:
# moto server (the AWS emulator) on :4566, provisioned from @app/aws-resources,
# the order-receiver on :3000 and the order-processor on :3001. Ctrl-C stops
# everything it started. An emulator already running on the port is reused.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/ensure-node.sh # Node.js of .nvmrc, the images' major, for the build and both apps

MOTO_PORT="${MOTO_PORT:-4566}"
export PORT="${PORT:-3000}" PROCESSOR_PORT="${PROCESSOR_PORT:-3001}"
logs=.local/logs
mkdir -p "$logs"

[ -d node_modules ] || { echo "› installing npm packages"; npm ci --no-audit --no-fund; }
bash scripts/ensure-venv.sh requirements.txt
echo "› building"
npm run --silent build

for port in "$PORT" "$PROCESSOR_PORT"; do
  if port_busy "$port"; then
    echo "✗ port $port is already in use (another 'npm run local'?). Stop it, or set PORT / PROCESSOR_PORT." >&2
    exit 1
  fi
done

pids=()
cleanup() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    echo
    echo "› stopping (${#pids[@]} processes)"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'cleanup; exit 0' INT TERM

emulator_env "http://localhost:$MOTO_PORT"
start_emulator "$MOTO_PORT" "$logs/moto.log"
if [ -n "$EMULATOR_PID" ]; then
  pids+=("$EMULATOR_PID")
  echo "› starting the AWS emulator (moto) on :$MOTO_PORT"
  wait_http "http://127.0.0.1:$MOTO_PORT/moto-api/" 30 || { echo "✗ moto did not start; see $logs/moto.log" >&2; exit 1; }
else
  echo "› reusing the AWS emulator already on :$MOTO_PORT"
fi

echo "› provisioning topic, queues, subscription and table"
provision_env

echo "› starting order-receiver (:$PORT) and order-processor (:$PROCESSOR_PORT); logs in $logs/"
NODE_OPTIONS=$(node_options_for order-receiver) node dist/apps/order-receiver/src/main.js >"$logs/order-receiver.log" 2>&1 &
pids+=($!)
NODE_OPTIONS=$(node_options_for order-processor) node dist/apps/order-processor/src/main.js >"$logs/order-processor.log" 2>&1 &
pids+=($!)

for app in "receiver:$PORT:order-receiver" "processor:$PROCESSOR_PORT:order-processor"; do
  IFS=: read -r _ port name <<<"$app"
  if ! wait_http "http://127.0.0.1:$port/health/live" 30; then
    echo "✗ $name did not start:" >&2
    tail -n 20 "$logs/$name.log" >&2
    exit 1
  fi
done

cat <<TXT

  Ready.
  Swagger UI        http://localhost:$PORT/docs
  OpenAPI document  http://localhost:$PORT/docs-json
  Receiver health   http://localhost:$PORT/health      metrics  http://localhost:$PORT/metrics
  Processor health  http://localhost:$PROCESSOR_PORT/health      metrics  http://localhost:$PROCESSOR_PORT/metrics
  Try it:
    curl -s -XPOST localhost:$PORT/orders/async -H 'content-type: application/json' \\
      -d '{"customerId":"c-1","items":[{"productId":"sku-1","quantity":2,"price":9.5}]}'
  Logs: tail -f $logs/order-receiver.log $logs/order-processor.log
  Press Ctrl-C to stop.
TXT

# Ends when any started process exits (or on Ctrl-C); cleanup stops the rest.
wait -n "${pids[@]}" || true
echo "✗ a process exited; see $logs/" >&2
exit 1
