mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  name                    = "acme"
  vpc_id                  = "vpc-0123456789abcdef0"
  s3_gateway              = { route_table_ids = ["rtb-0aaaaaaaaaaaaaaa1", "rtb-0aaaaaaaaaaaaaaa2"] }
  subnet_ids_by_az        = { "ap-northeast-1a" = "subnet-0aaaaaaaaaaaaaaa1", "ap-northeast-1c" = "subnet-0aaaaaaaaaaaaaaa2" }
  allowed_security_groups = { bridge = "sg-0123456789abcdef0" }
  vpc_cidr_blocks         = ["10.0.0.0/16", "100.64.0.0/16"]
  tags                    = { Project = "bridge-test" }
}

run "defaults_create_only_the_free_s3_gateway" {
  command = apply

  assert {
    condition     = aws_vpc_endpoint.s3[0].vpc_endpoint_type == "Gateway" && aws_vpc_endpoint.s3[0].service_name == "com.amazonaws.ap-northeast-1.s3"
    error_message = "wanted the S3 gateway endpoint"
  }

  # Attached to exactly the given route tables, never to discovered ones.
  assert {
    condition     = aws_vpc_endpoint.s3[0].route_table_ids == toset(["rtb-0aaaaaaaaaaaaaaa1", "rtb-0aaaaaaaaaaaaaaa2"])
    error_message = "wanted the S3 endpoint on the given route tables, got ${jsonencode(aws_vpc_endpoint.s3[0].route_table_ids)}"
  }

  assert {
    condition     = length(aws_vpc_endpoint.interface) == 0 && length(aws_security_group.endpoints) == 0
    error_message = "wanted no interface endpoint (they cost per AZ-hour) unless asked"
  }
}

run "ecr_api_toggle" {
  command = apply
  variables {
    interface_endpoints = ["ecr.api"]
  }
  assert {
    condition     = keys(aws_vpc_endpoint.interface) == ["ecr.api"]
    error_message = "wanted exactly the ecr.api endpoint, got ${jsonencode(keys(aws_vpc_endpoint.interface))}"
  }
}

run "ecr_dkr_toggle" {
  command = apply
  variables {
    interface_endpoints = ["ecr.dkr"]
  }
  assert {
    condition     = keys(aws_vpc_endpoint.interface) == ["ecr.dkr"]
    error_message = "wanted exactly the ecr.dkr endpoint, got ${jsonencode(keys(aws_vpc_endpoint.interface))}"
  }
}

run "logs_toggle" {
  command = apply
  variables {
    interface_endpoints = ["logs"]
  }
  assert {
    condition     = keys(aws_vpc_endpoint.interface) == ["logs"]
    error_message = "wanted exactly the logs endpoint, got ${jsonencode(keys(aws_vpc_endpoint.interface))}"
  }
}

run "secretsmanager_toggle" {
  command = apply
  variables {
    interface_endpoints = ["secretsmanager"]
  }
  assert {
    condition     = keys(aws_vpc_endpoint.interface) == ["secretsmanager"]
    error_message = "wanted exactly the secretsmanager endpoint, got ${jsonencode(keys(aws_vpc_endpoint.interface))}"
  }
}

run "ssmmessages_toggle" {
  command = apply
  variables {
    interface_endpoints = ["ssmmessages"]
  }
  assert {
    condition     = keys(aws_vpc_endpoint.interface) == ["ssmmessages"]
    error_message = "wanted exactly the ssmmessages endpoint, got ${jsonencode(keys(aws_vpc_endpoint.interface))}"
  }
}

run "interface_endpoint_wiring" {
  command = apply
  variables {
    allowed_cidr_blocks = ["10.0.128.0/20"]
    interface_endpoints = ["logs"]
  }

  assert {
    condition     = aws_vpc_endpoint.interface["logs"].subnet_ids == toset(["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"])
    error_message = "wanted the endpoint in one subnet per AZ"
  }

  assert {
    condition     = aws_vpc_endpoint.interface["logs"].private_dns_enabled
    error_message = "wanted private DNS on by default"
  }

  assert {
    condition     = alltrue([for r in aws_vpc_security_group_ingress_rule.from_security_groups : r.from_port == 443 && r.to_port == 443 && r.referenced_security_group_id == "sg-0123456789abcdef0"])
    error_message = "wanted 443 from the allowed security group only"
  }

  assert {
    condition     = toset([for r in aws_vpc_security_group_ingress_rule.from_cidrs : r.cidr_ipv4]) == toset(["10.0.0.0/16", "100.64.0.0/16", "10.0.128.0/20"])
    error_message = "wanted 443 from the VPC and the allowed CIDR, got ${jsonencode([for r in aws_vpc_security_group_ingress_rule.from_cidrs : r.cidr_ipv4])}"
  }
}

run "private_dns_opt_out" {
  command = apply
  variables {
    private_dns_enabled = false
    interface_endpoints = ["ecr.api"]
  }
  assert {
    condition     = aws_vpc_endpoint.interface["ecr.api"].private_dns_enabled == false
    error_message = "wanted private DNS off when opted out"
  }
}

run "rejects_a_subnet_keyed_by_something_else_than_an_az" {
  command = plan
  variables {
    subnet_ids_by_az = { "subnet-0aaaaaaaaaaaaaaa1" = "ap-northeast-1a" }
  }
  expect_failures = [var.subnet_ids_by_az]
}

run "rejects_an_unknown_interface_service" {
  command = plan
  variables {
    interface_endpoints = ["logs", "sts"]
  }
  expect_failures = [var.interface_endpoints]
}

run "rejects_interface_endpoint_without_sources" {
  command = plan
  variables {
    private_dns_enabled     = false
    allowed_security_groups = {}
    interface_endpoints     = ["logs"]
  }
  expect_failures = [aws_security_group.endpoints]
}

run "rejects_s3_endpoint_without_route_tables" {
  command = plan
  variables {
    s3_gateway = { route_table_ids = [] }
  }
  expect_failures = [var.s3_gateway]
}

run "rejects_invalid_cidr" {
  command = plan
  variables {
    allowed_cidr_blocks = ["10.0.0.0/40"]
  }
  expect_failures = [var.allowed_cidr_blocks]
}

# Private DNS sends every workload of the VPC to the endpoints: all of the VPC must get in on 443.
run "private_dns_admits_the_whole_vpc" {
  command = apply

  variables {
    interface_endpoints = ["logs"]
  }

  assert {
    condition     = toset([for r in aws_vpc_security_group_ingress_rule.from_cidrs : r.cidr_ipv4]) == toset(["10.0.0.0/16", "100.64.0.0/16"])
    error_message = "wanted every VPC CIDR block admitted, got ${jsonencode([for r in aws_vpc_security_group_ingress_rule.from_cidrs : r.cidr_ipv4])}"
  }

  assert {
    condition     = alltrue([for r in aws_vpc_security_group_ingress_rule.from_cidrs : r.from_port == 443 && r.to_port == 443])
    error_message = "wanted HTTPS only"
  }
}

# Without private DNS only the named callers use the endpoints.
run "without_private_dns_only_named_callers" {
  command = apply

  variables {
    private_dns_enabled = false
    interface_endpoints = ["logs"]
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.from_cidrs) == 0 && length(aws_vpc_security_group_ingress_rule.from_security_groups) == 1
    error_message = "wanted only the named security group without private DNS"
  }
}

run "rejects_private_dns_without_the_vpc_cidr_blocks" {
  command = plan

  variables {
    vpc_cidr_blocks     = []
    interface_endpoints = ["logs"]
  }

  expect_failures = [aws_security_group.endpoints]
}

run "rejects_invalid_vpc_cidr_block" {
  command = plan

  variables {
    vpc_cidr_blocks = ["10.0.0.0/33"]
  }

  expect_failures = [var.vpc_cidr_blocks]
}

run "no_endpoint_policies_by_default" {
  command = apply

  assert {
    condition     = length(aws_vpc_endpoint_policy.s3) == 0 && length(aws_vpc_endpoint_policy.interface) == 0
    error_message = "wanted AWS's default endpoint policies unless asked"
  }
}

# Restricted policies: this account's resources, ECR's layer bucket, and the token call with no resource.
run "restricted_endpoint_policies" {
  command = apply

  variables {
    restrict_endpoint_policies = true
    interface_endpoints        = ["ecr.api", "ssmmessages"]
  }

  assert {
    condition     = jsondecode(aws_vpc_endpoint_policy.s3[0].policy).Statement[0].Resource == "arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*"
    error_message = "wanted ECR's layer bucket allowed through the S3 gateway, got ${aws_vpc_endpoint_policy.s3[0].policy}"
  }

  assert {
    condition     = jsondecode(aws_vpc_endpoint_policy.s3[0].policy).Statement[1].Condition.StringEquals["aws:ResourceAccount"] == "123456789012"
    error_message = "wanted everything else limited to this account's resources"
  }

  assert {
    condition     = keys(aws_vpc_endpoint_policy.interface) == ["ecr.api"] && jsondecode(aws_vpc_endpoint_policy.interface["ecr.api"].policy).Statement[0].Action == "ecr:GetAuthorizationToken"
    error_message = "wanted a policy on ecr.api (not ssmmessages) that still allows the token call"
  }
}
