package emulator

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// Config is an AWS SDK configuration that talks to endpoint with dummy credentials.
func Config(endpoint, region string) aws.Config {
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider("emulator", "emulator", ""),
		BaseEndpoint: aws.String(endpoint),
	}
}

// Inventory is what exists in the emulator, by kind ("vpc", "iam role", ...), each a sorted list of
// names or ids.
type Inventory map[string][]string

// Take lists the resources a stack can leave behind: VPCs other than the default, load balancers,
// ECS clusters, IAM roles, log groups, buckets, secrets not scheduled for deletion, DB instances,
// DB snapshots and retained automated backups, plus what the front itself holds.
func Take(ctx context.Context, cfg aws.Config, front *Front) (Inventory, error) {
	inv := Inventory{}
	add := func(kind, name string) { inv[kind] = append(inv[kind], name) }

	vpcs, err := ec2.NewFromConfig(cfg).DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
	if err != nil {
		return nil, fmt.Errorf("list VPCs: %w", err)
	}
	for _, v := range vpcs.Vpcs {
		if !aws.ToBool(v.IsDefault) {
			add("vpc", aws.ToString(v.VpcId)+" "+nameTag(v.Tags))
		}
	}
	lbs, err := elbv2.NewFromConfig(cfg).DescribeLoadBalancers(ctx, &elbv2.DescribeLoadBalancersInput{})
	if err != nil {
		return nil, fmt.Errorf("list load balancers: %w", err)
	}
	for _, lb := range lbs.LoadBalancers {
		add("load balancer", aws.ToString(lb.LoadBalancerName))
	}
	clusters, err := ecs.NewFromConfig(cfg).ListClusters(ctx, &ecs.ListClustersInput{})
	if err != nil {
		return nil, fmt.Errorf("list ECS clusters: %w", err)
	}
	if len(clusters.ClusterArns) > 0 {
		desc, err := ecs.NewFromConfig(cfg).DescribeClusters(ctx, &ecs.DescribeClustersInput{Clusters: clusters.ClusterArns})
		if err != nil {
			return nil, fmt.Errorf("describe ECS clusters: %w", err)
		}
		for _, c := range desc.Clusters {
			if aws.ToString(c.Status) != "INACTIVE" {
				add("ecs cluster", aws.ToString(c.ClusterName))
			}
		}
	}
	roles, err := iam.NewFromConfig(cfg).ListRoles(ctx, &iam.ListRolesInput{MaxItems: aws.Int32(1000)})
	if err != nil {
		return nil, fmt.Errorf("list IAM roles: %w", err)
	}
	for _, r := range roles.Roles {
		if !strings.HasPrefix(aws.ToString(r.Path), "/aws-service-role/") {
			add("iam role", aws.ToString(r.RoleName))
		}
	}
	groups, err := cloudwatchlogs.NewFromConfig(cfg).DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{})
	if err != nil {
		return nil, fmt.Errorf("list log groups: %w", err)
	}
	for _, g := range groups.LogGroups {
		add("log group", aws.ToString(g.LogGroupName))
	}
	buckets, err := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }).ListBuckets(ctx, &s3.ListBucketsInput{})
	if err != nil {
		return nil, fmt.Errorf("list buckets: %w", err)
	}
	for _, b := range buckets.Buckets {
		add("s3 bucket", aws.ToString(b.Name))
	}
	secrets, err := secretsmanager.NewFromConfig(cfg).ListSecrets(ctx, &secretsmanager.ListSecretsInput{})
	if err != nil {
		return nil, fmt.Errorf("list secrets: %w", err)
	}
	for _, s := range secrets.SecretList {
		if s.DeletedDate == nil {
			add("secret", aws.ToString(s.Name))
		}
	}
	if err := takeRDS(ctx, rds.NewFromConfig(cfg), add); err != nil {
		return nil, err
	}
	if front != nil {
		for _, p := range front.CacheRulePrefixes() {
			add("pull-through cache rule", p)
		}
		for _, id := range front.UserGroupIDs() {
			add("elasticache user group", id)
		}
	}
	for _, names := range inv {
		sort.Strings(names)
	}
	return inv, nil
}

func takeRDS(ctx context.Context, client *rds.Client, add func(kind, name string)) error {
	instances, err := client.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{})
	if err != nil {
		return fmt.Errorf("list DB instances: %w", err)
	}
	for _, db := range instances.DBInstances {
		add("db instance", aws.ToString(db.DBInstanceIdentifier))
	}
	snapshots, err := client.DescribeDBSnapshots(ctx, &rds.DescribeDBSnapshotsInput{SnapshotType: aws.String("manual")})
	if err != nil {
		return fmt.Errorf("list DB snapshots: %w", err)
	}
	for _, s := range snapshots.DBSnapshots {
		add("db snapshot", aws.ToString(s.DBSnapshotIdentifier))
	}
	backups, err := client.DescribeDBInstanceAutomatedBackups(ctx, &rds.DescribeDBInstanceAutomatedBackupsInput{})
	if err != nil {
		return fmt.Errorf("list retained automated backups: %w", err)
	}
	for _, b := range backups.DBInstanceAutomatedBackups {
		add("retained automated backup", aws.ToString(b.DBInstanceIdentifier))
	}
	return nil
}

// Matching keeps the entries whose name contains any of the given stack names.
func (inv Inventory) Matching(names ...string) Inventory {
	out := Inventory{}
	for kind, items := range inv {
		for _, item := range items {
			for _, n := range names {
				if strings.Contains(item, n) {
					out[kind] = append(out[kind], item)
					break
				}
			}
		}
	}
	return out
}

// String lists every entry on its own line, "kind: name".
func (inv Inventory) String() string {
	var lines []string
	for kind, items := range inv {
		for _, item := range items {
			lines = append(lines, kind+": "+item)
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func nameTag(tags []ec2types.Tag) string {
	for _, t := range tags {
		if aws.ToString(t.Key) == "Name" {
			return aws.ToString(t.Value)
		}
	}
	return ""
}
