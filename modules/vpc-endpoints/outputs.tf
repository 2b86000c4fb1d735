output "s3_endpoint_id" {
  description = "Id of the S3 gateway endpoint, or null."
  value       = try(aws_vpc_endpoint.s3[0].id, null)
}

output "interface_endpoint_ids" {
  description = "Ids of the interface endpoints by service (ecr.api, ecr.dkr, logs, secretsmanager, ssmmessages)."
  value       = { for s, e in aws_vpc_endpoint.interface : s => e.id }
}

output "endpoint_ids" {
  description = "Ids of every endpoint by service, the S3 gateway endpoint included."
  value = merge(
    { for s, e in aws_vpc_endpoint.interface : s => e.id },
    local.create_s3_endpoint ? { s3 = aws_vpc_endpoint.s3[0].id } : {},
  )
}

output "security_group_id" {
  description = "Security group of the interface endpoints, or null without any."
  value       = try(aws_security_group.endpoints[0].id, null)
}
