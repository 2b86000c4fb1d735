# Reordering azs must not replace subnets: state from the first apply is planned against the
# reordered list in the same file, and subnets keep their addresses and CIDRs.
mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  name = "acme"
}

run "first_order" {
  command = apply
  variables {
    azs = ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]
  }
}

run "reordered" {
  command = plan
  variables {
    azs = ["ap-northeast-1d", "ap-northeast-1a", "ap-northeast-1c"]
  }

  assert {
    condition     = toset(keys(aws_subnet.private)) == toset(keys(run.first_order.private_subnet_ids_by_az)) && toset(keys(aws_subnet.public)) == toset(keys(run.first_order.public_subnet_ids_by_az))
    error_message = "wanted the same subnet addresses (keyed by AZ) after reordering"
  }

  # Known ids mean the planned subnets are the existing ones, not replacements (a replacement's id is unknown).
  assert {
    condition     = alltrue([for az, s in aws_subnet.private : s.id == run.first_order.private_subnet_ids_by_az[az]])
    error_message = "wanted every private subnet kept (same id) after reordering azs"
  }

  assert {
    condition     = alltrue([for az, s in aws_subnet.public : s.id == run.first_order.public_subnet_ids_by_az[az]])
    error_message = "wanted every public subnet kept (same id) after reordering azs"
  }

  assert {
    condition     = output.private_subnet_ids[0] == run.first_order.private_subnet_ids_by_az["ap-northeast-1d"]
    error_message = "wanted list outputs to follow the new order"
  }
}
