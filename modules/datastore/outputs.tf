output "endpoint" {
  description = "PostgreSQL endpoint (address:port)."
  value       = aws_db_instance.this.endpoint
}

output "address" {
  description = "PostgreSQL host name."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "PostgreSQL port."
  value       = aws_db_instance.this.port
}

output "database_name" {
  description = "Name of the database."
  value       = aws_db_instance.this.db_name
}

output "master_username" {
  description = "Master user name."
  value       = aws_db_instance.this.username
}

output "master_user_secret_arn" {
  description = "ARN of the Secrets Manager secret RDS manages for the master user (JSON with username and password)."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "db_instance_identifier" {
  description = "RDS instance identifier."
  value       = aws_db_instance.this.identifier
}

output "security_group_id" {
  description = "Security group of the PostgreSQL instance."
  value       = aws_security_group.postgres.id
}

output "redis_primary_endpoint" {
  description = "Redis primary endpoint address, or null without Redis."
  value       = try(aws_elasticache_replication_group.this[0].primary_endpoint_address, null)
}

output "redis_reader_endpoint" {
  description = "Redis reader endpoint address, or null without Redis."
  value       = try(aws_elasticache_replication_group.this[0].reader_endpoint_address, null)
}

output "redis_port" {
  description = "Redis port, or null without Redis."
  value       = try(aws_elasticache_replication_group.this[0].port, null)
}

output "redis_security_group_id" {
  description = "Security group of the Redis replication group, or null."
  value       = try(aws_security_group.redis[0].id, null)
}

output "redis_username" {
  description = "User to register in BaseMachina for Redis (password and iam modes), or null."
  value       = local.redis_uses_users ? local.redis_app_user_id : null
}

output "redis_secret_arn" {
  description = "Secrets Manager secret with host, port, username and password of the Redis user (password mode), or null."
  value       = try(aws_secretsmanager_secret.redis[0].arn, null)
}

output "redis_tls" {
  description = "Whether Redis requires TLS: tell BaseMachina's data source to connect with TLS. Null without Redis."
  value       = local.create_redis ? var.redis.transit_encryption : null
}

output "redis_user_id" {
  description = "ElastiCache user that authenticates with IAM (grant elasticache:Connect on it and the replication group), or null."
  value       = try(aws_elasticache_user.app[0].user_id, null)
}

output "seed_task_definition_arn" {
  description = "Task definition `bridgectl seed` runs, or null when `seed` is null."
  value       = try(aws_ecs_task_definition.seed[0].arn, null)
}

output "seed_log_group_name" {
  description = "Log group of the seed task, or null."
  value       = try(aws_cloudwatch_log_group.seed[0].name, null)
}

output "seed_bucket_name" {
  description = "Bucket `bridgectl seed` uploads each SQL file to for the length of one task, or null."
  value       = try(aws_s3_bucket.seed[0].id, null)
}

output "bridgectl" {
  description = "Everything `bridgectl doctor` and `bridgectl seed` read about the data stores, in one object: the PostgreSQL security group (doctor checks the tasks -> PostgreSQL rule), and the seed task's definition, log group and log stream prefix, bucket and object prefix (null when `seed` is null). Forward it whole from the root module, `output \"datastore\" { value = module.datastore.bridgectl }`: bridgectl reads no other output of this module. Seed runs its task in the region, private subnets and task security group of the bridge module's `bridgectl` object."
  value = {
    db_security_group_id     = aws_security_group.postgres.id
    seed_task_definition_arn = try(aws_ecs_task_definition.seed[0].arn, null)
    seed_log_group_name      = try(aws_cloudwatch_log_group.seed[0].name, null)
    seed_log_stream_prefix   = local.create_seed ? local.seed_log_stream_prefix : null
    seed_bucket_name         = try(aws_s3_bucket.seed[0].id, null)
    seed_object_prefix       = local.create_seed ? local.seed_object_prefix : null
  }
}
