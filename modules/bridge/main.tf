data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  # Valid Fargate memory (MiB) for each CPU size.
  fargate_memory_by_cpu = {
    "256"   = [512, 1024, 2048]
    "512"   = [for gb in range(1, 5) : gb * 1024]
    "1024"  = [for gb in range(2, 9) : gb * 1024]
    "2048"  = [for gb in range(4, 17) : gb * 1024]
    "4096"  = [for gb in range(8, 31) : gb * 1024]
    "8192"  = [for gb in range(16, 61, 4) : gb * 1024]
    "16384" = [for gb in range(32, 121, 8) : gb * 1024]
  }

  # From the EC2 endpoint (ec2.<region>.<dns suffix>), which provider 5.x and 6.x both resolve offline
  # without deprecation: 6.x deprecates `name` and `id`, and 5.x has no `region` attribute.
  region     = split(".", data.aws_region.current.endpoint)[1]
  partition  = data.aws_partition.current.partition
  dns_suffix = data.aws_partition.current.dns_suffix
  # The account id comes from the log group this module creates, so the module needs no
  # aws_caller_identity lookup and plans without AWS credentials. Not from a role: the roles' own
  # trust policies need it.
  account_id = split(":", aws_cloudwatch_log_group.this.arn)[4]

  container_name = "bridge"

  enable_autoscaling = var.autoscaling != null
  scheduled          = var.schedule != null
  min_capacity       = local.enable_autoscaling ? coalesce(var.autoscaling.min_capacity, var.desired_count) : var.desired_count
  max_capacity       = local.enable_autoscaling ? var.autoscaling.max_capacity : var.desired_count
  # Modes are chosen from inputs known at plan time: an ARN created in the same run is unknown until
  # apply, and count cannot depend on it.
  create_certificate   = var.certificate.route53_zone_id != null
  create_tenant_secret = var.tenant.secret_arn == null
  create_alarms        = var.alarms != null

  tags = merge(var.tags, { "terraform-module" = "terraform-basemachina-modules/bridge" })
}

# CloudWatch Logs encrypts at rest by default; a customer key is opt-in through logs.kms_key_arn.
resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${var.name}/bridge"
  retention_in_days = var.logs.retention_days
  kms_key_id        = var.logs.kms_key_arn

  tags = merge(local.tags, { Name = "${var.name}-bridge" })
}

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = var.enable_container_insights ? "enabled" : "disabled"
  }

  tags = merge(local.tags, { Name = var.name })
}

# Both Fargate providers are registered (that is free), so a service can move to Spot and back
# without changing the cluster.
resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

# A warning, not an error: "latest" works, but makes every deploy pull whatever was pushed last.
check "image_tag_is_pinned" {
  assert {
    condition     = var.image_tag != "latest"
    error_message = "image_tag is \"latest\": deploys are not repeatable and a new upstream release can roll out unreviewed. Pin a version tag or a sha256 digest."
  }
}
