# Removing the first allowed security group must touch only its rules: the state of the first apply
# is planned without it, and the other rules keep their keys and their ids (a rule that would be
# replaced has no id yet at plan, and the assert could not be evaluated).
mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  name       = "acme"
  vpc_id     = "vpc-0123456789abcdef0"
  subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
  redis      = {}
}

run "two_groups" {
  command = apply

  variables {
    allowed_security_groups = { bridge = "sg-0bbbbbbbbbbbbbbb1", batch = "sg-0bbbbbbbbbbbbbbb2" }
  }
}

run "first_group_removed" {
  command = plan

  variables {
    allowed_security_groups = { batch = "sg-0bbbbbbbbbbbbbbb2" }
  }

  assert {
    condition     = keys(aws_vpc_security_group_ingress_rule.postgres) == ["batch"] && keys(aws_vpc_security_group_ingress_rule.redis) == ["batch"]
    error_message = "wanted only the batch rules left, under their own key"
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.postgres["batch"].security_group_rule_id != "" && aws_vpc_security_group_ingress_rule.redis["batch"].security_group_rule_id != ""
    error_message = "wanted the batch rules kept with their ids"
  }
}
