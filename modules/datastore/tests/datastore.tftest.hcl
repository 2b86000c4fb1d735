mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  name                    = "acme"
  vpc_id                  = "vpc-0123456789abcdef0"
  subnet_ids              = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
  allowed_security_groups = { bridge = "sg-0bbbbbbbbbbbbbbb1" }
  tags                    = { Project = "bridge-test" }
}

# A mock gives every role (and every log group) the same ARN, so an assert could not tell the seed
# task's execution role from its task role or from the monitoring role: each gets an ARN and id of
# its own, and the asserts name them; so do the two security groups. File-wide, as a run's override reaches only what that very run
# creates.
override_resource {
  target = aws_iam_role.monitoring
  values = { arn = "arn:aws:iam::123456789012:role/acme-postgres-monitoring", id = "acme-postgres-monitoring" }
}

override_resource {
  target = aws_iam_role.seed_execution
  values = { arn = "arn:aws:iam::123456789012:role/acme-seed-execution", id = "acme-seed-execution" }
}

override_resource {
  target = aws_iam_role.seed_task
  values = { arn = "arn:aws:iam::123456789012:role/acme-seed-task", id = "acme-seed-task" }
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
  target = aws_cloudwatch_log_group.seed
  values = { arn = "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/acme/seed" }
}

override_resource {
  target = aws_cloudwatch_log_group.postgres["postgresql"]
  values = { arn = "arn:aws:logs:ap-northeast-1:123456789012:log-group:/aws/rds/instance/acme-postgres/postgresql" }
}

run "postgres_always_facts" {
  command = apply

  assert {
    condition     = aws_db_instance.this.storage_encrypted
    error_message = "wanted encrypted storage"
  }
  assert {
    condition     = aws_db_instance.this.publicly_accessible == false
    error_message = "wanted a private instance"
  }
  assert {
    condition     = aws_db_instance.this.db_subnet_group_name == aws_db_subnet_group.this.name && aws_db_subnet_group.this.subnet_ids == toset(var.subnet_ids)
    error_message = "wanted its own subnet group on the given private subnets"
  }
  assert {
    condition     = aws_db_instance.this.vpc_security_group_ids == toset(["sg-0000000000005432a"])
    error_message = "wanted only its own security group (sg-0000000000005432a), got ${jsonencode(aws_db_instance.this.vpc_security_group_ids)}"
  }
  assert {
    condition     = alltrue([for r in aws_vpc_security_group_ingress_rule.postgres : r.security_group_id == "sg-0000000000005432a" && r.from_port == 5432 && r.to_port == 5432 && r.referenced_security_group_id == "sg-0bbbbbbbbbbbbbbb1" && r.cidr_ipv4 == null])
    error_message = "wanted 5432 only from the allowed security group"
  }
  assert {
    condition     = aws_db_instance.this.manage_master_user_password == true && aws_db_instance.this.password == null
    error_message = "wanted the master password managed by RDS in Secrets Manager, no password argument"
  }
  assert {
    condition     = aws_db_instance.this.monitoring_interval == 60 && aws_db_instance.this.monitoring_role_arn == "arn:aws:iam::123456789012:role/acme-postgres-monitoring"
    error_message = "wanted Enhanced Monitoring every 60 s with the module's role"
  }
  assert {
    condition     = aws_iam_role_policy_attachment.monitoring.policy_arn == "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
    error_message = "wanted the Enhanced Monitoring managed policy on the monitoring role"
  }
  assert {
    condition     = aws_db_instance.this.performance_insights_enabled && aws_db_instance.this.performance_insights_retention_period == 7
    error_message = "wanted Performance Insights with 7 days retention"
  }
  assert {
    condition     = aws_db_instance.this.enabled_cloudwatch_logs_exports == toset(["postgresql", "upgrade"])
    error_message = "wanted postgresql and upgrade log exports"
  }
  assert {
    condition     = one([for p in aws_db_parameter_group.this.parameter : p.value if p.name == "rds.force_ssl"]) == "1"
    error_message = "wanted rds.force_ssl = 1"
  }
  assert {
    condition     = one([for p in aws_db_parameter_group.this.parameter : p.value if p.name == "log_min_duration_statement"]) == "1000"
    error_message = "wanted slow queries (>= 1 s) logged"
  }
  assert {
    condition     = aws_db_parameter_group.this.family == "postgres17" && aws_db_instance.this.engine_version == "17"
    error_message = "wanted major version 17 and its parameter family"
  }
  # The log groups RDS exports into exist before the instance, with a retention (RDS would make
  # them without one and leave them after a destroy).
  assert {
    condition     = toset([for g in aws_cloudwatch_log_group.postgres : g.name]) == toset(["/aws/rds/instance/acme-postgres/postgresql", "/aws/rds/instance/acme-postgres/upgrade"]) && alltrue([for g in aws_cloudwatch_log_group.postgres : g.retention_in_days == 30]) && toset(aws_db_instance.this.enabled_cloudwatch_logs_exports) == toset(keys(aws_cloudwatch_log_group.postgres))
    error_message = "wanted a log group with 30 days' retention for each log the instance exports"
  }
  assert {
    condition     = aws_db_instance.this.auto_minor_version_upgrade
    error_message = "wanted automatic minor upgrades"
  }
  assert {
    condition     = aws_db_instance.this.copy_tags_to_snapshot
    error_message = "wanted tags copied to snapshots"
  }
  assert {
    condition     = aws_db_instance.this.storage_type == "gp3" && aws_db_instance.this.max_allocated_storage == 100
    error_message = "wanted gp3 with storage autoscaling up to 100 GiB"
  }
  assert {
    condition     = aws_db_instance.this.backup_retention_period == 7
    error_message = "wanted 7 days of backups"
  }
  assert {
    condition     = aws_db_instance.this.deletion_protection
    error_message = "wanted deletion protection on"
  }
  # Destroy keeps the data: a final snapshot whose name is unique per created database, and the
  # automated backups kept after the delete.
  assert {
    condition     = aws_db_instance.this.skip_final_snapshot == false && can(regex("^acme-postgres-final-[0-9]{14}$", aws_db_instance.this.final_snapshot_identifier))
    error_message = "wanted a final snapshot acme-postgres-final-<creation time>, got ${aws_db_instance.this.final_snapshot_identifier}"
  }
  assert {
    condition     = aws_db_instance.this.delete_automated_backups == false
    error_message = "wanted automated backups retained after delete"
  }
  assert {
    condition     = aws_db_instance.this.allow_major_version_upgrade == false
    error_message = "wanted major version upgrades off unless asked for"
  }
  # Only this account's databases may assume the monitoring role.
  assert {
    condition     = jsondecode(aws_iam_role.monitoring.assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "123456789012" && jsondecode(aws_iam_role.monitoring.assume_role_policy).Statement[0].Condition.ArnLike["aws:SourceArn"] == "arn:aws:rds:ap-northeast-1:123456789012:db:*"
    error_message = "wanted the source account and ARN on the monitoring trust policy, got ${aws_iam_role.monitoring.assume_role_policy}"
  }
  assert {
    condition     = aws_db_instance.this.iam_database_authentication_enabled
    error_message = "wanted IAM database authentication on by default"
  }
  assert {
    condition     = aws_db_instance.this.multi_az == false
    error_message = "wanted single-AZ by default"
  }
  assert {
    condition     = aws_db_instance.this.instance_class == "db.t4g.micro"
    error_message = "wanted db.t4g.micro by default"
  }
  assert {
    condition     = aws_db_instance.this.username != "postgres"
    error_message = "wanted a master user other than postgres"
  }
  assert {
    condition     = output.master_user_secret_arn == "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:rds!db-mock-AbCdEf"
    error_message = "wanted the RDS-managed secret ARN as output"
  }
  assert {
    condition     = length(aws_elasticache_replication_group.this) == 0
    error_message = "wanted no Redis by default"
  }
  assert {
    condition     = alltrue([for t in [aws_db_instance.this.tags, aws_db_subnet_group.this.tags, aws_security_group.postgres.tags, aws_db_parameter_group.this.tags, aws_iam_role.monitoring.tags] : t["Project"] == "bridge-test"])
    error_message = "wanted the caller's tags on the PostgreSQL resources"
  }
}

run "multi_az_and_iam_auth_off" {
  command = apply
  variables {
    multi_az                            = true
    iam_database_authentication_enabled = false
    kms_key_arn                         = "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  }
  assert {
    condition     = aws_db_instance.this.multi_az && !aws_db_instance.this.iam_database_authentication_enabled
    error_message = "wanted Multi-AZ and IAM authentication switched off"
  }
  assert {
    condition     = aws_db_instance.this.kms_key_id == var.kms_key_arn && aws_db_instance.this.master_user_secret_kms_key_id == var.kms_key_arn
    error_message = "wanted the customer key on storage and the master secret"
  }
}

run "redis_single_node" {
  command = apply
  variables {
    redis = {}
  }
  assert {
    condition     = tostring(aws_elasticache_replication_group.this[0].at_rest_encryption_enabled) == "true" && aws_elasticache_replication_group.this[0].transit_encryption_enabled
    error_message = "wanted encryption at rest and in transit"
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].automatic_failover_enabled == false && aws_elasticache_replication_group.this[0].multi_az_enabled == false
    error_message = "wanted no failover with one node"
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].node_type == "cache.t4g.micro"
    error_message = "wanted a Graviton micro node"
  }
  # Password mode by default: BaseMachina connects with host, port, user and password.
  assert {
    condition     = aws_elasticache_replication_group.this[0].auth_token == null && aws_elasticache_user.app[0].authentication_mode[0].type == "password"
    error_message = "wanted an RBAC user with a password and no static auth token"
  }
  assert {
    condition     = length(nonsensitive(aws_elasticache_user.app[0].authentication_mode[0].passwords)) == 1 && length(nonsensitive(one(aws_elasticache_user.app[0].authentication_mode[0].passwords))) == 64
    error_message = "wanted one generated 64-character password"
  }
  # The seed and the password are sensitive wherever they are: the seed lives in triggers_replace,
  # which Terraform keeps marked in state (terraform_data's output would not be), and no
  # attribute holds it unmarked.
  assert {
    condition     = issensitive(terraform_data.redis_password_seed[0].triggers_replace) && terraform_data.redis_password_seed[0].input == null && terraform_data.redis_password_seed[0].output == null
    error_message = "wanted the Redis password's seed held only in the sensitive triggers_replace"
  }
  assert {
    condition     = issensitive(one(aws_elasticache_user.app[0].authentication_mode[0].passwords))
    error_message = "wanted the Redis password sensitive on the user"
  }
  assert {
    condition     = output.redis_secret_arn == aws_secretsmanager_secret.redis[0].arn && aws_secretsmanager_secret_version.redis[0].secret_string_wo_version == 2
    error_message = "wanted the connection secret, written write-only"
  }
  assert {
    condition     = output.redis_username == "acme-app" && output.redis_tls == true
    error_message = "wanted the user and TLS flag to register in BaseMachina"
  }
  assert {
    condition     = aws_elasticache_user.default[0].access_string == "off -@all"
    error_message = "wanted the mandatory default user switched off"
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].user_group_ids == toset([aws_elasticache_user_group.this[0].user_group_id])
    error_message = "wanted the user group on the replication group"
  }
  assert {
    condition     = alltrue([for r in aws_vpc_security_group_ingress_rule.redis : r.from_port == 6379 && r.referenced_security_group_id == "sg-0bbbbbbbbbbbbbbb1"])
    error_message = "wanted 6379 only from the allowed security group"
  }
  # Redis sits in its own group, which holds the 6379 rules; PostgreSQL keeps its own.
  assert {
    condition     = aws_elasticache_replication_group.this[0].security_group_ids == toset(["sg-0000000000006379a"]) && alltrue([for r in aws_vpc_security_group_ingress_rule.redis : r.security_group_id == "sg-0000000000006379a"]) && aws_db_instance.this.vpc_security_group_ids == toset(["sg-0000000000005432a"]) && alltrue([for r in aws_vpc_security_group_ingress_rule.postgres : r.security_group_id == "sg-0000000000005432a"])
    error_message = "wanted Redis in sg-0000000000006379a with its rules, PostgreSQL in sg-0000000000005432a with its own, got ${jsonencode(aws_elasticache_replication_group.this[0].security_group_ids)} and ${jsonencode(aws_db_instance.this.vpc_security_group_ids)}"
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].snapshot_retention_limit == 7 && aws_elasticache_replication_group.this[0].auto_minor_version_upgrade == "true"
    error_message = "wanted snapshots and automatic minor upgrades"
  }
}

run "redis_two_nodes_fail_over" {
  command = apply
  variables {
    redis = { num_cache_clusters = 2 }
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].automatic_failover_enabled && aws_elasticache_replication_group.this[0].multi_az_enabled
    error_message = "wanted automatic failover and Multi-AZ with two nodes"
  }
}

run "redis_iam_mode" {
  command = apply
  variables {
    redis = { auth_mode = "iam" }
  }
  assert {
    condition     = aws_elasticache_user.app[0].authentication_mode[0].type == "iam" && length(aws_secretsmanager_secret.redis) == 0 && length(terraform_data.redis_password_seed) == 0
    error_message = "wanted IAM authentication with no password and no secret"
  }
}

run "redis_without_tls" {
  command = apply
  variables {
    redis = { auth_mode = "none", transit_encryption = false }
  }
  assert {
    condition     = aws_elasticache_replication_group.this[0].transit_encryption_enabled == false && length(aws_elasticache_user_group.this) == 0
    error_message = "wanted no TLS and no user group (ElastiCache has users only over TLS)"
  }
  assert {
    condition     = output.redis_tls == false && output.redis_username == null
    error_message = "wanted the outputs to say TLS is off and there is no user"
  }
}

# A major upgrade modifies the instance in place; the new family's parameter group is a new one
# (name prefix + create_before_destroy), created before the old one is dropped.
run "major_upgrade_16" {
  command = apply
  variables {
    engine_version = "16"
  }
}

run "major_upgrade_to_17" {
  command = plan
  variables {
    engine_version              = "17.6"
    allow_major_version_upgrade = true
    auto_minor_version_upgrade  = false
  }
  assert {
    condition     = aws_db_instance.this.identifier == run.major_upgrade_16.db_instance_identifier && aws_db_instance.this.allow_major_version_upgrade && aws_db_instance.this.engine_version == "17.6"
    error_message = "wanted the same instance, upgraded in place to the full target version"
  }
  assert {
    condition     = aws_db_parameter_group.this.family == "postgres17" && startswith(aws_db_parameter_group.this.name_prefix, "acme-postgres-17-")
    error_message = "wanted a new postgres17 parameter group by prefix, got ${aws_db_parameter_group.this.name_prefix}"
  }
  # The engine and the new family's parameter group change together, now, not the engine in the
  # maintenance window after the parameter group.
  assert {
    condition     = aws_db_instance.this.apply_immediately == true && aws_db_instance.this.auto_minor_version_upgrade == false
    error_message = "wanted a major upgrade applied immediately, with the minor pinned"
  }
}

run "changes_wait_for_the_window_without_a_major_upgrade" {
  command = plan
  assert {
    condition     = aws_db_instance.this.apply_immediately == false && aws_db_instance.this.auto_minor_version_upgrade == true
    error_message = "wanted ordinary changes in the maintenance window and minors applied by RDS"
  }
}

run "rejects_a_major_upgrade_to_a_major_alone" {
  command = plan
  variables {
    engine_version              = "17"
    allow_major_version_upgrade = true
  }
  expect_failures = [var.allow_major_version_upgrade]
}

run "rejects_a_pinned_minor_that_rds_would_move" {
  command = plan
  variables {
    engine_version = "17.6"
  }
  expect_failures = [var.auto_minor_version_upgrade]
}

# The longest valid name keeps every derived identifier within its AWS limit.
run "longest_name_fits_every_limit" {
  command = apply
  variables {
    name  = "abcdefghij-klmnopqrs-tuvwxyz"
    redis = {}
    seed  = {}
  }
  assert {
    condition     = length(aws_elasticache_replication_group.this[0].replication_group_id) <= 40 && length(aws_elasticache_user_group.this[0].user_group_id) <= 40 && length(aws_elasticache_user.app[0].user_id) <= 40 && length(aws_elasticache_user.default[0].user_id) <= 40
    error_message = "wanted ElastiCache ids within 40 characters"
  }
  assert {
    condition     = length(aws_db_instance.this.identifier) <= 63 && length(aws_db_instance.this.final_snapshot_identifier) <= 255 && length(aws_iam_role.monitoring.name) <= 64 && length(aws_iam_role.seed_execution[0].name) <= 64 && length(aws_iam_role.seed_task[0].name) <= 64 && length(aws_s3_bucket.seed[0].bucket_prefix) <= 37
    error_message = "wanted RDS identifiers and IAM role names within their limits"
  }
}

run "rejects_auth_mode_none_with_tls" {
  command = plan
  variables {
    redis = { auth_mode = "none" }
  }
  expect_failures = [var.redis]
}

run "rejects_password_mode_without_tls" {
  command = plan
  variables {
    redis = { transit_encryption = false }
  }
  expect_failures = [var.redis]
}

run "rejects_unknown_auth_mode" {
  command = plan
  variables {
    redis = { auth_mode = "token" }
  }
  expect_failures = [var.redis]
}

run "rejects_password_version_zero" {
  command = plan
  variables {
    redis = { password_version = 0 }
  }
  expect_failures = [var.redis]
}

run "rejects_name_of_29_characters" {
  command = plan
  variables {
    name = "abcdefghij-klmnopqrs-tuvwxyza"
  }
  expect_failures = [var.name]
}

run "rejects_backup_retention_zero" {
  command = plan
  variables {
    backup_retention_period = 0
  }
  expect_failures = [var.backup_retention_period]
}

run "rejects_reserved_master_username" {
  command = plan
  variables {
    master_username = "rdsadmin"
  }
  expect_failures = [var.master_username]
}

run "rejects_postgres_master_username" {
  command = plan
  variables {
    master_username = "postgres"
  }
  expect_failures = [var.master_username]
}

run "rejects_an_unsupported_engine_version" {
  command = plan
  variables {
    engine_version = "17.2.1"
  }
  expect_failures = [var.engine_version]
}

run "rejects_invalid_instance_class" {
  command = plan
  variables {
    instance_class = "t4g.micro"
  }
  expect_failures = [var.instance_class]
}

run "rejects_empty_subnet_list" {
  command = plan
  variables {
    subnet_ids = []
  }
  expect_failures = [var.subnet_ids]
}

run "rejects_one_subnet_for_multi_az" {
  command = plan
  variables {
    multi_az   = true
    subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1"]
  }
  expect_failures = [var.subnet_ids]
}

run "rejects_redis_failover_with_one_node" {
  command = plan
  variables {
    redis = { automatic_failover = true }
  }
  expect_failures = [var.redis]
}

run "rejects_storage_ceiling_below_size" {
  command = plan
  variables {
    allocated_storage     = 50
    max_allocated_storage = 40
  }
  expect_failures = [var.max_allocated_storage]
}

run "rejects_missing_allowed_security_groups" {
  command = plan
  variables {
    allowed_security_groups = {}
  }
  expect_failures = [var.allowed_security_groups]
}

run "seed_task_definition" {
  command = apply
  variables {
    seed = { pull_through_cache_prefix = "ecr-public" }
  }

  # Only this account's tasks may use the seed role (confused deputy guard).
  assert {
    condition     = jsondecode(aws_iam_role.seed_execution[0].assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "123456789012"
    error_message = "wanted the source account on the seed role's trust, got ${aws_iam_role.seed_execution[0].assume_role_policy}"
  }

  assert {
    condition     = jsondecode(aws_iam_role.seed_task[0].assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "123456789012" && jsondecode(aws_iam_role.seed_task[0].assume_role_policy).Statement[0].Principal.Service == "ecs-tasks.amazonaws.com"
    error_message = "wanted only this account's ECS tasks to assume the seed task role, got ${aws_iam_role.seed_task[0].assume_role_policy}"
  }

  # ECS pulls the images and reads the master secret as the execution role; the fetch container
  # reads the SQL from S3 as the task role.
  assert {
    condition     = aws_ecs_task_definition.seed[0].execution_role_arn == "arn:aws:iam::123456789012:role/acme-seed-execution" && aws_ecs_task_definition.seed[0].task_role_arn == "arn:aws:iam::123456789012:role/acme-seed-task"
    error_message = "wanted execution_role_arn on the seed execution role and task_role_arn on the seed task role, got ${jsonencode(aws_ecs_task_definition.seed[0].execution_role_arn)} and ${jsonencode(aws_ecs_task_definition.seed[0].task_role_arn)}"
  }

  assert {
    condition     = aws_iam_role_policy.seed_execution[0].role == "acme-seed-execution" && aws_iam_role_policy.seed_task[0].role == "acme-seed-task"
    error_message = "wanted the secret and log grants on the execution role and the S3 read on the task role, got them on ${aws_iam_role_policy.seed_execution[0].role} and ${aws_iam_role_policy.seed_task[0].role}"
  }

  # The seed roles are the seed's own: RDS's monitoring role keeps its place.
  assert {
    condition     = aws_db_instance.this.monitoring_role_arn == "arn:aws:iam::123456789012:role/acme-postgres-monitoring"
    error_message = "wanted the monitoring role on the instance beside the seed roles, got ${jsonencode(aws_db_instance.this.monitoring_role_arn)}"
  }

  # Both containers log into the seed's log group, and the execution role may write there only.
  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.seed_execution[0].policy).Statement : s.Resource if s.Sid == "WriteLogs"]) == ["arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/acme/seed:*"] && alltrue([for c in jsondecode(aws_ecs_task_definition.seed[0].container_definitions) : c.logConfiguration.options.awslogs-group == "/ecs/acme/seed"])
    error_message = "wanted the seed's logs in /ecs/acme/seed and the execution role writing there only, got ${aws_iam_role_policy.seed_execution[0].policy}"
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[0].image == "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/ecr-public/docker/library/postgres:17-alpine"
    error_message = "wanted the PostgreSQL client pulled through the cache, got ${jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[0].image}"
  }

  # The password comes from the RDS-managed secret through ECS, never as plain environment.
  assert {
    condition     = contains([for s in jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[0].secrets : s.valueFrom if s.name == "PGPASSWORD"], "${output.master_user_secret_arn}:password::")
    error_message = "wanted PGPASSWORD from the master secret's password key"
  }

  assert {
    condition     = !contains([for e in jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[0].environment : e.name], "PGPASSWORD")
    error_message = "wanted no PGPASSWORD in the plain environment"
  }

  # psql checks the server's certificate against the RDS roots and its name against PGHOST:
  # "require" would encrypt to whoever answers. The roots are the bundle the fetch container copies.
  assert {
    condition     = one([for e in jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[0].environment : e.value if e.name == "PGSSLMODE"]) == "verify-full"
    error_message = "wanted psql to verify the database's certificate and host name (PGSSLMODE=verify-full)"
  }

  assert {
    condition     = one([for e in jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[0].environment : e.value if e.name == "PGSSLROOTCERT"]) == "/seed/rds-ca.pem" && one(jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[0].mountPoints).containerPath == "/seed"
    error_message = "wanted PGSSLROOTCERT on the RDS bundle the fetch container writes into /seed"
  }

  # The host psql verifies is the instance's own endpoint, the name RDS's certificate carries.
  assert {
    condition     = one([for e in jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[0].environment : e.value if e.name == "PGHOST"]) == aws_db_instance.this.address && aws_db_instance.this.ca_cert_identifier == "rds-ca-rsa2048-g1"
    error_message = "wanted PGHOST to be the instance endpoint, with the rds-ca-rsa2048-g1 CA whose root bridgectl's bundle holds"
  }

  # The fetch copies both objects bridgectl seed names in the override, to the paths psql reads,
  # and refuses to go on without the bundle (an older bridgectl sets no SEED_CA_S3_URI).
  assert {
    condition = (
      strcontains(jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[1].command[0], "\"$SEED_SQL_S3_URI\" /seed/seed.sql") &&
      strcontains(jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[1].command[0], "\"$${SEED_CA_S3_URI:?") &&
      strcontains(jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[1].command[0], "/seed/rds-ca.pem") &&
      strcontains(jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[1].command[0], " && ")
    )
    error_message = "wanted the fetch container to copy the SQL and the RDS bundle, failing without either; got ${jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[1].command[0]}"
  }

  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.seed_execution[0].policy).Statement : s.Resource if s.Sid == "ReadMasterSecret"]) == [output.master_user_secret_arn]
    error_message = "wanted the seed role to read only the master secret"
  }

  # The SQL reaches the task through S3, not through the task definition or the RunTask request:
  # the fetch container copies it into shared task storage and psql starts only once that succeeded.
  assert {
    condition = (
      jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[1].name == "fetch" &&
      jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[1].essential == false &&
      jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[1].image == "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/ecr-public/aws-cli/aws-cli:2.15.35" &&
      jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[0].dependsOn == [{ containerName = "fetch", condition = "SUCCESS" }] &&
      strcontains(jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[1].command[0], "$SEED_SQL_S3_URI")
    )
    error_message = "wanted a non-essential fetch container, pulled through the cache, that psql waits for; got ${aws_ecs_task_definition.seed[0].container_definitions}"
  }

  assert {
    condition     = one(jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[0].mountPoints).readOnly && one(aws_ecs_task_definition.seed[0].volume).name == "seed"
    error_message = "wanted psql to read the fetched file from the task's own storage, read-only"
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.seed_task[0].policy).Statement[0].Action == ["s3:GetObject"] && jsondecode(aws_iam_role_policy.seed_task[0].policy).Statement[0].Resource == ["arn:aws:s3:::acme-seed-20261201000000000000000001/seed/*"]
    error_message = "wanted the seed task role to read seed files only, got ${aws_iam_role_policy.seed_task[0].policy}"
  }

  assert {
    condition     = output.seed_bucket_name == aws_s3_bucket.seed[0].id && aws_s3_bucket_public_access_block.seed[0].restrict_public_buckets && one(one(aws_s3_bucket_lifecycle_configuration.seed[0].rule).expiration).days == 1
    error_message = "wanted a private seed bucket whose files expire after a day"
  }

  assert {
    condition     = jsondecode(aws_s3_bucket_policy.seed[0].policy).Statement[0].Condition.Bool["aws:SecureTransport"] == "false" && jsondecode(aws_s3_bucket_policy.seed[0].policy).Statement[0].Effect == "Deny"
    error_message = "wanted the seed bucket to refuse plain HTTP"
  }
}

run "seed_images_pinned_by_digest" {
  command = plan
  variables {
    seed = {
      image_tag       = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      fetch_image_tag = "sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
    }
  }

  # A digest joins the repository with "@", a tag with ":".
  assert {
    condition = (
      jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[0].image == "public.ecr.aws/docker/library/postgres@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" &&
      jsondecode(aws_ecs_task_definition.seed[0].container_definitions)[1].image == "public.ecr.aws/aws-cli/aws-cli@sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
    )
    error_message = "wanted both seed images pinned by digest, got ${aws_ecs_task_definition.seed[0].container_definitions}"
  }
}

run "rejects_a_short_seed_digest" {
  command = plan

  variables {
    seed = { image_tag = "sha256:0123" }
  }

  expect_failures = [var.seed]
}

run "rejects_seed_fetch_image_elsewhere_with_the_cache" {
  command = plan

  variables {
    seed = { fetch_image = "docker.io/amazon/aws-cli", pull_through_cache_prefix = "ecr-public" }
  }

  expect_failures = [var.seed]
}

run "rejects_seed_fetch_image_with_a_tag" {
  command = plan

  variables {
    seed = { fetch_image = "public.ecr.aws/aws-cli/aws-cli:latest" }
  }

  expect_failures = [var.seed]
}

run "rejects_seed_cache_with_an_image_elsewhere" {
  command = plan

  variables {
    seed = { image = "ghcr.io/acme/psql", pull_through_cache_prefix = "acme-ecr-public" }
  }

  expect_failures = [var.seed]
}

run "rejects_seed_log_retention_of_ten_days" {
  command = plan

  variables {
    seed = { log_retention_days = 10 }
  }

  expect_failures = [var.seed]
}

run "rejects_redis_without_tls_but_with_passwords" {
  command = plan

  variables {
    redis = { transit_encryption = false }
  }

  expect_failures = [var.redis]
}

run "rejects_allowed_group_named_with_uppercase" {
  command = plan

  variables {
    allowed_security_groups = { Bridge = "sg-0bbbbbbbbbbbbbbb1" }
  }

  expect_failures = [var.allowed_security_groups]
}

run "rejects_a_log_retention_cloudwatch_does_not_accept" {
  command = plan
  variables {
    postgres_log_retention_days = 10
  }
  expect_failures = [var.postgres_log_retention_days]
}
