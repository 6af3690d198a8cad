#!/usr/bin/env bash
# Creates a virtualenv with the pinned Python tools if it is missing or its requirements changed.
# Usage: ensure-venv.sh [requirements file] [virtualenv] (default requirements.txt and .venv).
# .venv holds the project's tools (a change to any of their requirements*.txt reinstalls it); a
# tool that cannot share its dependencies with them gets a virtualenv of its own, checked against
# its own file (listed in `own`).
set -euo pipefail
cd "$(dirname "$0")/.."
req="${1:-requirements.txt}"
venv="${2:-.venv}"
stamp="$venv/.installed-$(basename "$req")"
own=(requirements-dynamodb.txt) # the files of the virtualenvs of their own
if [ "$venv" = .venv ]; then
  wanted() { for f in requirements*.txt; do [[ " ${own[*]} " == *" $f "* ]] || cat "$f"; done; }
else
  wanted() { cat "$req"; }
fi
if [ ! -x "$venv/bin/python" ]; then
  echo "› creating Python virtualenv $venv"
  python3 -m venv "$venv"
fi
if [ ! -f "$stamp" ] || ! cmp -s <(wanted) "$stamp"; then
  echo "› installing Python packages from $req into $venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
  wanted >"$stamp"
fi
