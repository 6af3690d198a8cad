# Shared shell helpers for scripts/*.sh. Source it; do not run it.

# build_when_changed: `npm run build` when a source changed since the last build (or there is
# none). A build rewrites every file of dist/, which running apps restart from: not for nothing.
build_when_changed() {
  local built=dist/apps/order-processor/src/main.js
  if [ ! -f "$built" ] ||
    [ -n "$(find apps libs scripts -name '*.ts' ! -name '*spec.ts' ! -path '*/test/*' -newer "$built" -print -quit)" ] ||
    [ package-lock.json -nt "$built" ] || [ tsconfig.json -nt "$built" ] || [ tsconfig.build.json -nt "$built" ]; then
    echo "› building" >&2
    npm run --silent build
  fi
}

# wait_http URL SECONDS: waits until URL answers with a status below 500.
wait_http() {
  local url="$1" deadline=$((SECONDS + ${2:-30}))
  until code=$(curl -s -o /dev/null -w '%{http_code}' "$url") && [ "$code" -gt 0 ] && [ "$code" -lt 500 ]; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.3
  done
}

# port_busy PORT: true when something listens on 127.0.0.1:PORT.
port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# emulator_env ENDPOINT: exports the endpoint and region the apps and scripts use the emulator at
# (the credentials come with provision_env, from @app/emulator).
emulator_env() {
  export AWS_ENDPOINT_URL="$1"
  export AWS_REGION="${AWS_REGION:-us-east-1}"
}

# start_emulator PORT LOGFILE: starts moto unless one already answers there. Sets EMULATOR_PID to
# its pid, or to "" when an emulator was reused. (Not run in $(...): the emulator must be a child
# of the calling shell, so that it can `wait` for it.)
start_emulator() {
  local port="$1" log="$2"
  EMULATOR_PID=""
  if curl -s -o /dev/null "http://127.0.0.1:$port/moto-api/"; then
    return
  fi
  if port_busy "$port"; then
    echo "port $port is in use by something that is not the moto server" >&2
    return 1
  fi
  bash libs/emulator/run.sh moto "$port" >"$log" 2>&1 &
  EMULATOR_PID=$!
}

# start_dynamodb PORT LOGFILE: starts the DynamoDB emulator chosen by LOCAL_DYNAMODB (ministack,
# the default, or moto) on PORT unless one already answers there, and exports
# AWS_ENDPOINT_URL_DYNAMODB. Sets DYNAMODB_PID to its pid, or to "" when one was reused.
# ministack costs 2.6–6.4 ms of CPU per DynamoDB call where moto costs 6–35 ms, and passes the
# repository's conditional-write checks (docs/load-testing.md, "Local backend"); in a process of
# its own it gets a core of its own. LOCAL_DYNAMODB=moto gives the reference emulator CI uses.
start_dynamodb() {
  local port="$1" log="$2" url="http://127.0.0.1:$1"
  DYNAMODB_PID=""
  export AWS_ENDPOINT_URL_DYNAMODB="$url"
  case "${LOCAL_DYNAMODB:-ministack}" in
    ministack)
      if curl -s -o /dev/null "$url/_ministack/health"; then return; fi
      if port_busy "$port"; then
        echo "port $port is in use by something that is not ministack" >&2
        return 1
      fi
      bash scripts/ensure-venv.sh requirements-dynamodb.txt .venv-dynamodb >&2 || return 1
      bash libs/emulator/run.sh ministack "$port" >"$log" 2>&1 &
      DYNAMODB_PID=$!
      wait_http "$url/_ministack/health" 30 || { echo "ministack did not start; see $log" >&2; return 1; }
      ;;
    moto)
      local messaging_pid="${EMULATOR_PID:-}"
      start_emulator "$port" "$log"
      DYNAMODB_PID=$EMULATOR_PID EMULATOR_PID=$messaging_pid
      wait_http "$url/moto-api/" 30 || { echo "moto did not start; see $log" >&2; return 1; }
      ;;
    *)
      echo "LOCAL_DYNAMODB must be ministack or moto (got '$LOCAL_DYNAMODB')" >&2
      return 1
      ;;
  esac
}

# start_backend MESSAGING_PORT DYNAMODB_PORT LOGDIR: the local AWS backend in two processes, each
# on a core of its own: moto for SNS and SQS (they share one process: the topic delivers into the
# queue inside it) on MESSAGING_PORT, and the DynamoDB emulator of start_dynamodb on DYNAMODB_PORT
# (with DYNAMODB_PORT equal to MESSAGING_PORT, moto serves all three, as CI's tests do). Either is
# reused when one already answers. Exports what emulator_env and start_dynamodb export; sets
# EMULATOR_PID and DYNAMODB_PID ("" for a reused one) for the caller to wait for and stop.
# For `npm run local` (the bench starts the same emulators through libs/emulator/run.sh itself);
# call it without $(...), so the emulators are its children.
start_backend() {
  local messaging_port="$1" dynamodb_port="$2" logs="$3"
  DYNAMODB_PID=""
  # An address, not `localhost`: moto answers every call with `Connection: close`, so each call
  # opens a new connection, and a name would be resolved for each (on a host that maps localhost to
  # ::1 as well, after a refused attempt on ::1, as moto listens on 127.0.0.1 only).
  emulator_env "http://127.0.0.1:$messaging_port"
  start_emulator "$messaging_port" "$logs/moto.log" || return 1
  wait_http "http://127.0.0.1:$messaging_port/moto-api/" 30 || {
    echo "moto did not start; see $logs/moto.log" >&2
    return 1
  }
  if [ "$dynamodb_port" = "$messaging_port" ]; then
    DYNAMODB_PID=""
    unset AWS_ENDPOINT_URL_DYNAMODB
    return
  fi
  start_dynamodb "$dynamodb_port" "$logs/dynamodb.log"
}

# provision_env: provisions the emulator and exports the resource locations and the emulator
# credentials (where none are set) for the apps.
provision_env() {
  local json
  json=$(node dist/scripts/provision.js)
  eval "$(node -e '
    const { variables } = JSON.parse(process.argv[1]);
    const q = (s) => JSON.stringify(String(s));
    console.log(`export ${Object.entries(variables).map(([k, v]) => `${k}=${q(v)}`).join(" ")}`);
  ' "$json")"
}

# node_options_for APP: the V8 settings an app runs with locally and in the bench (on AWS the
# infra derives the heap limit from the task's memory; see infra/lib/node-options.ts).
# V8 grows its heap lazily up to a limit sized for the machine, not the app: under load the
# receiver reached 200 MiB RSS and the processor at concurrency 500 280 MiB, though their live
# heaps are far smaller. A 2 MB young generation and an old-space limit keep both near what they
# use (measured at the same request rate: receiver 201 → 111 MiB, processor 206 → 112 MiB).
# RECEIVER_NODE_OPTIONS / PROCESSOR_NODE_OPTIONS override them.
node_options_for() {
  case "$1" in
    order-receiver) echo "${RECEIVER_NODE_OPTIONS:---max-semi-space-size=2 --max-old-space-size=96}" ;;
    order-processor) echo "${PROCESSOR_NODE_OPTIONS:---max-semi-space-size=2 --max-old-space-size=192}" ;;
  esac
}

# app_node_options: exports RECEIVER_NODE_OPTIONS and PROCESSOR_NODE_OPTIONS for a driver that
# starts the apps itself (the bench).
app_node_options() {
  RECEIVER_NODE_OPTIONS=$(node_options_for order-receiver)
  PROCESSOR_NODE_OPTIONS=$(node_options_for order-processor)
  export RECEIVER_NODE_OPTIONS PROCESSOR_NODE_OPTIONS
}
