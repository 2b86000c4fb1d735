# Secrets Manager's AWS managed key is the default to keep the module free of KMS key charges;
# a customer managed key is opt-in through tenant.kms_key_arn.
resource "aws_secretsmanager_secret" "tenant" {
  count = local.create_tenant_secret ? 1 : 0

  name_prefix             = "${var.name}-bridge-tenant-id-"
  description             = "TENANT_ID of the BaseMachina Bridge ${var.name}, injected by ECS as a secret."
  kms_key_id              = var.tenant.kms_key_arn
  recovery_window_in_days = 7

  tags = merge(local.tags, { Name = "${var.name}-bridge-tenant-id" })
}

resource "aws_secretsmanager_secret_version" "tenant" {
  count = local.create_tenant_secret ? 1 : 0

  secret_id = aws_secretsmanager_secret.tenant[0].id
  # Write-only and ephemeral: the tenant id is sent to Secrets Manager but is in neither the state nor
  # a saved plan, so its version cannot be derived from it and is given as tenant.id_version. A new
  # id_version replaces this resource (the provider marks secret_string_wo_version ForceNew), so
  # version_id is new and the task definition that pins it (ecs.tf) becomes a new revision, which
  # ECS deploys.
  secret_string_wo         = var.tenant_id
  secret_string_wo_version = var.tenant.id_version
}
