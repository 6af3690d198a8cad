#!/usr/bin/env bash
# ensure-apt.sh COMMAND PACKAGE FOR: installs Debian's PACKAGE unless COMMAND (a path, or a name
# on PATH) exists, for what FOR names (the Swagger UI browser test needs chromium, which
# playwright-core drives without a browser of its own; the bench's liveness phase needs wrk).
# Needs apt and root or sudo; elsewhere it says what to do and exits 0, and what needs the
# package fails with the same advice.
set -uo pipefail
binary="$1" package="$2" purpose="$3"
command -v "$binary" >/dev/null && exit 0
if ! command -v apt-get >/dev/null; then
  echo "⚠ $binary is missing and this is not a Debian-like system: install $package for $purpose"
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=sudo; else
    echo "⚠ $binary is missing: run 'sudo apt-get install $package' for $purpose"
    exit 0
  fi
fi
echo "› installing $package (apt) for $purpose"
$sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package"
