# Removing the first entry of each keyed collection must touch only that entry: the state of the
# first apply is planned without it, and the others keep their keys and ids (a replacement has no
# id yet at plan, and the assert could not be evaluated).
mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  name             = "acme"
  vpc_id           = "vpc-0123456789abcdef0"
  subnet_ids_by_az = { "ap-northeast-1a" = "subnet-0aaaaaaaaaaaaaaa1", "ap-northeast-1c" = "subnet-0aaaaaaaaaaaaaaa2" }
  vpc_cidr_blocks  = ["10.0.0.0/16"]
}

run "three_endpoints_two_groups" {
  command = apply

  variables {
    interface_endpoints     = ["ecr.api", "ecr.dkr", "logs"]
    allowed_security_groups = { bridge = "sg-0123456789abcdef0", seed = "sg-0123456789abcdef1" }
  }
}

run "first_of_each_removed" {
  command = plan

  variables {
    interface_endpoints     = ["ecr.dkr", "logs"]
    allowed_security_groups = { seed = "sg-0123456789abcdef1" }
  }

  assert {
    condition     = keys(aws_vpc_endpoint.interface) == ["ecr.dkr", "logs"] && alltrue([for e in aws_vpc_endpoint.interface : e.id != ""])
    error_message = "wanted the ecr.dkr and logs endpoints kept with their ids after removing ecr.api"
  }

  assert {
    condition     = keys(aws_vpc_security_group_ingress_rule.from_security_groups) == ["seed"] && aws_vpc_security_group_ingress_rule.from_security_groups["seed"].security_group_rule_id != ""
    error_message = "wanted the seed rule kept with its id after removing bridge"
  }
}
