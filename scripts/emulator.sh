#!/usr/bin/env bash
# The emulator cycles: every example applied, changed, diagnosed and destroyed against moto
# (test/emulator). Called by scripts/test.sh; runnable alone. Cycles run in parallel: most of their
# time is the provider's own waits, not CPU.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$repo_root"
# Where python3 can import moto a test must not skip for want of it: make test counts skips apart.
if python3 -c 'import moto.server' 2>/dev/null; then
  export EMULATOR_REQUIRED=1
fi
# Every call of every cycle is evaluated against the IAM policies of the role CI makes it with.
bash scripts/iamsim.sh
mkdir -p out/emulator
rm -f out/emulator/iam-report.txt
status=0
go test -tags emulator -count=1 -parallel 8 -timeout 60m ${EMULATOR_TEST_ARGS:-} ./test/emulator/ || status=$?
# The IAM evaluation's figures: calls per cycle, denials, and grants no call used.
if [[ -f out/emulator/iam-report.txt ]]; then cat out/emulator/iam-report.txt; fi
exit "$status"
