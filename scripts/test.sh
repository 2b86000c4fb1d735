#!/usr/bin/env bash
# The offline quality gate behind `make test`: every check that needs no AWS account.
# Stops at the first failing check and always ends with one line "N passed, N failed".
set -uo pipefail
source "$(dirname "$0")/env.sh"
cd "$repo_root"

passed=0
failed=0
skipped=0
summary() {
  echo "total time: $((SECONDS / 60))m$((SECONDS % 60))s"
  echo "${passed} passed, ${failed} failed, ${skipped} skipped"
}

# skip NAME REASON: a check that cannot run on this machine is reported, never counted as passed.
skip() {
  skipped=$((skipped + 1))
  printf 'SKIP  %-48s %s\n' "$1" "$2"
}

# check NAME COMMAND...: runs one check, counts it, stops the run on failure. Every check's whole
# log stays in out/logs, for CI's artifacts and for the reader (a passing run's timings too).
check() {
  local name=$1 started=$SECONDS log kept
  shift
  log=$(mktemp)
  mkdir -p out/logs
  kept="out/logs/$(printf '%s' "$name" | tr -c 'A-Za-z0-9' '-').log"
  if "$@" >"$log" 2>&1; then
    passed=$((passed + 1))
    printf 'ok    %-48s %3ss\n' "$name" "$((SECONDS - started))"
    cp "$log" "$kept"
  else
    failed=$((failed + 1))
    printf 'FAIL  %-48s %3ss\n' "$name" "$((SECONDS - started))"
    # What failed first (a long report can push it out of the tail), then the end.
    cp "$log" "$kept"
    grep -E -e '--- FAIL|^FAIL|FAIL:|panic:|Error: ' "$log" | head -n 40 | sed 's/^/      /'
    echo "      ... the last lines (the whole log: $kept):"
    sed 's/^/      /' "$log" | tail -n 60
    rm -f "$log"
    summary
    exit 1
  fi
  rm -f "$log"
}

terraform_dirs=(modules/* examples/*)
# The test fixtures call the modules too: an interface change must not break them unseen.
fixture_dirs=(test/integration/fixtures/*)

echo "==> tools"
bash scripts/tools.sh || { echo "tools could not be built"; failed=1; summary; exit 1; }

# The emulator cycles spend most of their time in the provider's own waits (RDS, ALB, S3), not on
# CPU, so they run alongside the other checks instead of after them; their result is reported in
# its place below. The stage runs in its own process group, stopped if the run ends first.
emulator_pid=""
emulator_dir=$(mktemp -d)
stop_emulator() {
  if [[ -n "$emulator_pid" ]] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill -- -"$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$emulator_dir"
}
trap stop_emulator EXIT
if moto_missing=$(python3 -c 'import moto.server' 2>&1); then
  emulator_started=$SECONDS
  setsid bash -c 'bash scripts/emulator.sh >"$1/log" 2>&1; echo $? >"$1/rc"' _ "$emulator_dir" &
  emulator_pid=$!
  echo "      (the emulator cycles started in the background)"
fi

echo "==> static checks"
check "terraform fmt" terraform fmt -check -recursive -diff modules examples test templates
check "gofmt" bash -c 'out=$(gofmt -l $(git ls-files "*.go")); [[ -z "$out" ]] || { echo "gofmt would change: $out"; exit 1; }'
for dir in "${terraform_dirs[@]}" "${fixture_dirs[@]}"; do
  # A root's committed lock file is what init must use, as in the workflows; the modules have none.
  lockfile=()
  if [[ -f "$dir/.terraform.lock.hcl" ]]; then lockfile=(-lockfile=readonly); fi
  check "validate $dir" bash -c "cd '$dir' && terraform init -backend=false -input=false -no-color ${lockfile[*]} >/dev/null && terraform validate -no-color"
done
# The template roots call the modules by a git tag, which cannot be fetched offline: go test
# validates and plans them against the working tree's modules (test/examples, templates.Localize).
check "tflint" tflint --recursive --config="$repo_root/.tflint.hcl" --no-color
check "trivy config" bash scripts/trivy.sh
for dir in "${terraform_dirs[@]}"; do
  check "terraform-docs $dir" terraform-docs --config "$repo_root/.terraform-docs.yml" --output-check "$dir"
done
check "actionlint" actionlint -no-color
check "actionlint templates/live" bash -c 'actionlint -no-color templates/live/.github/workflows/*.yml'

echo "==> terraform test (mock providers)"
for dir in modules/*; do
  check "terraform test $dir" bash -c "cd '$dir' && terraform test -no-color"
done

echo "==> go"
check "go vet" go vet ./...
check "go vet (integration and emulator tags)" go vet -tags integration,emulator ./...
check "golangci-lint (integration and emulator tags)" golangci-lint run --build-tags integration,emulator ./...
check "go test" go test -count=1 ./...

echo "==> emulator cycles (moto)"
if [[ -n "$emulator_pid" ]]; then
  wait "$emulator_pid" || true
  emulator_pid=""
  # The stage's own wall time, from its start beside the other checks.
  emulator_seconds=$((SECONDS - emulator_started))
  check "apply, change, destroy against moto" bash -c 'cat "$1/log"; exit "$(cat "$1/rc" 2>/dev/null || echo 1)"' _ "$emulator_dir"
  echo "      (the emulator stage took ${emulator_seconds}s, alongside the checks above)"
elif [[ -n "${CI:-}" ]]; then
  # In CI the emulator stage is part of the gate: a runner without moto fails, never passes green.
  check "apply, change, destroy against moto (moto is missing: install moto[server]==5.2.1)" false
else
  skip "apply, change, destroy against moto" "moto cannot be imported: ${moto_missing##*$'\n'}"
fi

summary
