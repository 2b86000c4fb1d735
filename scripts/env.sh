# Sourced by every project script: one Terraform CLI configuration and the pinned tools on PATH.
# shellcheck shell=bash
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ -d /opt/tf-plugins ]]; then
  export TF_CLI_CONFIG_FILE="$repo_root/terraform.rc"
else
  export TF_CLI_CONFIG_FILE="$repo_root/terraform-registry.rc"
fi
# One shared provider cache, so each of the many `terraform init` runs links instead of copying.
export TF_PLUGIN_CACHE_DIR="$repo_root/.tools/plugin-cache"
mkdir -p "$TF_PLUGIN_CACHE_DIR"
export TF_IN_AUTOMATION=1
export CHECKPOINT_DISABLE=1
export TFLINT_PLUGIN_DIR="$repo_root/.tools/tflint-plugins"
export PATH="$repo_root/.tools/bin:$PATH"
