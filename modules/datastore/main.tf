data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  identifier            = "${var.name}-postgres"
  redis_failover        = coalesce(var.redis_automatic_failover, var.redis_num_cache_clusters >= 2)
  redis_replication_id  = "${var.name}-redis"
  redis_app_user_id     = "${var.name}-app"
  redis_password_mode   = var.create_redis && var.redis_auth_mode == "password"
  redis_uses_users      = var.create_redis && var.redis_auth_mode != "none"
  redis_default_user_id = "${var.name}-default"

  # From an ARN this module creates, so planning needs no aws_caller_identity lookup.
  account_id = split(":", aws_db_subnet_group.this.arn)[4]
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  tags = merge(var.tags, { "terraform-module" = "terraform-basemachina-modules/datastore" })
}
