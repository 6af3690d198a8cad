#!/usr/bin/env bash
# npm run local — the whole system on this machine, no Docker, no AWS account:
# moto (SNS and SQS) on :4566 and a DynamoDB emulator (ministack) on :4567, provisioned from
# @app/aws-resources (a Cognito user pool with local users included: the receiver checks bearer
# tokens, which `npm run token` gets), the order-receiver on :3000 and the order-processor on :3001. An app that
# crashes or is killed (kill -9 is what the README's guarantees invite) is
# restarted after a short backoff while the emulator and its state stay up.
# Ctrl-C stops everything it started: the apps first (the processor finishes or releases its
# orders in flight while the emulators still answer), then the emulators. An emulator already
# running on the port is reused (and left running).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/ensure-node.sh # Node.js of .nvmrc, the images' major, for the build and both apps

MOTO_PORT="${MOTO_PORT:-4566}"
# DynamoDB in an emulator process of its own (see start_backend in scripts/lib.sh); set it to
# MOTO_PORT for a single moto serving all three services.
DYNAMODB_PORT="${DYNAMODB_PORT:-4567}"
export PORT="${PORT:-3000}" PROCESSOR_PORT="${PROCESSOR_PORT:-3001}"
# Ctrl-C gives the processor's orders in flight this long to finish before it releases them
# (90 s on AWS, below ECS's stop timeout): with the emulators' stop after it, Ctrl-C returns
# within 30 s.
export SHUTDOWN_TIMEOUT_MS="${SHUTDOWN_TIMEOUT_MS:-15000}"
logs="${LOCAL_LOGS:-.local/logs}"
mkdir -p "$logs"

[ -d node_modules ] || { echo "› installing npm packages"; npm ci --no-audit --no-fund; }
bash scripts/ensure-venv.sh requirements.txt
build_when_changed

for port in "$PORT" "$PROCESSOR_PORT"; do
  if port_busy "$port"; then
    echo "✗ port $port is already in use (another 'npm run local'?). Stop it, or set PORT / PROCESSOR_PORT." >&2
    exit 1
  fi
done

emulators=() supervisors=()
# stop PID...: SIGTERM to each, then waits until every one has ended. A trapped signal cuts a
# `wait` short, so it waits again.
stop() {
  kill -TERM "$@" 2>/dev/null || true
  local pid
  for pid in "$@"; do
    while kill -0 "$pid" 2>/dev/null; do wait "$pid" 2>/dev/null || true; done
  done
}
# cleanup: the apps first, so the processor drains against emulators that still answer (with
# the emulators gone it would retry every call until SHUTDOWN_TIMEOUT_MS), then the emulators.
# A second Ctrl-C (or npm passing the first one on) while it stops is ignored: ending this script
# then would leave the apps running on without it.
cleanup() {
  trap - EXIT
  trap 'echo "› still stopping: the apps finish their orders in flight first"' INT TERM HUP
  echo
  if [ ${#supervisors[@]} -gt 0 ]; then
    echo "› stopping the apps (the processor finishes its orders in flight)"
    stop "${supervisors[@]}"
  fi
  if [ ${#emulators[@]} -gt 0 ]; then
    echo "› stopping the emulators"
    stop "${emulators[@]}"
  fi
}
trap cleanup EXIT
trap 'cleanup; exit 0' INT TERM HUP
# Job control (set -m around each start) gives the emulator and each app's supervisor a process
# group of its own: Ctrl-C reaches this script alone, and cleanup stops them in order, so no
# supervisor mistakes the Ctrl-C for a crash and the processor drains as on SIGTERM.

echo "› starting the AWS emulators: SNS+SQS (moto) on :$MOTO_PORT, DynamoDB (${LOCAL_DYNAMODB:-ministack}) on :$DYNAMODB_PORT"
set -m
backend=0
start_backend "$MOTO_PORT" "$DYNAMODB_PORT" "$logs" || backend=$?
set +m
for pid in "${EMULATOR_PID:-}" "${DYNAMODB_PID:-}"; do
  [ -z "$pid" ] || emulators+=("$pid")
done
[ "$backend" -eq 0 ] || exit 1
[ -n "$EMULATOR_PID" ] || echo "› reusing the moto server already on :$MOTO_PORT"
[ -z "${AWS_ENDPOINT_URL_DYNAMODB:-}" ] || [ -n "$DYNAMODB_PID" ] ||
  echo "› reusing the DynamoDB emulator already on :$DYNAMODB_PORT"

echo "› provisioning topic, queues, subscription, table and user pool"
# Exports ORDERS_* and the COGNITO_* variables the receiver checks tokens with (the emulator's
# user pool, its app clients and its JWKS URL): authentication is on, as on AWS.
provision_env
# The key the receiver signs status URLs with: a fresh one per run, never one written down.
STATUS_URL_SIGNING_KEY="${STATUS_URL_SIGNING_KEY:-$(node -p 'require("node:crypto").randomBytes(32).toString("base64url")')}"
export STATUS_URL_SIGNING_KEY

# live PID PORT [SECONDS]: waits until the app on PORT answers /health/live; fails as soon as
# PID is gone, or after SECONDS when given.
live() {
  local deadline=$((SECONDS + ${3:-0}))
  until curl -s -o /dev/null "http://127.0.0.1:$2/health/live"; do
    kill -0 "$1" 2>/dev/null || return 1
    [ -z "${3:-}" ] || [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.3
  done
}

# supervise NAME PORT: runs the built app NAME, and runs it again whenever it exits (a crash,
# kill -9, a SIGTERM drain), after 1 s, doubling to 10 s while it keeps failing within a minute.
# Ends (1) only when the very first run exits before it answered: a bad configuration would
# only fail again. On SIGTERM it stops the app, letting it drain, and ends.
supervise() {
  local name="$1" port="$2" child="" pause="" delay=1 runs=0 started code how
  trap 'trap "" TERM; [ -z "$pause" ] || kill "$pause" 2>/dev/null; [ -z "$child" ] || stop "$child"; exit 0' TERM
  while :; do
    runs=$((runs + 1)) started=$SECONDS
    NODE_OPTIONS=$(node_options_for "$name") node "dist/apps/$name/src/main.js" >>"$logs/$name.log" 2>&1 &
    child=$!
    if live "$child" "$port"; then
      [ "$runs" -eq 1 ] || echo "› $name is up again (pid $child)"
    elif [ "$runs" -eq 1 ]; then
      exit 1
    fi
    code=0
    wait "$child" || code=$?
    child=""
    [ $((SECONDS - started)) -lt 60 ] || delay=1
    if [ "$code" -gt 128 ]; then how="killed by SIG$(kill -l "$code")"; else how="exit code $code"; fi
    echo "› $name exited ($how); restarting in ${delay}s; see $logs/$name.log" >&2
    sleep "$delay" &
    pause=$!
    wait "$pause" || true
    pause=""
    delay=$((delay * 2 > 10 ? 10 : delay * 2))
  done
}

echo "› starting order-receiver (:$PORT) and order-processor (:$PROCESSOR_PORT); logs in $logs/"
apps=()
for app in "order-receiver:$PORT" "order-processor:$PROCESSOR_PORT"; do
  IFS=: read -r name port <<<"$app"
  : >"$logs/$name.log"
  set -m
  supervise "$name" "$port" &
  set +m
  supervisors+=($!)
  apps+=("$!:$port:$name")
done

for app in "${apps[@]}"; do
  IFS=: read -r supervisor port name <<<"$app"
  if ! live "$supervisor" "$port" 30; then
    echo "✗ $name did not start:" >&2
    tail -n 20 "$logs/$name.log" >&2
    exit 1
  fi
done

# How a user in another terminal reaches this run's emulator: the default endpoint needs no variable.
token_command="npm run --silent token -- demo"
[ "$MOTO_PORT" = 4566 ] || token_command="AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL $token_command"
[ -z "${APP_ENVIRONMENT:-}" ] || token_command="APP_ENVIRONMENT=$APP_ENVIRONMENT $token_command"
# The demo customer's id for the example order, from the line the token command prints on stderr.
demo_customer=$(node dist/scripts/token.js demo 2>&1 >/dev/null | sed -n 's/^demo: customerId \([^;]*\);.*/\1/p' || true)
[ -n "$demo_customer" ] || echo "⚠ npm run token -- demo failed (run it to see why): $token_command" >&2

cat <<TXT

  Ready.
  Swagger UI        http://localhost:$PORT/docs   (Authorize: paste a token from npm run token)
  OpenAPI document  http://localhost:$PORT/docs-json
  Receiver health   http://localhost:$PORT/health      metrics  http://localhost:$PORT/metrics
  Processor health  http://localhost:$PROCESSOR_PORT/health      metrics  http://localhost:$PROCESSOR_PORT/metrics
  Try it: every order route wants a bearer token (npm run token -- demo|other|admin|service;
  demo and other are customers, submitting for their own customerId, printed with the token):
    TOKEN=\$($token_command)
    curl -s -XPOST localhost:$PORT/orders/async -H "Authorization: Bearer \$TOKEN" -H 'content-type: application/json' \\
      -d '{"customerId":"${demo_customer:-<the customerId npm run token prints>}","items":[{"productId":"sku-1","quantity":2,"price":9.5}]}'
  Logs: tail -f $logs/order-receiver.log $logs/order-processor.log
  A crashed or killed app is restarted; the emulator keeps its state. Press Ctrl-C to stop.
TXT

# The apps' supervisors never end by themselves: this returns on Ctrl-C (the trap stops
# everything) or when an emulator started here exits, taking its state with it.
wait -n "${emulators[@]}" "${supervisors[@]}" || true
if [ -n "$EMULATOR_PID" ] && ! kill -0 "$EMULATOR_PID" 2>/dev/null; then
  echo "✗ the AWS emulator exited; its state is gone (see $logs/moto.log)" >&2
elif [ -n "$DYNAMODB_PID" ] && ! kill -0 "$DYNAMODB_PID" 2>/dev/null; then
  echo "✗ the DynamoDB emulator exited; its orders are gone (see $logs/dynamodb.log)" >&2
else
  echo "✗ an app's supervisor was stopped; see $logs/" >&2
fi
exit 1
