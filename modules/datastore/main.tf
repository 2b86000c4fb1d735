data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  identifier            = "${var.name}-postgres"
  postgres_major        = split(".", var.engine_version)[0]
  postgres_log_exports  = ["postgresql", "upgrade"]
  create_redis          = var.redis != null
  create_seed           = var.seed != null
  redis_failover        = local.create_redis ? coalesce(var.redis.automatic_failover, var.redis.num_cache_clusters >= 2) : false
  redis_replication_id  = "${var.name}-redis"
  redis_app_user_id     = "${var.name}-app"
  redis_password_mode   = local.create_redis && try(var.redis.auth_mode == "password", false)
  redis_uses_users      = local.create_redis && try(var.redis.auth_mode != "none", false)
  redis_default_user_id = "${var.name}-default"

  # From an ARN this module creates, so planning needs no aws_caller_identity lookup.
  account_id = split(":", aws_db_subnet_group.this.arn)[4]
  # From the EC2 endpoint (ec2.<region>.<dns suffix>), which provider 5.x and 6.x both resolve offline
  # without deprecation: 6.x deprecates `name` and `id`, and 5.x has no `region` attribute.
  region    = split(".", data.aws_region.current.endpoint)[1]
  partition = data.aws_partition.current.partition

  tags = merge(var.tags, { "terraform-module" = "terraform-basemachina-modules/datastore" })
}
