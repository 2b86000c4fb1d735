package moto

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
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
// names or ids. Kind GapKind, when present, lists the kinds this emulator could not list.
type Inventory map[string][]string

// Take lists the resources a stack can leave behind: every kind of resource the stacks create that
// can exist on its own (resourceDecisions says which kind lists each resource type, or what it is
// part of), plus DB snapshots and retained automated backups, and what the front itself holds.
// Each entry is a name or an id with what tells whose it is (a Name tag, a group name), so
// Matching finds it by the stack's name. A kind whose list call the emulator does not answer
// (moto's 500 or 501 for an action it lacks) is skipped and named under GapKind instead of failing
// Take; the kinds listed before the check covered every type (strict listers) still fail it.
func Take(ctx context.Context, cfg aws.Config, front *Front) (Inventory, error) {
	c := newInventoryClients(cfg, front)
	inv := Inventory{}
	if err := takeWith(ctx, c, listers, inv); err != nil {
		return nil, err
	}
	return inv, nil
}

// takeWith runs each lister into inv and sorts the lists.
func takeWith(ctx context.Context, c *inventoryClients, ls []lister, inv Inventory) error {
	add := func(kind, name string) { inv[kind] = append(inv[kind], name) }
	for _, l := range ls {
		err := l.list(ctx, c, add)
		if err == nil {
			continue
		}
		if l.strict || !emulatorLacks(err) {
			return fmt.Errorf("list %s: %w", strings.Join(l.kinds, ", "), err)
		}
		// What the lister added before the failure is a partial list; a gap is the whole kind.
		for _, k := range l.kinds {
			delete(inv, k)
			inv[GapKind] = append(inv[GapKind], k+": "+err.Error())
		}
	}
	for _, names := range inv {
		sort.Strings(names)
	}
	return nil
}

// emulatorLacks tells an answer that means the emulator cannot list a kind: moto's server answers
// an action it has not implemented with a 500 (its NotImplementedError), and 501 is HTTP's own
// "not implemented". The SDK has retried a 500 by then, and the front has retried a read.
func emulatorLacks(err error) bool {
	var status interface{ HTTPStatusCode() int }
	if !errors.As(err, &status) {
		return false
	}
	code := status.HTTPStatusCode()
	return code == http.StatusInternalServerError || code == http.StatusNotImplemented
}

// Gaps lists the kinds Take could not list in this emulator, each "kind: why".
func (inv Inventory) Gaps() []string { return inv[GapKind] }

// inventoryClients are the clients the listers share.
type inventoryClients struct {
	cfg   aws.Config
	front *Front
	ec2   *ec2.Client
	ecs   *ecs.Client
	iam   *iam.Client
	rds   *rds.Client
	elbv2 *elbv2.Client
}

func newInventoryClients(cfg aws.Config, front *Front) *inventoryClients {
	return &inventoryClients{
		cfg: cfg, front: front,
		ec2: ec2.NewFromConfig(cfg), ecs: ecs.NewFromConfig(cfg), iam: iam.NewFromConfig(cfg),
		rds: rds.NewFromConfig(cfg), elbv2: elbv2.NewFromConfig(cfg),
	}
}

// lister lists the kinds it names. A strict lister fails Take on any error: its calls are ones
// moto is known to answer, and a failure there is a broken emulator, not a gap.
type lister struct {
	kinds  []string
	strict bool
	list   func(ctx context.Context, c *inventoryClients, add func(kind, name string)) error
}

// listers are every kind Take lists: first the kinds the check had from the start, then those
// added so that it covers every resource type (inventory_list.go, inventory_raw.go).
var listers = append([]lister{
	{kinds: []string{kindVPC}, strict: true, list: listVPCs},
	{kinds: []string{kindLoadBalancer}, strict: true, list: listLoadBalancers},
	{kinds: []string{kindECSCluster}, strict: true, list: func(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
		clusters, err := activeClusters(ctx, c.ecs)
		for _, name := range clusters {
			add(kindECSCluster, name)
		}
		return err
	}},
	{kinds: []string{kindIAMRole}, strict: true, list: listRoles},
	{kinds: []string{kindLogGroup}, strict: true, list: listLogGroups},
	{kinds: []string{kindBucket}, strict: true, list: listBuckets},
	{kinds: []string{kindSecret}, strict: true, list: listSecrets},
	{kinds: []string{kindDBInstance, kindDBSnapshot, kindAutomatedBackup}, strict: true, list: func(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
		return takeRDS(ctx, c.rds, add)
	}},
	{kinds: []string{kindCacheRule, kindUserGroup, kindAnalyzer}, strict: true, list: listFrontState},
}, addedListers...)

func listVPCs(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	vpcs, err := c.ec2.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
	if err != nil {
		return err
	}
	for _, v := range vpcs.Vpcs {
		if !aws.ToBool(v.IsDefault) {
			add(kindVPC, aws.ToString(v.VpcId)+" "+nameTag(v.Tags))
		}
	}
	return nil
}

func listLoadBalancers(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	lbs, err := c.elbv2.DescribeLoadBalancers(ctx, &elbv2.DescribeLoadBalancersInput{})
	if err != nil {
		return err
	}
	for _, lb := range lbs.LoadBalancers {
		add(kindLoadBalancer, aws.ToString(lb.LoadBalancerName))
	}
	return nil
}

// activeClusters names the ECS clusters that are not INACTIVE (moto, like AWS, keeps a deleted
// cluster INACTIVE for a while).
func activeClusters(ctx context.Context, client *ecs.Client) ([]string, error) {
	clusters, err := client.ListClusters(ctx, &ecs.ListClustersInput{})
	if err != nil || len(clusters.ClusterArns) == 0 {
		return nil, err
	}
	var names []string
	for arns := range slices.Chunk(clusters.ClusterArns, 100) {
		desc, err := client.DescribeClusters(ctx, &ecs.DescribeClustersInput{Clusters: arns})
		if err != nil {
			return names, fmt.Errorf("describe ECS clusters: %w", err)
		}
		for _, c := range desc.Clusters {
			if aws.ToString(c.Status) != "INACTIVE" {
				names = append(names, aws.ToString(c.ClusterName))
			}
		}
	}
	return names, nil
}

func listRoles(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	roles, err := c.iam.ListRoles(ctx, &iam.ListRolesInput{MaxItems: aws.Int32(1000)})
	if err != nil {
		return err
	}
	for _, r := range roles.Roles {
		if !strings.HasPrefix(aws.ToString(r.Path), "/aws-service-role/") {
			add(kindIAMRole, aws.ToString(r.RoleName))
		}
	}
	return nil
}

func listLogGroups(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	groups, err := cloudwatchlogs.NewFromConfig(c.cfg).DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{})
	if err != nil {
		return err
	}
	for _, g := range groups.LogGroups {
		add(kindLogGroup, aws.ToString(g.LogGroupName))
	}
	return nil
}

func listBuckets(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	buckets, err := s3.NewFromConfig(c.cfg, func(o *s3.Options) { o.UsePathStyle = true }).ListBuckets(ctx, &s3.ListBucketsInput{})
	if err != nil {
		return err
	}
	for _, b := range buckets.Buckets {
		add(kindBucket, aws.ToString(b.Name))
	}
	return nil
}

func listSecrets(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	secrets, err := secretsmanager.NewFromConfig(c.cfg).ListSecrets(ctx, &secretsmanager.ListSecretsInput{})
	if err != nil {
		return err
	}
	for _, s := range secrets.SecretList {
		if s.DeletedDate == nil {
			add(kindSecret, aws.ToString(s.Name))
		}
	}
	return nil
}

// listFrontState lists what the front holds in moto's stead: pull-through cache rules,
// ElastiCache user groups and Access Analyzer analyzers.
func listFrontState(_ context.Context, c *inventoryClients, add func(kind, name string)) error {
	if c.front == nil {
		return nil
	}
	for _, p := range c.front.CacheRulePrefixes() {
		add(kindCacheRule, p)
	}
	for _, id := range c.front.UserGroupIDs() {
		add(kindUserGroup, id)
	}
	for _, name := range c.front.analyzerNames() {
		add(kindAnalyzer, name)
	}
	return nil
}

func takeRDS(ctx context.Context, client *rds.Client, add func(kind, name string)) error {
	instances, err := client.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{})
	if err != nil {
		return fmt.Errorf("list DB instances: %w", err)
	}
	for _, db := range instances.DBInstances {
		add(kindDBInstance, aws.ToString(db.DBInstanceIdentifier))
	}
	snapshots, err := client.DescribeDBSnapshots(ctx, &rds.DescribeDBSnapshotsInput{SnapshotType: aws.String("manual")})
	if err != nil {
		return fmt.Errorf("list DB snapshots: %w", err)
	}
	for _, s := range snapshots.DBSnapshots {
		add(kindDBSnapshot, aws.ToString(s.DBSnapshotIdentifier))
	}
	backups, err := client.DescribeDBInstanceAutomatedBackups(ctx, &rds.DescribeDBInstanceAutomatedBackupsInput{})
	if err != nil {
		return fmt.Errorf("list retained automated backups: %w", err)
	}
	for _, b := range backups.DBInstanceAutomatedBackups {
		add(kindAutomatedBackup, aws.ToString(b.DBInstanceIdentifier))
	}
	return nil
}

// Matching keeps the entries whose name contains any of the given stack names.
func (inv Inventory) Matching(names ...string) Inventory {
	out := Inventory{}
	for kind, items := range inv {
		if kind == GapKind {
			// A kind the emulator could not list is no leftover of any stack.
			continue
		}
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
