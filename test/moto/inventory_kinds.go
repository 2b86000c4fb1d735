package moto

// The leftover check (Take, then Matching on a stack's names) is only as good as the kinds it
// lists: a kind it never lists can be left behind by every destroy without a test noticing. So each
// Terraform resource type the stacks create is decided here, once: either the Inventory kind that
// lists it, or why it cannot be left behind on its own (it is part of something a kind lists, or no
// AWS object at all). TestInventoryDecidesEveryResourceType reads every managed type of the offline
// plans (testdata/plans) and of the modules' sources, and fails on a type decided nowhere, so a new
// resource in a module forces a decision, and on an entry nothing creates any more.

// Inventory kinds, as Take names them.
const (
	kindVPC              = "vpc"
	kindLoadBalancer     = "load balancer"
	kindECSCluster       = "ecs cluster"
	kindIAMRole          = "iam role"
	kindLogGroup         = "log group"
	kindBucket           = "s3 bucket"
	kindSecret           = "secret"
	kindDBInstance       = "db instance"
	kindCacheRule        = "pull-through cache rule"
	kindUserGroup        = "elasticache user group"
	kindSecurityGroup    = "security group"
	kindTargetGroup      = "target group"
	kindAlarm            = "alarm"
	kindTopic            = "sns topic"
	kindCertificate      = "certificate"
	kindElasticIP        = "elastic ip"
	kindInternetGateway  = "internet gateway"
	kindNATGateway       = "nat gateway"
	kindNetworkInterface = "network interface"
	kindVPCEndpoint      = "vpc endpoint"
	kindFlowLog          = "flow log"
	kindLaunchTemplate   = "launch template"
	kindAutoScalingGroup = "autoscaling group"
	kindIAMPolicy        = "iam policy"
	kindInstanceProfile  = "instance profile"
	kindOIDCProvider     = "oidc provider"
	kindDBParameterGroup = "db parameter group"
	kindDBSubnetGroup    = "db subnet group"
	kindECSService       = "ecs service"
	kindTaskDefinition   = "task definition"
	kindScalableTarget   = "scalable target"
	kindEventRule        = "event rule"
	kindRecord           = "route53 record"
	kindAnalyzer         = "access analyzer"
	kindReplicationGroup = "elasticache replication group"
	kindCacheSubnetGroup = "elasticache subnet group"
	kindElastiCacheUser  = "elasticache user"
	kindDBSnapshot       = "db snapshot"
	kindAutomatedBackup  = "retained automated backup"
)

// GapKind is the Inventory kind that names, "kind: why", each kind Take could not list in this
// emulator: not a leftover, so Matching leaves it out.
const GapKind = "unlisted"

// decision is what the leftover check does with one resource type: kind names the Inventory kind
// that lists it; part, when kind is empty, says why the type cannot be left behind on its own.
type decision struct {
	kind string
	part string
}

// resourceDecisions holds every managed resource type of the stacks (the examples' plans and the
// modules, including resources the examples leave off, such as Redis, which the emulator cycles
// turn on).
var resourceDecisions = map[string]decision{
	// Listed kinds.
	"aws_vpc":                           {kind: kindVPC},
	"aws_lb":                            {kind: kindLoadBalancer},
	"aws_ecs_cluster":                   {kind: kindECSCluster},
	"aws_iam_role":                      {kind: kindIAMRole},
	"aws_cloudwatch_log_group":          {kind: kindLogGroup},
	"aws_s3_bucket":                     {kind: kindBucket},
	"aws_secretsmanager_secret":         {kind: kindSecret},
	"aws_db_instance":                   {kind: kindDBInstance},
	"aws_ecr_pull_through_cache_rule":   {kind: kindCacheRule},
	"aws_elasticache_user_group":        {kind: kindUserGroup},
	"aws_security_group":                {kind: kindSecurityGroup},
	"aws_lb_target_group":               {kind: kindTargetGroup},
	"aws_cloudwatch_metric_alarm":       {kind: kindAlarm},
	"aws_sns_topic":                     {kind: kindTopic},
	"aws_acm_certificate":               {kind: kindCertificate},
	"aws_eip":                           {kind: kindElasticIP},
	"aws_internet_gateway":              {kind: kindInternetGateway},
	"aws_nat_gateway":                   {kind: kindNATGateway},
	"aws_network_interface":             {kind: kindNetworkInterface},
	"aws_vpc_endpoint":                  {kind: kindVPCEndpoint},
	"aws_flow_log":                      {kind: kindFlowLog},
	"aws_launch_template":               {kind: kindLaunchTemplate},
	"aws_autoscaling_group":             {kind: kindAutoScalingGroup},
	"aws_iam_policy":                    {kind: kindIAMPolicy},
	"aws_iam_instance_profile":          {kind: kindInstanceProfile},
	"aws_iam_openid_connect_provider":   {kind: kindOIDCProvider},
	"aws_db_parameter_group":            {kind: kindDBParameterGroup},
	"aws_db_subnet_group":               {kind: kindDBSubnetGroup},
	"aws_ecs_service":                   {kind: kindECSService},
	"aws_ecs_task_definition":           {kind: kindTaskDefinition},
	"aws_appautoscaling_target":         {kind: kindScalableTarget},
	"aws_cloudwatch_event_rule":         {kind: kindEventRule},
	"aws_route53_record":                {kind: kindRecord},
	"aws_accessanalyzer_analyzer":       {kind: kindAnalyzer},
	"aws_elasticache_replication_group": {kind: kindReplicationGroup},
	"aws_elasticache_subnet_group":      {kind: kindCacheSubnetGroup},
	"aws_elasticache_user":              {kind: kindElastiCacheUser},

	// Parts of something listed, or no AWS object.
	"aws_subnet":                                         {part: "part of its VPC: DeleteVpc refuses a VPC that still has subnets (AWS, and moto 5.2.1's delete_vpc)"},
	"aws_route_table":                                    {part: "part of its VPC: DeleteVpc refuses a VPC that still has a route table besides the main one (AWS, and moto 5.2.1)"},
	"aws_route":                                          {part: "an entry of a route table, which is part of its VPC"},
	"aws_route_table_association":                        {part: "links a route table to a subnet, both parts of the VPC"},
	"aws_default_security_group":                         {part: "the VPC's default group: AWS creates and deletes it with the VPC; Terraform only manages its rules"},
	"aws_vpc_security_group_ingress_rule":                {part: "a rule of a security group, deleted with it"},
	"aws_vpc_security_group_egress_rule":                 {part: "a rule of a security group, deleted with it"},
	"aws_vpc_endpoint_policy":                            {part: "the policy document of a VPC endpoint, deleted with it"},
	"aws_lb_listener":                                    {part: "a listener of a load balancer, deleted with it"},
	"aws_acm_certificate_validation":                     {part: "no AWS object: Terraform waits for the certificate's validation"},
	"aws_appautoscaling_policy":                          {part: "part of its scalable target: DeregisterScalableTarget deletes its policies and their alarms"},
	"aws_appautoscaling_scheduled_action":                {part: "part of its scalable target: DeregisterScalableTarget deletes its scheduled actions"},
	"aws_cloudwatch_event_target":                        {part: "a target of an EventBridge rule: a rule with targets cannot be deleted, so a target cannot outlive it"},
	"aws_cloudwatch_log_metric_filter":                   {part: "a filter of a log group, deleted with it"},
	"aws_ecs_cluster_capacity_providers":                 {part: "a setting of the ECS cluster"},
	"aws_iam_role_policy":                                {part: "an inline policy of a role, deleted with it (DeleteRole refuses a role that still has one)"},
	"aws_iam_role_policy_attachment":                     {part: "attaches a policy to a role: DeleteRole refuses a role with attached policies, and the policy itself is listed"},
	"aws_s3_bucket_lifecycle_configuration":              {part: "a setting of its bucket"},
	"aws_s3_bucket_logging":                              {part: "a setting of its bucket"},
	"aws_s3_bucket_ownership_controls":                   {part: "a setting of its bucket"},
	"aws_s3_bucket_policy":                               {part: "a setting of its bucket"},
	"aws_s3_bucket_public_access_block":                  {part: "a setting of its bucket"},
	"aws_s3_bucket_server_side_encryption_configuration": {part: "a setting of its bucket"},
	"aws_s3_bucket_versioning":                           {part: "a setting of its bucket"},
	"aws_secretsmanager_secret_version":                  {part: "a version of its secret, deleted with it"},
	"aws_sns_topic_policy":                               {part: "an attribute of its topic"},
	"terraform_data":                                     {part: "no AWS object: Terraform state only"},
}
