#!/usr/bin/env bash
# The mutation harness behind `make mutants` (test/mutants): each defect of test/mutants/mutants.txt
# goes into a copy of the tracked files, one at a time, and the stages listed for it run, cheapest
# first, until one fails (caught) or all pass (not caught). Prints the table and the kill ratio and
# records them in test/mutants/results.json; `go run ./test/mutants -write-doc docs/performance.md`
# puts them in the docs. Not part of `make test`: every mutant with every stage takes hours.
#   MUTANTS_STAGES=static,tftest,go   only these kinds of stage (default: all, emulator included)
#   MUTANTS_RUN='^no-circuit-breaker$' only the mutants whose names match
#   MUTANTS_SOURCE=head               copy HEAD instead of the working tree's tracked files
#   MUTANTS_BASELINE=all|none         the selected stages on the unmutated copy first (default:
#                                     the non-emulator ones)
#   MUTANTS_NICE=10                   the niceness every stage runs at
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$repo_root"
bash scripts/tools.sh
mkdir -p out/mutants
go build -o out/mutants/mutants ./test/mutants
exec nice -n "${MUTANTS_NICE:-10}" out/mutants/mutants "$@"
