# What BaseMachina needs (bridge_url, dns_record, nat_public_ips) and the object `bridgectl doctor`
# and `bridgectl logs` read: bridge, the bridge module's `bridgectl` output forwarded whole
# (`terraform output -json > outputs.json`, then `bridgectl doctor --outputs outputs.json`).

output "bridge_url" {
  description = "URL to register in BaseMachina."
  value       = module.bridge.bridge_url
}

output "dns_record" {
  description = "The record to create at your DNS provider when no Route 53 zone is given; null when the stack made it."
  value       = module.bridge.dns_record
}

output "nat_public_ips" {
  description = "Egress addresses of the Bridge, for allow-lists at your data sources."
  value       = module.network.nat_public_ips
}

output "bridge" {
  description = "What bridgectl doctor and logs read about the Bridge (the bridge module's bridgectl object)."
  value       = module.bridge.bridgectl
}
