# The production and development profiles of docs/cost.md, written once. examples/complete and
# templates/live/production call this module with name = "production", examples/dev and
# templates/live/dev with name = "development", and pass its outputs to the other modules.
#
# Each setting is an argument of another module, keyed by profile; outputs.tf picks the value of
# `name`. Only what differs between the profiles is here: what both share is the modules' default
# (a single-AZ database, the same task size), and what a customer chooses per environment (domain,
# tenant, CIDR blocks, working hours, the teardown switches) stays a variable of the roots.
#
# The development profile is the cheapest stack that still runs the Bridge as production does
# (HTTPS ALB, private tasks, TENANT_ID in Secrets Manager, alarms). It can give up what it gives up
# because the Bridge needs egress only to fetch BaseMachina's public key at start and every
# FETCH_INTERVAL, and running tasks keep their key while egress is briefly lost.
locals {
  network = {
    nat_mode = {
      # One NAT gateway, not one per AZ: an outage of the NAT's AZ stops key refreshes, not
      # requests. "per_az" adds a gateway and its address per AZ (docs/cost.md, "NAT gateway per
      # AZ") for a stack that must also start new tasks during such an outage.
      production = "single"
      # One NAT instance (t4g.nano), far cheaper than a gateway: one AZ and no managed failover, so
      # egress stops while its Auto Scaling group replaces it (how long that takes is not measured
      # on a real account), which the running tasks ride out.
      development = "instance"
    }
    flow_logs = {
      # The module's default: rejected flows kept for a month, to look back on after an incident.
      production = { retention_days = 30 }
      # A week: nothing of a development stack is kept.
      development = { retention_days = 7 }
    }
  }

  bridge = {
    stage = {
      # A production stack refuses Fargate Spot without an on-demand base, so an interruption of
      # Spot capacity never takes the Bridge down.
      production = "production"
      # Allows Spot alone.
      development = "development"
    }
    desired_count = {
      # Two tasks spread over two AZs: losing an AZ or a task leaves one serving while ECS
      # replaces the other.
      production = 2
      # One: a development Bridge may be down for the minutes a replacement takes.
      development = 1
    }
    capacity_provider_strategy = {
      # On-demand Fargate (the module's launch type).
      production = null
      # Fargate Spot: AWS may reclaim a task with two minutes' warning, and ECS starts a
      # replacement within minutes.
      development = { FARGATE_SPOT = { weight = 1 } }
    }
    access_logs = {
      # On, into a bucket the module creates and hardens: the Bridge logs no requests, so the ALB's
      # access logs are its only request audit trail. The roots add their teardown switch
      # (force_destroy, delete_access_logs_on_destroy).
      production = {}
      # Off: no record of a development stack is kept, and a destroy leaves no bucket behind.
      development = null
    }
    logs = {
      # The module's default: a month of the Bridge's logs.
      production = { retention_days = 30 }
      # A week.
      development = { retention_days = 7 }
    }
    load_balancer = {
      # A destroy is refused until protection is turned off (the roots' protect_from_deletion).
      # A draining task keeps its database tunnels for the module's default of 60 seconds.
      production = { deletion_protection = true, deregistration_delay = 60 }
      # A destroy is not refused. 30 seconds of draining: within Spot's two-minute warning (the
      # module refuses more than 110 with Spot), and quick deploys.
      development = { deletion_protection = false, deregistration_delay = 30 }
    }
  }

  datastore = {
    deletion_protection = {
      # A destroy is refused until protection is turned off (the roots' protect_from_deletion);
      # turning it off still takes the final snapshot and keeps the automated backups.
      production = true
      # Development data is disposable.
      development = false
    }
    create_final_snapshot = {
      # Kept after a destroy until you delete it (billed as snapshot storage).
      production  = true
      development = false
    }
    backup_retention_period = {
      # The module's default: a week of point-in-time recovery.
      production = 7
      # One day of backups, deleted with the database: a destroy leaves nothing.
      development = 1
    }
    delete_automated_backups = {
      # Kept for their retention period after the database is deleted, so a destroy never removes
      # every backup.
      production  = false
      development = true
    }
    seed = {
      # The seed task's logs (`bridgectl seed`): the module's default of a month.
      production = { log_retention_days = 30 }
      # A week.
      development = { log_retention_days = 7 }
    }
  }
}
