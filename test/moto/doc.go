// Package moto runs the examples against moto, a local AWS emulator: it starts moto on a free
// loopback port (moto.go), puts a front before it that answers what moto 5.2.1 lacks for these
// modules, writes the provider override that points Terraform at the front (override.go), and
// lists what a destroy left behind (inventory.go and the inventory_*.go listers).
//
// The front has one file per AWS service, each declaring the service's state, its handlers, the
// requests AWS would refuse and moto accepts, and the awsService that registers them with the
// front:
//
//   - accessanalyzer.go: IAM Access Analyzer's analyzers, which moto lacks
//   - acm.go: a certificate's tags across a re-import
//   - application_autoscaling.go: scalable targets' tags
//   - autoscaling.go: refuses a group whose launch template's image parameter does not exist
//   - ec2.go: launch template versions without the template's own tag specification
//   - ecr.go: pull-through cache rules
//   - ecs.go: one-off tasks, services' strategies and deployment configurations, and the runtime
//     model's deployments and verdicts; the model itself is runtime.go (the decision),
//     runtime_facts.go (what it reads from moto) and service_runtime.go (what DescribeServices
//     reports); refuses a strategy naming a capacity provider the cluster lacks
//   - elasticache.go, elasticache_members.go: user groups, the deletions moto cannot make, a
//     replication group's member clusters; refuses a user group without the default user
//   - elb.go: target health of the target groups ECS services use; refuses access logs to a bucket
//     whose policy does not let ELB write them
//   - rds.go: unique resource ids, monitoring settings, the log groups RDS exports into; refuses an
//     Enhanced Monitoring role that does not trust RDS
//   - s3.go: bucket policies with their conditions
//
// Cross-cutting: front.go forwards every request and dispatches to the services; refusals.go
// answers a service's refusal with AWS's error before moto sees the request; record.go, enrich.go
// and resource_tags.go record each call with what IAM evaluates it on; upstream.go is the one
// client every request to moto goes through (the front's, the inventory's raw calls, the readiness
// probe).
package moto
