# What you read or create by hand (bridge_url, dns_record, the task security group for your data
# sources), and the object `bridgectl doctor` and `bridgectl logs` read: bridge, the bridge
# module's `bridgectl` output forwarded whole.

output "bridge_url" {
  description = "URL to register in BaseMachina."
  value       = module.bridge.bridge_url
}

output "dns_record" {
  description = "The record to create at your DNS provider: a CNAME from domain_name to the ALB."
  value       = module.bridge.dns_record
}

output "task_security_group_id" {
  description = "Task security group: allow it on your data sources."
  value       = module.bridge.task_security_group_id
}

output "endpoint_ids" {
  description = "VPC endpoints created, by service."
  value       = module.vpc_endpoints.endpoint_ids
}

output "bridge" {
  description = "What bridgectl doctor and logs read about the Bridge (the bridge module's bridgectl object: region, cluster, service, target group, log group, port, security groups, subnets, certificate, DNS, cache prefix)."
  value       = module.bridge.bridgectl
}
