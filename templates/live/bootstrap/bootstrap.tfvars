# Your repository (this one) and a globally unique bucket name.
github_repository = "acme/bridge-infra"
state_bucket_name = "acme-bridge-tfstate"
# The directories (and GitHub environments) of this repository.
environments = ["dev", "production"]
