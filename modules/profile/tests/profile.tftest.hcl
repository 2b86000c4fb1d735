# The two profiles, value by value, as the examples and the template roots receive them: a change to
# a profile is a change here too, made on purpose. No provider: the module holds values only.

run "production" {
  command = plan

  variables {
    name = "production"
  }

  assert {
    condition     = output.network == { nat_mode = "single", flow_logs = { retention_days = 30 } }
    error_message = "production network: wanted one NAT gateway and a month of flow logs, got ${jsonencode(output.network)}"
  }
  assert {
    condition = output.bridge == {
      stage                      = "production"
      desired_count              = 2
      capacity_provider_strategy = null
      access_logs                = {}
      logs                       = { retention_days = 30 }
      load_balancer              = { deletion_protection = true, deregistration_delay = 60 }
    }
    error_message = "production bridge: wanted two on-demand tasks, access logs, a month of logs and a protected ALB, got ${jsonencode(output.bridge)}"
  }
  assert {
    condition = output.datastore == {
      deletion_protection      = true
      create_final_snapshot    = true
      backup_retention_period  = 7
      delete_automated_backups = false
      seed                     = { log_retention_days = 30 }
    }
    error_message = "production datastore: wanted a protected database with a final snapshot and a week of backups kept after a delete, got ${jsonencode(output.datastore)}"
  }
}

run "development" {
  command = plan

  variables {
    name = "development"
  }

  assert {
    condition     = output.network == { nat_mode = "instance", flow_logs = { retention_days = 7 } }
    error_message = "development network: wanted the NAT instance and a week of flow logs, got ${jsonencode(output.network)}"
  }
  assert {
    condition = output.bridge == {
      stage                      = "development"
      desired_count              = 1
      capacity_provider_strategy = { FARGATE_SPOT = { weight = 1 } }
      access_logs                = null
      logs                       = { retention_days = 7 }
      load_balancer              = { deletion_protection = false, deregistration_delay = 30 }
    }
    error_message = "development bridge: wanted one Spot task, no access logs, a week of logs and an unprotected ALB, got ${jsonencode(output.bridge)}"
  }
  assert {
    condition = output.datastore == {
      deletion_protection      = false
      create_final_snapshot    = false
      backup_retention_period  = 1
      delete_automated_backups = true
      seed                     = { log_retention_days = 7 }
    }
    error_message = "development datastore: wanted a disposable database (no protection, no final snapshot, a day of backups deleted with it), got ${jsonencode(output.datastore)}"
  }
}

# Spot with the production stage is what the bridge module refuses: the development profile must
# not combine them, and its draining must fit Spot's two-minute warning.
run "development_is_spot_ready" {
  command = plan

  variables {
    name = "development"
  }

  assert {
    condition     = output.bridge.stage == "development" && output.bridge.load_balancer.deregistration_delay <= 110
    error_message = "the development profile runs on Spot, so it needs stage = \"development\" and a deregistration delay of at most 110 seconds; got ${jsonencode(output.bridge)}"
  }
}

run "rejects_another_name" {
  command = plan

  variables {
    name = "staging"
  }

  expect_failures = [var.name]
}

run "rejects_a_capitalised_name" {
  command = plan

  variables {
    name = "Production"
  }

  expect_failures = [var.name]
}
