resource "aws_db_subnet_group" "this" {
  name        = local.identifier
  description = "Private subnets of ${local.identifier}."
  subnet_ids  = var.subnet_ids

  tags = merge(local.tags, { Name = local.identifier })
}

resource "aws_security_group" "postgres" {
  name_prefix = "${local.identifier}-"
  description = "PostgreSQL ${local.identifier}: 5432 from the allowed security groups only."
  vpc_id      = var.vpc_id

  tags = merge(local.tags, { Name = local.identifier })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "postgres" {
  # Keyed by the caller's names: the ids are often unknown until apply (created in the same run).
  for_each = var.allowed_security_groups

  security_group_id            = aws_security_group.postgres.id
  description                  = "PostgreSQL from an allowed security group"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = each.value

  tags = merge(local.tags, { Name = "${local.identifier}-from-app" })
}

resource "aws_db_parameter_group" "this" {
  name_prefix = "${local.identifier}-${local.postgres_major}-"
  family      = "postgres${local.postgres_major}"
  description = "PostgreSQL ${local.postgres_major} for ${local.identifier}: TLS only, slow queries logged."

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = tostring(var.slow_query_threshold_ms)
  }

  tags = merge(local.tags, { Name = local.identifier })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_iam_role" "monitoring" {
  permissions_boundary = var.iam_permissions_boundary
  name                 = "${local.identifier}-monitoring"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "monitoring.rds.amazonaws.com" }
      Action    = "sts:AssumeRole"
      # Only this account's databases may use the role (confused deputy guard).
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
        ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:rds:${local.region}:${local.account_id}:db:*" }
      }
    }]
  })

  tags = merge(local.tags, { Name = "${local.identifier}-monitoring" })
}

resource "aws_iam_role_policy_attachment" "monitoring" {
  role       = aws_iam_role.monitoring.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

# The final snapshot's name is fixed when the database is created: a second stack of the same name,
# created after this one was destroyed, gets another name, so its destroy never meets
# DBSnapshotAlreadyExists. ignore_changes keeps the first plan's time for the database's lifetime.
resource "terraform_data" "final_snapshot_suffix" {
  input = formatdate("YYYYMMDDhhmmss", plantimestamp())

  lifecycle {
    ignore_changes = [input]
  }
}

# RDS creates the log groups of the logs it exports itself, with no retention, and leaves them behind
# when the instance is deleted (Amazon RDS User Guide, "Publishing database logs to Amazon CloudWatch
# Logs"). Created here first, they have a retention and are removed on destroy. A stack from 1.0.0
# already has them: import them once before the upgrade (docs/upgrade.md).
# CloudWatch Logs encrypts at rest by default; a customer key would need a key policy for the logs
# service in every stack's account.
#trivy:ignore:AVD-AWS-0017
resource "aws_cloudwatch_log_group" "postgres" {
  for_each = toset(local.postgres_log_exports)

  name              = "/aws/rds/instance/${local.identifier}/${each.key}"
  retention_in_days = var.postgres_log_retention_days

  tags = merge(local.tags, { Name = "${local.identifier}-${each.key}" })
}

resource "aws_db_instance" "this" {
  identifier     = local.identifier
  engine         = "postgres"
  engine_version = var.engine_version
  instance_class = var.instance_class
  db_name        = var.database_name

  # The password is generated, stored and rotated by RDS in Secrets Manager: no variable, no state.
  username                      = var.master_username
  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.kms_key_arn

  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arn

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.postgres.id]
  publicly_accessible    = false
  multi_az               = var.multi_az
  parameter_group_name   = aws_db_parameter_group.this.name
  ca_cert_identifier     = "rds-ca-rsa2048-g1"

  iam_database_authentication_enabled = var.iam_database_authentication_enabled
  auto_minor_version_upgrade          = var.auto_minor_version_upgrade
  allow_major_version_upgrade         = var.allow_major_version_upgrade
  # Changes wait for the maintenance window, except while a major upgrade is allowed: the engine and
  # the new family's parameter group must change together, and a parameter group of the new family
  # cannot be attached to an instance still on the old major.
  apply_immediately = var.allow_major_version_upgrade

  backup_retention_period   = var.backup_retention_period
  backup_window             = var.backup_window
  maintenance_window        = var.maintenance_window
  copy_tags_to_snapshot     = true
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = !var.create_final_snapshot
  final_snapshot_identifier = var.create_final_snapshot ? "${local.identifier}-final-${terraform_data.final_snapshot_suffix.output}" : null
  delete_automated_backups  = var.delete_automated_backups

  monitoring_interval                   = var.monitoring_interval
  monitoring_role_arn                   = aws_iam_role.monitoring.arn
  performance_insights_enabled          = true
  performance_insights_retention_period = 7 # the free tier
  performance_insights_kms_key_id       = var.kms_key_arn
  enabled_cloudwatch_logs_exports       = local.postgres_log_exports

  tags = merge(local.tags, { Name = local.identifier })

  # The log groups first, so RDS exports into ours rather than creating its own.
  depends_on = [aws_iam_role_policy_attachment.monitoring, aws_cloudwatch_log_group.postgres]
}
