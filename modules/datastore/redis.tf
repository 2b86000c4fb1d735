# ElastiCache requires a user named "default" in every user group; ours is switched off, so only the
# application user below can connect.
resource "aws_elasticache_user" "default" {
  count = local.redis_uses_users ? 1 : 0

  user_id       = local.redis_default_user_id
  user_name     = "default"
  engine        = "redis"
  access_string = "off -@all"

  authentication_mode {
    type = "no-password-required"
  }

  tags = merge(local.tags, { Name = local.redis_default_user_id })
}

# A random password without a random provider: two UUIDs (244 random bits) drawn once and kept
# (ignore_changes), drawn again when redis_password_version changes. On provider 5.x the password
# also sits in aws_elasticache_user's state (it has no write-only argument there); keep the state
# encrypted and access-restricted (modules/bootstrap does).
resource "terraform_data" "redis_password" {
  count = local.redis_password_mode ? 1 : 0

  # Sensitive, so no plan prints the input (such a plan lands in a pull request comment). The
  # output is not marked by Terraform and still shows when password_version replaces it.
  input            = sensitive("${replace(uuid(), "-", "")}${replace(uuid(), "-", "")}")
  triggers_replace = [var.redis.password_version]

  lifecycle {
    ignore_changes = [input]
  }
}

resource "aws_elasticache_user" "app" {
  count = local.redis_uses_users ? 1 : 0

  # IAM authentication requires user_name to equal user_id.
  user_id       = local.redis_app_user_id
  user_name     = local.redis_app_user_id
  engine        = "redis"
  access_string = "on ~* +@all -@dangerous"

  authentication_mode {
    type      = var.redis.auth_mode
    passwords = local.redis_password_mode ? [sensitive(terraform_data.redis_password[0].output)] : null
  }

  tags = merge(local.tags, { Name = local.redis_app_user_id })
}

resource "aws_elasticache_user_group" "this" {
  count = local.redis_uses_users ? 1 : 0

  user_group_id = "${var.name}-redis"
  engine        = "redis"
  user_ids      = [aws_elasticache_user.default[0].user_id, aws_elasticache_user.app[0].user_id]

  tags = merge(local.tags, { Name = "${var.name}-redis" })
}

# What a user registers in BaseMachina, in one secret: host, port, user and password.
resource "aws_secretsmanager_secret" "redis" {
  count = local.redis_password_mode ? 1 : 0

  name_prefix             = "${var.name}-redis-"
  description             = "Connection of the Redis user ${local.redis_app_user_id} (host, port, username, password)."
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = 7

  tags = merge(local.tags, { Name = "${var.name}-redis" })
}

resource "aws_secretsmanager_secret_version" "redis" {
  count = local.redis_password_mode ? 1 : 0

  secret_id = aws_secretsmanager_secret.redis[0].id
  # Write-only: the secret version itself keeps no copy of the password in state.
  secret_string_wo = jsonencode({
    host     = aws_elasticache_replication_group.this[0].primary_endpoint_address
    port     = aws_elasticache_replication_group.this[0].port
    username = local.redis_app_user_id
    password = terraform_data.redis_password[0].output
    tls      = var.redis.transit_encryption
  })
  secret_string_wo_version = var.redis.password_version
}

resource "aws_elasticache_subnet_group" "this" {
  count = local.create_redis ? 1 : 0

  name        = "${var.name}-redis"
  description = "Private subnets of ${var.name}-redis."
  subnet_ids  = var.subnet_ids

  tags = merge(local.tags, { Name = "${var.name}-redis" })
}

resource "aws_security_group" "redis" {
  count = local.create_redis ? 1 : 0

  name_prefix = "${var.name}-redis-"
  description = "Redis ${var.name}-redis: 6379 from the allowed security groups only."
  vpc_id      = var.vpc_id

  tags = merge(local.tags, { Name = "${var.name}-redis" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "redis" {
  for_each = local.create_redis ? var.allowed_security_groups : {}

  security_group_id            = aws_security_group.redis[0].id
  description                  = "Redis from an allowed security group"
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  referenced_security_group_id = each.value

  tags = merge(local.tags, { Name = "${var.name}-redis-from-app" })
}

resource "aws_elasticache_replication_group" "this" {
  count = local.create_redis ? 1 : 0

  replication_group_id = local.redis_replication_id
  description          = "Redis for ${var.name}: sessions, queues and cache."
  engine               = "redis"
  engine_version       = var.redis.engine_version
  node_type            = var.redis.node_type
  port                 = 6379
  num_cache_clusters   = var.redis.num_cache_clusters

  automatic_failover_enabled = local.redis_failover
  multi_az_enabled           = local.redis_failover

  subnet_group_name  = aws_elasticache_subnet_group.this[0].name
  security_group_ids = [aws_security_group.redis[0].id]
  user_group_ids     = local.redis_uses_users ? [aws_elasticache_user_group.this[0].user_group_id] : null

  at_rest_encryption_enabled = true
  kms_key_id                 = var.kms_key_arn
  transit_encryption_enabled = var.redis.transit_encryption
  transit_encryption_mode    = var.redis.transit_encryption ? "required" : null

  auto_minor_version_upgrade = true
  snapshot_retention_limit   = var.redis.snapshot_retention_limit
  snapshot_window            = "16:00-17:00"
  maintenance_window         = "sun:19:00-sun:20:00"
  apply_immediately          = false

  tags = merge(local.tags, { Name = local.redis_replication_id })
}
