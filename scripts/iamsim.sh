#!/usr/bin/env bash
# Installs the IAM policy simulator the emulator cycles evaluate every API call with (test/iamsim:
# @cloud-copilot/iam-simulate, pinned in its package-lock.json) into .tools/iamsim, once per lock file.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/test/iamsim"
dst="$root/.tools/iamsim"
if cmp -s "$src/package-lock.json" "$dst/package-lock.json" && [[ -f "$dst/node_modules/@cloud-copilot/iam-simulate/package.json" ]]; then
  exit 0
fi
command -v npm >/dev/null || { echo "iamsim: npm is not on PATH; install Node.js 20 or newer" >&2; exit 1; }
echo "iamsim: installing the IAM simulator from test/iamsim/package-lock.json" >&2
rm -rf "$dst"
mkdir -p "$dst"
cp "$src/package.json" "$src/package-lock.json" "$dst/"
(cd "$dst" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
