# One object per module the profiles configure, holding that module's arguments by their names:
# pass each as it is (`nat_mode = module.base_profile.network.nat_mode`). Only what differs between the
# profiles is here (main.tf).

output "network" {
  description = "Arguments of modules/network: `nat_mode`, `flow_logs`."
  value       = { for argument, by_profile in local.network : argument => by_profile[var.name] }
}

output "bridge" {
  description = "Arguments of modules/bridge: `stage`, `desired_count`, `capacity_provider_strategy`, `access_logs` (null: off; the roots add their teardown switch `force_destroy`), `logs`, `load_balancer`."
  value       = { for argument, by_profile in local.bridge : argument => by_profile[var.name] }
}

output "datastore" {
  description = "Arguments of modules/datastore: `deletion_protection`, `create_final_snapshot`, `backup_retention_period`, `delete_automated_backups`, `seed` (the roots add `pull_through_cache_prefix`)."
  value       = { for argument, by_profile in local.datastore : argument => by_profile[var.name] }
}
