#!/usr/bin/env bash
# Installs Debian's chromium for the Swagger UI browser test (playwright-core drives it and
# downloads no browser of its own). Needs apt and root or sudo; elsewhere it says what to do,
# and the browser spec fails with the same advice.
set -uo pipefail
[ -x /usr/bin/chromium ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "⚠ /usr/bin/chromium is missing and this is not a Debian-like system: install Chromium at /usr/bin/chromium for the docs browser test"
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=sudo; else
    echo "⚠ /usr/bin/chromium is missing: run 'sudo apt-get install chromium' for the docs browser test"
    exit 0
  fi
fi
echo "› installing chromium (apt)"
$sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
