# What bridgectl reads from the module: the port doctor checks the security groups on must be the
# one the container listens on, not a literal (a stack with port = 9090 got a false failure), and
# each field of the bridgectl object must come from the resource or input it names. A mock gives
# every resource of a type the same ARN or id, so here each one a field comes from has a value of
# its own (file-wide, as a run's override reaches only what that very run creates), and the
# asserts compare each field with its resource and with that value: a field wired to the wrong
# resource fails.
mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  name                = "acme-bridge"
  tenant_id           = "tenant-0123"
  vpc_id              = "vpc-0123456789abcdef0"
  private_subnet_ids  = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
  public_subnet_ids   = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]
  certificate         = { domain_name = "bridge.example.com", arn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555" }
  allowed_cidr_blocks = ["34.85.43.93/32", "198.51.100.0/24"]
  pull_through_cache  = { prefix = "acme-cache" }
  image_tag           = "v1.0.0"
}

# A region other than the mocks' ap-northeast-1, so the field cannot come from a mock ARN.
override_data {
  target = data.aws_region.current
  values = { endpoint = "ec2.eu-west-1.amazonaws.com" }
}

override_resource {
  target = aws_security_group.alb
  values = { id = "sg-0a1b00000000000a1" }
}

override_resource {
  target = aws_security_group.task
  values = { id = "sg-07a5c000000000007" }
}

override_resource {
  target = aws_lb_target_group.this
  values = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/acmeb-20261123/1111111111111111"
    arn_suffix = "targetgroup/acmeb-20261123/1111111111111111"
  }
}

override_resource {
  target = aws_lb.this
  values = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/acme-bridge-alb/2222222222222222"
    arn_suffix = "app/acme-bridge-alb/2222222222222222"
    dns_name   = "acme-bridge-alb-2222.eu-west-1.elb.amazonaws.com"
    zone_id    = "Z32O12XQLNTSW2"
  }
}

# The certificate the module requests (the run with a Route 53 zone).
override_resource {
  target = aws_acm_certificate.this
  values = {
    arn = "arn:aws:acm:eu-west-1:123456789012:certificate/33333333-4444-5555-6666-777777777777"
    domain_validation_options = [{
      domain_name           = "bridge.example.com"
      resource_record_name  = "_abc.bridge.example.com."
      resource_record_type  = "CNAME"
      resource_record_value = "_xyz.acm-validations.aws."
    }]
  }
}

run "port_output_follows_the_container_port" {
  command = plan

  variables {
    port = 9090
  }

  assert {
    condition     = output.port == 9090 && aws_lb_target_group.this.port == 9090
    error_message = "output port = ${output.port}, target group port ${aws_lb_target_group.this.port}: want both 9090, the port the container listens on"
  }
}

# An imported certificate: no alias record, so no zone for doctor's DNS check.
run "bridgectl_object_names_each_resource" {
  command = apply

  variables {
    port = 9090
  }

  assert {
    condition     = output.bridgectl.region == "eu-west-1"
    error_message = "bridgectl.region = ${jsonencode(output.bridgectl.region)}, want eu-west-1, the provider's region"
  }
  assert {
    condition     = output.bridgectl.cluster_name == aws_ecs_cluster.this.name && output.bridgectl.cluster_name == "acme-bridge"
    error_message = "bridgectl.cluster_name = ${jsonencode(output.bridgectl.cluster_name)}, want the cluster's name acme-bridge"
  }
  assert {
    condition     = output.bridgectl.service_name == aws_ecs_service.this.name && output.bridgectl.service_name == "acme-bridge-bridge"
    error_message = "bridgectl.service_name = ${jsonencode(output.bridgectl.service_name)}, want the service's name acme-bridge-bridge"
  }
  assert {
    condition     = output.bridgectl.target_group_arn == aws_lb_target_group.this.arn && endswith(output.bridgectl.target_group_arn, "targetgroup/acmeb-20261123/1111111111111111")
    error_message = "bridgectl.target_group_arn = ${jsonencode(output.bridgectl.target_group_arn)}, want the target group's ARN"
  }
  assert {
    condition     = output.bridgectl.log_group_name == aws_cloudwatch_log_group.this.name && output.bridgectl.log_group_name == "/ecs/acme-bridge/bridge"
    error_message = "bridgectl.log_group_name = ${jsonencode(output.bridgectl.log_group_name)}, want the Bridge's log group /ecs/acme-bridge/bridge"
  }
  assert {
    condition     = output.bridgectl.log_group_name == jsondecode(aws_ecs_task_definition.this.container_definitions)[0].logConfiguration.options["awslogs-group"]
    error_message = "bridgectl.log_group_name = ${jsonencode(output.bridgectl.log_group_name)} is not the log group the container writes to"
  }
  assert {
    condition     = output.bridgectl.port == 9090 && aws_lb_target_group.this.port == 9090 && aws_vpc_security_group_ingress_rule.task_from_alb.from_port == 9090
    error_message = "bridgectl.port = ${jsonencode(output.bridgectl.port)}, want 9090, the port of the target group and of the task's ingress rule"
  }
  assert {
    condition     = output.bridgectl.alb_dns_name == aws_lb.this.dns_name && output.bridgectl.alb_dns_name == "acme-bridge-alb-2222.eu-west-1.elb.amazonaws.com"
    error_message = "bridgectl.alb_dns_name = ${jsonencode(output.bridgectl.alb_dns_name)}, want the ALB's DNS name"
  }
  assert {
    condition     = output.bridgectl.alb_security_group_id == aws_security_group.alb.id && output.bridgectl.alb_security_group_id == "sg-0a1b00000000000a1"
    error_message = "bridgectl.alb_security_group_id = ${jsonencode(output.bridgectl.alb_security_group_id)}, want the ALB's security group sg-0a1b00000000000a1"
  }
  assert {
    condition     = output.bridgectl.task_security_group_id == aws_security_group.task.id && output.bridgectl.task_security_group_id == "sg-07a5c000000000007"
    error_message = "bridgectl.task_security_group_id = ${jsonencode(output.bridgectl.task_security_group_id)}, want the tasks' security group sg-07a5c000000000007"
  }
  assert {
    condition     = toset(output.bridgectl.private_subnet_ids) == toset(aws_ecs_service.this.network_configuration[0].subnets) && output.bridgectl.private_subnet_ids == tolist(["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"])
    error_message = "bridgectl.private_subnet_ids = ${jsonencode(output.bridgectl.private_subnet_ids)}, want the service's (private) subnets"
  }
  assert {
    condition     = toset(output.bridgectl.allowed_cidr_blocks) == toset([for r in aws_vpc_security_group_ingress_rule.alb_https : r.cidr_ipv4]) && output.bridgectl.allowed_cidr_blocks == tolist(["34.85.43.93/32", "198.51.100.0/24"])
    error_message = "bridgectl.allowed_cidr_blocks = ${jsonencode(output.bridgectl.allowed_cidr_blocks)}, want the sources of the ALB's HTTPS rules"
  }
  assert {
    condition     = output.bridgectl.certificate_arn == aws_lb_listener.https.certificate_arn && output.bridgectl.certificate_arn == "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
    error_message = "bridgectl.certificate_arn = ${jsonencode(output.bridgectl.certificate_arn)}, want the listener's (imported) certificate"
  }
  assert {
    condition     = output.bridgectl.domain_name == "bridge.example.com" && output.bridge_url == "https://${output.bridgectl.domain_name}"
    error_message = "bridgectl.domain_name = ${jsonencode(output.bridgectl.domain_name)}, want bridge.example.com, the host of bridge_url"
  }
  assert {
    condition     = output.bridgectl.route53_zone_id == null && length(aws_route53_record.alias) == 0
    error_message = "bridgectl.route53_zone_id = ${jsonencode(output.bridgectl.route53_zone_id)}, want null: the module made no alias record for doctor to check"
  }
  assert {
    condition     = output.bridgectl.pull_through_cache_prefix == aws_ecr_pull_through_cache_rule.this[0].ecr_repository_prefix && output.bridgectl.pull_through_cache_prefix == "acme-cache"
    error_message = "bridgectl.pull_through_cache_prefix = ${jsonencode(output.bridgectl.pull_through_cache_prefix)}, want the cache rule's prefix acme-cache"
  }
  # Exactly these fields: internal/diagnose reads each of them, and a field added here must be
  # added there too (its tests compare the two lists).
  assert {
    condition     = jsonencode(keys(output.bridgectl)) == jsonencode(sort(["region", "cluster_name", "service_name", "target_group_arn", "log_group_name", "port", "alb_dns_name", "alb_security_group_id", "task_security_group_id", "private_subnet_ids", "allowed_cidr_blocks", "certificate_arn", "domain_name", "route53_zone_id", "pull_through_cache_prefix"]))
    error_message = "bridgectl has the fields ${jsonencode(keys(output.bridgectl))}"
  }
}

# A certificate the module requests: doctor checks the validated one and the alias record's zone.
run "bridgectl_object_with_the_module_certificate" {
  command = apply

  variables {
    certificate = { domain_name = "bridge.example.com", route53_zone_id = "Z0123456789ABCDEFGHIJ" }
  }

  assert {
    condition     = output.bridgectl.certificate_arn == aws_acm_certificate_validation.this[0].certificate_arn && output.bridgectl.certificate_arn == "arn:aws:acm:eu-west-1:123456789012:certificate/33333333-4444-5555-6666-777777777777"
    error_message = "bridgectl.certificate_arn = ${jsonencode(output.bridgectl.certificate_arn)}, want the ARN of the module's certificate, once validated"
  }
  assert {
    condition     = output.bridgectl.route53_zone_id == aws_route53_record.alias[0].zone_id && output.bridgectl.route53_zone_id == "Z0123456789ABCDEFGHIJ"
    error_message = "bridgectl.route53_zone_id = ${jsonencode(output.bridgectl.route53_zone_id)}, want the zone of the alias record"
  }
  assert {
    condition     = output.bridgectl.domain_name == aws_route53_record.alias[0].name && output.bridgectl.alb_dns_name == aws_route53_record.alias[0].alias[0].name
    error_message = "bridgectl.domain_name = ${jsonencode(output.bridgectl.domain_name)} and alb_dns_name = ${jsonencode(output.bridgectl.alb_dns_name)}: want the alias record's name and target, what doctor compares"
  }
}

# The zone without the record (create_record = false), and no cache: doctor skips both checks.
run "bridgectl_object_without_alias_or_cache" {
  command = plan

  variables {
    certificate        = { domain_name = "bridge.example.com", route53_zone_id = "Z0123456789ABCDEFGHIJ", create_record = false }
    pull_through_cache = null
  }

  assert {
    condition     = output.bridgectl.route53_zone_id == null && length(aws_route53_record.alias) == 0
    error_message = "bridgectl.route53_zone_id = ${jsonencode(output.bridgectl.route53_zone_id)}, want null without the alias record"
  }
  assert {
    condition     = output.bridgectl.pull_through_cache_prefix == null
    error_message = "bridgectl.pull_through_cache_prefix = ${jsonencode(output.bridgectl.pull_through_cache_prefix)}, want null without the cache"
  }
}
