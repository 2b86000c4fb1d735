# Sourced by every project script: one Terraform CLI configuration and the pinned tools on PATH.
# shellcheck shell=bash
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The provider cache as internal/tfplan's PluginCacheDir chooses it. With the mirror there is none:
# `terraform init` links the mirror's unpacked provider directly, and a shared cache is not safe
# for the parallel inits of make test (hashicorp/terraform#31964; an init replaced the entry a
# running `terraform test` had linked). With the registry, one cache saves a download per init.
if [[ -d /opt/tf-plugins ]]; then
  export TF_CLI_CONFIG_FILE="$repo_root/terraform.rc"
  unset TF_PLUGIN_CACHE_DIR
else
  export TF_CLI_CONFIG_FILE="$repo_root/terraform-registry.rc"
  export TF_PLUGIN_CACHE_DIR="$repo_root/.tools/plugin-cache"
  mkdir -p "$TF_PLUGIN_CACHE_DIR"
fi
export TF_IN_AUTOMATION=1
# make test is CPU-bound on 2 cores, and terraform with the AWS provider is most of it (each process
# loads the provider's large schema). GOGC=400 (a heap goal of 5x the live heap instead of 2x)
# measured 28 % less CPU for `terraform test` of modules/network at 7 % more peak memory, and a warm
# make test 4 minutes shorter; 200 and 800 saved less (docs/performance.md). It reaches terraform,
# its providers and bridgectl through the Go tests that start them. A caller's GOGC wins.
export GOGC="${GOGC:-400}"
export CHECKPOINT_DISABLE=1
export TFLINT_PLUGIN_DIR="$repo_root/.tools/tflint-plugins"
export PATH="$repo_root/.tools/bin:$PATH"
