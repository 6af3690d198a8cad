#!/usr/bin/env bash
# A Terraform-compatible CLI of version 1.11 or later for this project's scripts. `cdktf synth` needs
# one: the image build steps (terraform_data) make the app run `terraform version` and fail without
# it, and the stack's write-only arguments need 1.11 to plan and apply.
#   source scripts/ensure-terraform.sh        makes one available (npm test and .ci/run do)
#   bash scripts/ensure-terraform.sh CMD...   runs CMD with it
# The `terraform` on PATH (or $TERRAFORM_BINARY_NAME) is used when it is 1.11 or later. Otherwise
# OpenTofu, the open-source fork of Terraform that runs the same JSON, is built from its Go module
# (the registries carry no Terraform binary, and Terraform's own module cannot be built from the Go
# module proxy: its state backends are nested modules the proxy does not serve) into
# .local/opentofu-v<version>/ once, and TERRAFORM_BINARY_NAME=tofu tells cdktf to call it. The build
# needs Go (GOTOOLCHAIN fetches the Go release OpenTofu's go.mod names from the module proxy when the
# local one is older) and takes about 7 minutes on 2 CPUs the first time; later runs reuse it.
# Deploying stays the user's Terraform's job: infra/README.md's prerequisites.

TERRAFORM_MIN_VERSION=1.11
OPENTOFU_VERSION=1.12.6

# Succeeds when the CLI named $1 runs and reports a version of at least TERRAFORM_MIN_VERSION.
terraform_is_recent() {
  local out major minor min_major min_minor
  out="$("$1" version 2>/dev/null)" || return 1
  [[ $out =~ ([0-9]+)\.([0-9]+)\.[0-9]+ ]] || return 1
  major="${BASH_REMATCH[1]}" minor="${BASH_REMATCH[2]}"
  IFS=. read -r min_major min_minor <<<"$TERRAFORM_MIN_VERSION"
  ((major > min_major || (major == min_major && minor >= min_minor)))
}

ensure_terraform() {
  local root dir src tmp
  terraform_is_recent "${TERRAFORM_BINARY_NAME:-terraform}" && return 0

  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  dir="$root/.local/opentofu-v$OPENTOFU_VERSION"
  if ! terraform_is_recent "$dir/tofu"; then
    if ! command -v go >/dev/null; then
      echo "✗ no Terraform $TERRAFORM_MIN_VERSION or later on PATH, and no Go to build OpenTofu: install Terraform $TERRAFORM_MIN_VERSION+ and retry" >&2
      return 1
    fi
    echo "› Terraform $TERRAFORM_MIN_VERSION+ not found: building OpenTofu $OPENTOFU_VERSION from its Go module into .local/ (several minutes, once)" >&2
    mkdir -p "$root/.local"
    tmp="$(mktemp -d "$root/.local/opentofu-build.XXXXXX")"
    chmod 755 "$tmp"
    # go mod download checks the module against the checksum database; the build happens in Go's
    # read-only module cache, output in tmp.
    if ! src="$(go mod download -json "github.com/opentofu/opentofu@v$OPENTOFU_VERSION" |
      sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')" || [ -z "$src" ] ||
      ! (cd "$src" && go build -buildvcs=false -trimpath -o "$tmp/tofu" \
        -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" ./cmd/tofu) ||
      ! terraform_is_recent "$tmp/tofu"; then
      rm -rf "$tmp"
      echo "✗ could not build OpenTofu $OPENTOFU_VERSION; install Terraform $TERRAFORM_MIN_VERSION+ and retry" >&2
      return 1
    fi
    # Another script may have built it meanwhile: keep theirs.
    [ -e "$dir" ] || mv "$tmp" "$dir"
    rm -rf "$tmp"
  fi
  export PATH="$dir:$PATH"
  export TERRAFORM_BINARY_NAME=tofu
  hash -r
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  ensure_terraform
  [ $# -eq 0 ] || exec "$@"
else
  ensure_terraform
fi
