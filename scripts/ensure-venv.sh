#!/usr/bin/env bash
# Creates .venv with the pinned Python tools if it is missing or its
# requirements changed. Usage: ensure-venv.sh [requirements file] (default requirements.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
req="${1:-requirements.txt}"
stamp=".venv/.installed-$(basename "$req")"
if [ ! -x .venv/bin/python ]; then
  echo "› creating Python virtualenv .venv"
  python3 -m venv .venv
fi
if [ ! -f "$stamp" ] || ! cmp -s <(cat requirements*.txt) "$stamp"; then
  echo "› installing Python packages from $req"
  .venv/bin/pip install --quiet --disable-pip-version-check -r "$req"
  cat requirements*.txt > "$stamp"
fi
