#!/usr/bin/env bash
# Builds the pinned tools of tools/versions.txt into .tools/bin, once.
# Each tool is built from its downloaded module (go mod download + go build) rather than `go install`,
# because `go install mod@v` fails for modules whose version list the proxy refuses.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.tools/bin"
plugins="$root/.tools/tflint-plugins"
mkdir -p "$bin" "$plugins"

build_one() {
  local name=$1 module=$2 version=$3 pkg=$4 env=$5
  local stamp="$bin/.$name.version"
  if [[ -x "$bin/$name" && -f "$stamp" && "$(cat "$stamp")" == "$version" ]]; then
    return 0
  fi
  echo "tools: building $name $version (first time only; trivy takes several minutes)" >&2
  local started=$SECONDS dir
  dir=$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [[ -n "$dir" ]] || { echo "tools: could not download $module@$version" >&2; return 1; }
  local ldflags="-s -w"
  case "$name" in
    trivy) ldflags="$ldflags -X github.com/aquasecurity/trivy/pkg/version/app.ver=${version#v}" ;;
    terraform-docs) ldflags="$ldflags -X github.com/terraform-docs/terraform-docs/internal/version.version=${version#v}" ;;
    golangci-lint) ldflags="$ldflags -X main.version=${version#v}" ;;
  esac
  local envs=()
  [[ "$env" != "-" ]] && envs=("$env")
  (cd "$dir" && env "${envs[@]}" CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "$ldflags" -o "$bin/$name" "$pkg")
  echo "$version" >"$stamp"
  echo "tools: built $name in $((SECONDS - started))s" >&2
}

while read -r name module version pkg env; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  build_one "$name" "$module" "$version" "$pkg" "$env"
done <"$root/tools/versions.txt"

bash "$root/scripts/iamsim.sh"

# shellcheck lints the NAT instance's boot script (test/natinstance). It is a Haskell program
# with no Go or npm build that works offline, so it comes from the distribution's packages.
if ! command -v shellcheck >/dev/null 2>&1; then
  echo "tools: installing shellcheck from the distribution's packages" >&2
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    { apt-get install -y --no-install-recommends shellcheck >/dev/null 2>&1 ||
      { apt-get update >/dev/null && apt-get install -y --no-install-recommends shellcheck >/dev/null; }; } ||
      { echo "tools: apt-get could not install shellcheck" >&2; exit 1; }
  else
    echo "tools: install shellcheck (apt-get install shellcheck, brew install shellcheck)" >&2
    exit 1
  fi
fi

# tflint finds plugins by file name in TFLINT_PLUGIN_DIR; .tflint.hcl enables "aws" without a source.
ln -sf "$bin/tflint-ruleset-aws" "$plugins/tflint-ruleset-aws"

if ! command -v terraform >/dev/null 2>&1; then
  echo "tools: terraform is not on PATH. Install Terraform >= 1.10 from https://developer.hashicorp.com/terraform/install" >&2
  exit 1
fi
