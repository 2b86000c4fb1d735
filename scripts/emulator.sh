#!/usr/bin/env bash
# The emulator cycles: every example applied, changed, diagnosed and destroyed against moto
# (test/emulator). Called by scripts/test.sh; runnable alone. Cycles run in parallel: most of their
# time is the provider's own waits, not CPU.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$repo_root"
exec go test -tags emulator -count=1 -parallel 8 -timeout 40m ${EMULATOR_TEST_ARGS:-} ./test/emulator/
