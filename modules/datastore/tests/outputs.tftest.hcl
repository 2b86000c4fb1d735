# What bridgectl reads from the module: each field of the bridgectl object must come from the
# resource it names. A mock gives every resource of a type the same ARN or id, so each resource a
# field comes from has a value of its own here (file-wide, as a run's override reaches only what
# that very run creates), and the asserts compare each field with its resource and that value.
mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  name                    = "acme"
  vpc_id                  = "vpc-0123456789abcdef0"
  subnet_ids              = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
  allowed_security_groups = { bridge = "sg-0bbbbbbbbbbbbbbb1" }
}

override_resource {
  target = aws_security_group.postgres
  values = { id = "sg-0000000000005432a" }
}

override_resource {
  target = aws_security_group.redis
  values = { id = "sg-0000000000006379a" }
}

override_resource {
  target = aws_ecs_task_definition.seed
  values = { arn = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/acme-seed:7", revision = 7 }
}

override_resource {
  target = aws_cloudwatch_log_group.seed
  values = { arn = "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/acme/seed" }
}

override_resource {
  target = aws_s3_bucket.seed
  values = { id = "acme-seed-20261207000000000000000042", arn = "arn:aws:s3:::acme-seed-20261207000000000000000042" }
}

# Redis on, so the PostgreSQL security group cannot be confused with Redis's.
run "bridgectl_object_names_each_resource" {
  command = apply

  variables {
    redis = {}
    seed  = {}
  }

  assert {
    condition     = output.bridgectl.db_security_group_id == aws_security_group.postgres.id && output.bridgectl.db_security_group_id == "sg-0000000000005432a" && aws_vpc_security_group_ingress_rule.postgres["bridge"].security_group_id == output.bridgectl.db_security_group_id
    error_message = "bridgectl.db_security_group_id = ${jsonencode(output.bridgectl.db_security_group_id)}, want PostgreSQL's security group sg-0000000000005432a"
  }
  assert {
    condition     = output.bridgectl.seed_task_definition_arn == aws_ecs_task_definition.seed[0].arn && output.bridgectl.seed_task_definition_arn == "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/acme-seed:7"
    error_message = "bridgectl.seed_task_definition_arn = ${jsonencode(output.bridgectl.seed_task_definition_arn)}, want the seed task definition's ARN"
  }
  assert {
    condition     = output.bridgectl.seed_log_group_name == aws_cloudwatch_log_group.seed[0].name && output.bridgectl.seed_log_group_name == "/ecs/acme/seed" && alltrue([for c in jsondecode(aws_ecs_task_definition.seed[0].container_definitions) : c.logConfiguration.options["awslogs-group"] == output.bridgectl.seed_log_group_name])
    error_message = "bridgectl.seed_log_group_name = ${jsonencode(output.bridgectl.seed_log_group_name)}, want /ecs/acme/seed, the log group both seed containers write to"
  }
  assert {
    condition     = output.bridgectl.seed_log_stream_prefix == "seed" && alltrue([for c in jsondecode(aws_ecs_task_definition.seed[0].container_definitions) : c.logConfiguration.options["awslogs-stream-prefix"] == output.bridgectl.seed_log_stream_prefix])
    error_message = "bridgectl.seed_log_stream_prefix = ${jsonencode(output.bridgectl.seed_log_stream_prefix)}, want the awslogs-stream-prefix of both seed containers"
  }
  assert {
    condition     = output.bridgectl.seed_bucket_name == aws_s3_bucket.seed[0].id && output.bridgectl.seed_bucket_name == "acme-seed-20261207000000000000000042"
    error_message = "bridgectl.seed_bucket_name = ${jsonencode(output.bridgectl.seed_bucket_name)}, want the seed bucket's name"
  }
  assert {
    condition     = output.bridgectl.seed_object_prefix == "seed/" && contains(jsondecode(aws_iam_role_policy.seed_task[0].policy).Statement[0].Resource, "arn:aws:s3:::acme-seed-20261207000000000000000042/${output.bridgectl.seed_object_prefix}*")
    error_message = "bridgectl.seed_object_prefix = ${jsonencode(output.bridgectl.seed_object_prefix)}, want seed/, the only prefix the seed task role may read"
  }
  # Exactly these fields: internal/diagnose reads each of them, and a field added here must be
  # added there too (its tests compare the two lists).
  assert {
    condition     = jsonencode(keys(output.bridgectl)) == jsonencode(sort(["db_security_group_id", "seed_task_definition_arn", "seed_log_group_name", "seed_log_stream_prefix", "seed_bucket_name", "seed_object_prefix"]))
    error_message = "bridgectl has the fields ${jsonencode(keys(output.bridgectl))}"
  }
}

# Without a seed task the seed fields are null (bridgectl seed then says the module has none); the
# security group doctor checks is still there.
run "bridgectl_object_without_seed" {
  command = plan

  assert {
    condition     = output.bridgectl.seed_task_definition_arn == null && output.bridgectl.seed_log_group_name == null && output.bridgectl.seed_log_stream_prefix == null && output.bridgectl.seed_bucket_name == null && output.bridgectl.seed_object_prefix == null
    error_message = "wanted every seed field null without seed, got ${jsonencode(output.bridgectl)}"
  }
  assert {
    condition     = output.bridgectl.db_security_group_id == aws_security_group.postgres.id
    error_message = "wanted the PostgreSQL security group without seed, got ${jsonencode(output.bridgectl)}"
  }
}
