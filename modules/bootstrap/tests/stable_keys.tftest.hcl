# Removing the first given apply policy must touch only its attachment: the other keeps its key and
# id (a replacement has no id yet at plan, and the assert could not be evaluated).
mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  github_repository = "acme/infrastructure"
  state             = { bucket_name = "acme-bridge-tfstate" }
  github_trust      = { workflow_refs = ["acme/terraform-basemachina-modules/.github/workflows/terraform.yml@0123456789abcdef0123456789abcdef01234567"] }
}

run "two_policies" {
  command = apply

  variables {
    apply_policies = { ecs = "arn:aws:iam::aws:policy/AmazonECS_FullAccess", rds = "arn:aws:iam::aws:policy/AmazonRDSFullAccess" }
  }

  # The lifecycle rule covers the whole bucket in the form both provider 5.x and 6.x accept.
  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.state.rule[0].filter[0].prefix == ""
    error_message = "wanted the lifecycle rule filtered by an empty prefix, not an empty filter block"
  }
}

run "first_policy_removed" {
  command = plan

  variables {
    apply_policies = { rds = "arn:aws:iam::aws:policy/AmazonRDSFullAccess" }
  }

  assert {
    condition     = keys(aws_iam_role_policy_attachment.apply_given) == ["dev/rds", "production/rds"] && aws_iam_role_policy_attachment.apply_given["production/rds"].id != ""
    error_message = "wanted the rds attachment kept with its id after removing ecs"
  }
}
