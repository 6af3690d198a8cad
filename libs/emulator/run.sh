#!/usr/bin/env bash
# The one launcher of the local AWS emulators. `npm run local` (scripts/lib.sh), the end-to-end
# specs (MotoServer in @app/testing) and the bench (loadtest/) all start them through it:
#   bash libs/emulator/run.sh moto PORT        SNS and SQS (and DynamoDB, unless it runs apart) in
#                                              moto, patched by moto-server.py beside this file
#   bash libs/emulator/run.sh ministack PORT   DynamoDB in ministack
# In the foreground, bound to loopback. `exec` gives the emulator this process's pid, so a caller's
# signals (SIGSTOP to freeze it, SIGKILL) and its CPU readings from /proc reach the emulator itself.
# Needs the virtualenvs scripts/ensure-venv.sh makes: .venv (requirements.txt or
# requirements-dev.txt) for moto, .venv-dynamodb (requirements-dynamodb.txt) for ministack.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
kind="${1:-}" port="${2:-}"
if [ -z "$port" ]; then
  echo "usage: bash libs/emulator/run.sh moto|ministack PORT" >&2
  exit 2
fi
# needs PROGRAM VIRTUALENV REQUIREMENTS: stops with the command that makes the virtualenv.
needs() {
  [ -x "$1" ] && return
  echo "$kind needs $1, which is missing: run 'bash scripts/ensure-venv.sh $3 $2' first" >&2
  exit 1
}
case "$kind" in
  moto)
    needs "$root/.venv/bin/python" .venv requirements.txt
    exec "$root/.venv/bin/python" "$here/moto-server.py" -H 127.0.0.1 -p "$port"
    ;;
  # DynamoDB only, its request log off: the log line costs CPU on every call.
  ministack)
    needs "$root/.venv-dynamodb/bin/ministack" .venv-dynamodb requirements-dynamodb.txt
    SERVICES=dynamodb BIND_HOST=127.0.0.1 GATEWAY_PORT="$port" LOG_LEVEL=WARNING PERSIST_STATE=0 \
      exec "$root/.venv-dynamodb/bin/ministack"
    ;;
  *)
    echo "usage: bash libs/emulator/run.sh moto|ministack PORT (got '$kind')" >&2
    exit 2
    ;;
esac
