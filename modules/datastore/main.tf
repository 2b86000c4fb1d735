data "aws_partition" "current" {}

locals {
  identifier            = "${var.name}-postgres"
  final_snapshot_name   = "${local.identifier}-final"
  redis_failover        = coalesce(var.redis_automatic_failover, var.redis_num_cache_clusters >= 2)
  redis_replication_id  = "${var.name}-redis"
  redis_iam_user_id     = "${var.name}-app"
  redis_default_user_id = "${var.name}-default"

  tags = merge(var.tags, { "terraform-module" = "terraform-basemachina-modules/datastore" })
}
