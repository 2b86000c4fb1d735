# Your repository (this one) and a globally unique bucket name.
github_repository = "acme/bridge-infra"
state_bucket_name = "acme-bridge-tfstate"
# The environments in this account. Each one's name_prefix is the start of the `name` in its
# <env>.tfvars (its roles manage nothing else), dns_names its domain_name (the only Route 53
# records it may change). Only dev may be planned from pull requests. With one account per
# environment, run this root in each account with its environment only (README).
environments = {
  dev        = { name_prefix = "bridge-dev", plan_pull_requests = true, dns_names = ["bridge-dev.example.com"] }
  production = { name_prefix = "bridge-prod", dns_names = ["bridge.example.com"] }
}
# The reusable workflows at the release commit your .github/workflows/*.yml pin after @ (README,
# "Updating the modules"): the roles trust only jobs running them (the OIDC claim job_workflow_ref).
# While you move to a new release, list the old commit's two and the new commit's two.
workflow_refs = [
  "OWNER/terraform-basemachina-modules/.github/workflows/terraform.yml@2f2f0978009089236258fdca84431216936d1458",       # v3.0.0
  "OWNER/terraform-basemachina-modules/.github/workflows/terraform-drift.yml@2f2f0978009089236258fdca84431216936d1458", # v3.0.0
]
