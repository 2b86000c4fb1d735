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

# A random password without a random provider, and never printed by a plan (a plan lands in a pull
# request comment): a secret seed of two UUIDs (244 random bits) drawn once and kept in the
# terraform_data's triggers_replace, the one attribute Terraform keeps marked sensitive in state
# (its input is copied into an unmarked `output`, which a replacing or destroying plan prints), and
# the password derived from the seed and redis.password_version, so a rotation changes the password
# in place and no plan shows the seed or either password. On provider 5.x the password also sits in
# aws_elasticache_user's state (sensitive there; no write-only argument); keep the state encrypted
# and access-restricted (modules/bootstrap does).
resource "terraform_data" "redis_password_seed" {
  count = local.redis_password_mode ? 1 : 0

  triggers_replace = sensitive("${replace(uuid(), "-", "")}${replace(uuid(), "-", "")}")

  lifecycle {
    ignore_changes = [triggers_replace]
  }
}

locals {
  redis_password = local.redis_password_mode ? sha256("${terraform_data.redis_password_seed[0].triggers_replace}:${var.redis.password_version}") : null
  # 1.0.0 kept the password itself in a terraform_data and wrote the secret at version
  # password_version; the derived password is new, so the secret is written again once at upgrade.
  redis_secret_version = local.redis_password_mode ? var.redis.password_version + 1 : null
}

# 1.0.0's holder is forgotten, not destroyed: a destroying plan would print its value.
removed {
  from = terraform_data.redis_password

  lifecycle {
    destroy = false
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
    passwords = local.redis_password_mode ? [local.redis_password] : null
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
    password = local.redis_password
    tls      = var.redis.transit_encryption
  })
  secret_string_wo_version = local.redis_secret_version
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
