# Authentication is IAM only: clients sign a short-lived token with their IAM role, so no password
# exists in variables, state or Secrets Manager. ElastiCache requires a user named "default" in every
# user group; ours is switched off.
resource "aws_elasticache_user" "default" {
  count = var.create_redis ? 1 : 0

  user_id       = local.redis_default_user_id
  user_name     = "default"
  engine        = "redis"
  access_string = "off -@all"

  authentication_mode {
    type = "no-password-required"
  }

  tags = merge(local.tags, { Name = local.redis_default_user_id })
}

resource "aws_elasticache_user" "app" {
  count = var.create_redis ? 1 : 0

  # IAM authentication requires user_name to equal user_id.
  user_id       = local.redis_iam_user_id
  user_name     = local.redis_iam_user_id
  engine        = "redis"
  access_string = "on ~* +@all -@dangerous"

  authentication_mode {
    type = "iam"
  }

  tags = merge(local.tags, { Name = local.redis_iam_user_id })
}

resource "aws_elasticache_user_group" "this" {
  count = var.create_redis ? 1 : 0

  user_group_id = "${var.name}-redis"
  engine        = "redis"
  user_ids      = [aws_elasticache_user.default[0].user_id, aws_elasticache_user.app[0].user_id]

  tags = merge(local.tags, { Name = "${var.name}-redis" })
}

resource "aws_elasticache_subnet_group" "this" {
  count = var.create_redis ? 1 : 0

  name        = "${var.name}-redis"
  description = "Private subnets of ${var.name}-redis."
  subnet_ids  = var.subnet_ids

  tags = merge(local.tags, { Name = "${var.name}-redis" })
}

resource "aws_security_group" "redis" {
  count = var.create_redis ? 1 : 0

  name_prefix = "${var.name}-redis-"
  description = "Redis ${var.name}-redis: 6379 from the allowed security groups only."
  vpc_id      = var.vpc_id

  tags = merge(local.tags, { Name = "${var.name}-redis" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "redis" {
  for_each = var.create_redis ? { for i, id in var.allowed_security_group_ids : tostring(i) => id } : {}

  security_group_id            = aws_security_group.redis[0].id
  description                  = "Redis from an allowed security group"
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  referenced_security_group_id = each.value

  tags = merge(local.tags, { Name = "${var.name}-redis-from-app" })
}

resource "aws_elasticache_replication_group" "this" {
  count = var.create_redis ? 1 : 0

  replication_group_id = local.redis_replication_id
  description          = "Redis for ${var.name}: sessions, queues and cache."
  engine               = "redis"
  engine_version       = var.redis_engine_version
  node_type            = var.redis_node_type
  port                 = 6379
  num_cache_clusters   = var.redis_num_cache_clusters

  automatic_failover_enabled = local.redis_failover
  multi_az_enabled           = local.redis_failover

  subnet_group_name  = aws_elasticache_subnet_group.this[0].name
  security_group_ids = [aws_security_group.redis[0].id]
  user_group_ids     = [aws_elasticache_user_group.this[0].user_group_id]

  at_rest_encryption_enabled = true
  kms_key_id                 = var.kms_key_arn
  transit_encryption_enabled = true
  transit_encryption_mode    = "required"

  auto_minor_version_upgrade = true
  snapshot_retention_limit   = var.redis_snapshot_retention_limit
  snapshot_window            = "16:00-17:00"
  maintenance_window         = "sun:19:00-sun:20:00"
  apply_immediately          = false

  tags = merge(local.tags, { Name = local.redis_replication_id })
}
