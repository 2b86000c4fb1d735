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
export CHECKPOINT_DISABLE=1
export TFLINT_PLUGIN_DIR="$repo_root/.tools/tflint-plugins"
export PATH="$repo_root/.tools/bin:$PATH"
