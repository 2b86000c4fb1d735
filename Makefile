# Every target sources scripts/env.sh: the project's Terraform CLI configuration and pinned tools.
SHELL := /usr/bin/env bash
ENV   := source scripts/env.sh &&

.PHONY: preview test tools build fixtures docs clean

preview: ## Plan examples/complete offline and explain what it would create, how traffic flows, and what it costs.
	@$(ENV) echo "bridgectl をビルドしています（初回は数分かかります）…" >&2 && [[ -f examples/complete/certs/bridge.crt ]] || go run ./cmd/bridgectl cert --domain bridge.example.com --out examples/complete/certs --days 30 >/dev/null
	@$(ENV) go run ./cmd/bridgectl preview examples/complete --var tenant_id=00000000-0000-0000-0000-000000000000 --var domain_name=bridge.example.com --out out/preview/complete.plan.json $(PREVIEW_ARGS)

test: ## Every offline check (fmt, validate, tflint, trivy, docs, terraform test, go vet/lint/test, actionlint).
	@bash scripts/test.sh

tools: ## Build the pinned tools into .tools/bin.
	@bash scripts/tools.sh

build: ## Build bridgectl into bin/.
	@echo "bridgectl をビルドしています（初回は数分かかります）…" >&2 && go build -o bin/bridgectl ./cmd/bridgectl

fixtures: ## Regenerate the offline plans of the examples (testdata for bridgectl cost) and the generated docs.
	@# The plans first: the cost goldens and the docs are computed from them.
	@$(ENV) UPDATE_GOLDEN=1 go test -count=1 ./test/examples/...
	@$(ENV) UPDATE_GOLDEN=1 go test -count=1 ./internal/cost/... ./test/docs/... ./internal/cli/...

docs: ## Regenerate the README tables of the modules and examples.
	@$(ENV) for d in modules/* examples/*; do terraform-docs --config .terraform-docs.yml "$$d"; done

.PHONY: pin
pin: ## Point every pin of the modules and workflows (templates/live, docs) at the newest release in RELEASES: run after recording a release.
	@$(ENV) go run ./tools/release/cmd/pin

clean:
	rm -rf bin out

.PHONY: mutants
mutants: ## Put each defect of test/mutants/mutants.txt into a copy of the tree, one at a time, and report which checks catch it (hours, so not in make test; MUTANTS_STAGES=static,tftest,go for the cheap stages, MUTANTS_RUN=<regexp> for some mutants).
	@bash scripts/mutants.sh
