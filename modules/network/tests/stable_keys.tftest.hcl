# Reordering azs must not replace subnets: state from the first apply is planned against the
# reordered list in the same file, and subnets keep their addresses and CIDRs.
mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  name = "acme"
}

# A mock gives every subnet the same id: each gets one of its own (ending in <AZ letter><1 public,
# 2 private>), so "the same id" means the same subnet, and the list outputs' order shows.
override_resource {
  target = aws_subnet.public["ap-northeast-1a"]
  values = { id = "subnet-0000000000001a001" }
}

override_resource {
  target = aws_subnet.public["ap-northeast-1c"]
  values = { id = "subnet-0000000000001c001" }
}

override_resource {
  target = aws_subnet.public["ap-northeast-1d"]
  values = { id = "subnet-0000000000001d001" }
}

override_resource {
  target = aws_subnet.private["ap-northeast-1a"]
  values = { id = "subnet-0000000000001a002" }
}

override_resource {
  target = aws_subnet.private["ap-northeast-1c"]
  values = { id = "subnet-0000000000001c002" }
}

override_resource {
  target = aws_subnet.private["ap-northeast-1d"]
  values = { id = "subnet-0000000000001d002" }
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
    condition     = output.private_subnet_ids == ["subnet-0000000000001d002", "subnet-0000000000001a002", "subnet-0000000000001c002"] && output.public_subnet_ids == ["subnet-0000000000001d001", "subnet-0000000000001a001", "subnet-0000000000001c001"]
    error_message = "wanted list outputs to follow the new order (1d, 1a, 1c), got ${jsonencode(output.private_subnet_ids)} and ${jsonencode(output.public_subnet_ids)}"
  }
}
