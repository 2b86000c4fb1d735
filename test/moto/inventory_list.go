package moto

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// addedListers list the kinds the leftover check gained so that it covers every resource type
// the stacks create (resourceDecisions). They are not strict: moto answering one of their calls
// with a 500 or 501 makes the kind a gap (GapKind), not a failed Take. Every call here is one moto
// 5.2.1 implements (its <service>/responses.py), so none is expected.
var addedListers = []lister{
	{kinds: []string{kindSecurityGroup}, list: listSecurityGroups},
	{kinds: []string{kindInternetGateway}, list: listInternetGateways},
	{kinds: []string{kindNATGateway}, list: listNATGateways},
	{kinds: []string{kindElasticIP}, list: listElasticIPs},
	{kinds: []string{kindNetworkInterface}, list: listNetworkInterfaces},
	{kinds: []string{kindVPCEndpoint}, list: listVPCEndpoints},
	{kinds: []string{kindFlowLog}, list: listFlowLogs},
	{kinds: []string{kindLaunchTemplate}, list: listLaunchTemplates},
	{kinds: []string{kindAutoScalingGroup}, list: listAutoScalingGroups},
	{kinds: []string{kindTargetGroup}, list: listTargetGroups},
	{kinds: []string{kindCertificate}, list: listCertificates},
	{kinds: []string{kindIAMPolicy}, list: listIAMPolicies},
	{kinds: []string{kindInstanceProfile}, list: listInstanceProfiles},
	{kinds: []string{kindOIDCProvider}, list: listOIDCProviders},
	{kinds: []string{kindDBParameterGroup}, list: listDBParameterGroups},
	{kinds: []string{kindDBSubnetGroup}, list: listDBSubnetGroups},
	{kinds: []string{kindECSService}, list: listECSServices},
	{kinds: []string{kindTaskDefinition}, list: listTaskDefinitions},
	{kinds: []string{kindTopic}, list: listTopics},
	{kinds: []string{kindRecord}, list: listRecords},
	{kinds: []string{kindAlarm}, list: func(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
		return listAlarms(ctx, c.cfg, add)
	}},
	{kinds: []string{kindEventRule}, list: func(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
		return listEventRules(ctx, c.cfg, add)
	}},
	{kinds: []string{kindScalableTarget}, list: func(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
		return listScalableTargets(ctx, c.cfg, add)
	}},
	{kinds: []string{kindReplicationGroup}, list: func(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
		return listReplicationGroups(ctx, c.cfg, c.front, add)
	}},
	{kinds: []string{kindCacheSubnetGroup}, list: func(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
		return listCacheSubnetGroups(ctx, c.cfg, c.front, add)
	}},
	{kinds: []string{kindElastiCacheUser}, list: func(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
		return listElastiCacheUsers(ctx, c.cfg, add)
	}},
}

// entry joins an id with what tells whose it is (a Name tag, a name the stack gave), leaving out
// the empty parts, so Matching finds it by the stack's name whichever part carries it.
func entry(parts ...string) string {
	return strings.Join(slices.DeleteFunc(slices.Clone(parts), func(s string) bool { return s == "" }), " ")
}

// ownSecurityGroups names the security groups a stack can leave: every VPC's "default" group
// comes and goes with its VPC (aws_default_security_group only manages its rules).
func ownSecurityGroups(groups []ec2types.SecurityGroup) []string {
	var out []string
	for _, g := range groups {
		if aws.ToString(g.GroupName) == "default" {
			continue
		}
		out = append(out, entry(aws.ToString(g.GroupId), aws.ToString(g.GroupName), nameTag(g.Tags)))
	}
	return out
}

func listSecurityGroups(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	p := ec2.NewDescribeSecurityGroupsPaginator(c.ec2, &ec2.DescribeSecurityGroupsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, name := range ownSecurityGroups(page.SecurityGroups) {
			add(kindSecurityGroup, name)
		}
	}
	return nil
}

// listInternetGateways lists every internet gateway, attached or not: a detached one exists on
// its own.
func listInternetGateways(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	p := ec2.NewDescribeInternetGatewaysPaginator(c.ec2, &ec2.DescribeInternetGatewaysInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, g := range page.InternetGateways {
			add(kindInternetGateway, entry(aws.ToString(g.InternetGatewayId), nameTag(g.Tags)))
		}
	}
	return nil
}

// goneNATGateway tells a NAT gateway that no longer exists: moto 5.2.1 keeps a deleted one as
// "deleted" for good, AWS for about an hour; "failed" ones AWS removes by itself.
func goneNATGateway(state ec2types.NatGatewayState) bool {
	return state == ec2types.NatGatewayStateDeleted || state == ec2types.NatGatewayStateDeleting || state == ec2types.NatGatewayStateFailed
}

// listNATGateways lists NAT gateways: one lives in a subnet of the VPC, but it is billed by the
// hour, and moto 5.2.1 deletes a subnet (and then its VPC) that still holds one, so the VPC's
// leaving proves nothing about it.
func listNATGateways(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	p := ec2.NewDescribeNatGatewaysPaginator(c.ec2, &ec2.DescribeNatGatewaysInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, g := range page.NatGateways {
			if !goneNATGateway(g.State) {
				add(kindNATGateway, entry(aws.ToString(g.NatGatewayId), nameTag(g.Tags)))
			}
		}
	}
	return nil
}

func listElasticIPs(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	out, err := c.ec2.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{})
	if err != nil {
		return err
	}
	for _, a := range out.Addresses {
		add(kindElasticIP, entry(aws.ToString(a.AllocationId), aws.ToString(a.PublicIp), nameTag(a.Tags)))
	}
	return nil
}

// listNetworkInterfaces lists interfaces on their own, as moto 5.2.1 deletes a subnet that still
// holds one. Each is named by id and Name tag only: the interfaces AWS (and moto) create for load
// balancers, NAT gateways and endpoints carry their owner's name in the description and go with
// their owner, which is listed; an interface the stack created (the NAT instance's fixed one) has
// the stack's Name tag.
func listNetworkInterfaces(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	p := ec2.NewDescribeNetworkInterfacesPaginator(c.ec2, &ec2.DescribeNetworkInterfacesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, n := range page.NetworkInterfaces {
			add(kindNetworkInterface, entry(aws.ToString(n.NetworkInterfaceId), nameTag(n.TagSet)))
		}
	}
	return nil
}

// listVPCEndpoints lists the endpoints not deleted (moto 5.2.1 keeps a deleted one as "deleted").
// An endpoint lives in a VPC, but the existing-vpc stack puts its endpoints in a VPC it does not
// own, so the VPC's leaving proves nothing about them.
func listVPCEndpoints(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	p := ec2.NewDescribeVpcEndpointsPaginator(c.ec2, &ec2.DescribeVpcEndpointsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, e := range page.VpcEndpoints {
			if s := strings.ToLower(string(e.State)); s == "deleted" || s == "deleting" {
				continue
			}
			add(kindVPCEndpoint, entry(aws.ToString(e.VpcEndpointId), aws.ToString(e.ServiceName), nameTag(e.Tags)))
		}
	}
	return nil
}

// listFlowLogs names each flow log with its log group too, which carries the stack's name when a
// Name tag does not.
func listFlowLogs(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	p := ec2.NewDescribeFlowLogsPaginator(c.ec2, &ec2.DescribeFlowLogsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, f := range page.FlowLogs {
			add(kindFlowLog, entry(aws.ToString(f.FlowLogId), aws.ToString(f.LogGroupName), nameTag(f.Tags)))
		}
	}
	return nil
}

func listLaunchTemplates(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	p := ec2.NewDescribeLaunchTemplatesPaginator(c.ec2, &ec2.DescribeLaunchTemplatesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, t := range page.LaunchTemplates {
			add(kindLaunchTemplate, aws.ToString(t.LaunchTemplateName))
		}
	}
	return nil
}

func listAutoScalingGroups(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	p := autoscaling.NewDescribeAutoScalingGroupsPaginator(autoscaling.NewFromConfig(c.cfg), &autoscaling.DescribeAutoScalingGroupsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, g := range page.AutoScalingGroups {
			add(kindAutoScalingGroup, aws.ToString(g.AutoScalingGroupName))
		}
	}
	return nil
}

// listTargetGroups names each target group with its Name tag: the bridge module gives it a
// name_prefix ("bridg-") that carries no stack name.
func listTargetGroups(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	p := elbv2.NewDescribeTargetGroupsPaginator(c.elbv2, &elbv2.DescribeTargetGroupsInput{})
	names := map[string]string{} // ARN -> name
	var arns []string
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, g := range page.TargetGroups {
			arns = append(arns, aws.ToString(g.TargetGroupArn))
			names[aws.ToString(g.TargetGroupArn)] = aws.ToString(g.TargetGroupName)
		}
	}
	tags := map[string]string{}                 // ARN -> Name tag
	for chunk := range slices.Chunk(arns, 20) { // DescribeTags takes at most 20 ARNs
		out, err := c.elbv2.DescribeTags(ctx, &elbv2.DescribeTagsInput{ResourceArns: chunk})
		if err != nil {
			return err
		}
		for _, d := range out.TagDescriptions {
			for _, t := range d.Tags {
				if aws.ToString(t.Key) == "Name" {
					tags[aws.ToString(d.ResourceArn)] = aws.ToString(t.Value)
				}
			}
		}
	}
	for _, arn := range arns {
		add(kindTargetGroup, entry(names[arn], tags[arn]))
	}
	return nil
}

// allKeyTypes are every certificate key type: ListCertificates returns RSA_1024 and RSA_2048
// certificates only unless asked for others, and the stacks' self-signed certificates are ECDSA.
var allKeyTypes = []acmtypes.KeyAlgorithm{
	acmtypes.KeyAlgorithmRsa1024, acmtypes.KeyAlgorithmRsa2048, acmtypes.KeyAlgorithmRsa3072, acmtypes.KeyAlgorithmRsa4096,
	acmtypes.KeyAlgorithmEcPrime256v1, acmtypes.KeyAlgorithmEcSecp384r1, acmtypes.KeyAlgorithmEcSecp521r1,
}

// listCertificates names each certificate by its domain, Name tag and id: the domain
// (bridge.example.com in the cycles) is the same for every stack, the Name tag is not.
func listCertificates(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	client := acm.NewFromConfig(c.cfg)
	p := acm.NewListCertificatesPaginator(client, &acm.ListCertificatesInput{Includes: &acmtypes.Filters{KeyTypes: allKeyTypes}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, cert := range page.CertificateSummaryList {
			arn := aws.ToString(cert.CertificateArn)
			tags, err := client.ListTagsForCertificate(ctx, &acm.ListTagsForCertificateInput{CertificateArn: cert.CertificateArn})
			if err != nil {
				return err
			}
			name := ""
			for _, t := range tags.Tags {
				if aws.ToString(t.Key) == "Name" {
					name = aws.ToString(t.Value)
				}
			}
			add(kindCertificate, entry(aws.ToString(cert.DomainName), name, arn[strings.LastIndex(arn, "/")+1:]))
		}
	}
	return nil
}

// listIAMPolicies lists customer managed policies (Scope Local): AWS managed ones belong to no
// stack.
func listIAMPolicies(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	p := iam.NewListPoliciesPaginator(c.iam, &iam.ListPoliciesInput{Scope: iamtypes.PolicyScopeTypeLocal})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, pol := range page.Policies {
			add(kindIAMPolicy, aws.ToString(pol.PolicyName))
		}
	}
	return nil
}

func listInstanceProfiles(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	p := iam.NewListInstanceProfilesPaginator(c.iam, &iam.ListInstanceProfilesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, ip := range page.InstanceProfiles {
			add(kindInstanceProfile, aws.ToString(ip.InstanceProfileName))
		}
	}
	return nil
}

// listOIDCProviders names each provider by its URL and Name tag (GetOpenIDConnectProvider: the
// list holds ARNs only).
func listOIDCProviders(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	out, err := c.iam.ListOpenIDConnectProviders(ctx, &iam.ListOpenIDConnectProvidersInput{})
	if err != nil {
		return err
	}
	for _, p := range out.OpenIDConnectProviderList {
		arn := aws.ToString(p.Arn)
		got, err := c.iam.GetOpenIDConnectProvider(ctx, &iam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: p.Arn})
		if err != nil {
			return err
		}
		name := ""
		for _, t := range got.Tags {
			if aws.ToString(t.Key) == "Name" {
				name = aws.ToString(t.Value)
			}
		}
		add(kindOIDCProvider, entry(arn[strings.Index(arn, ":oidc-provider/")+len(":oidc-provider/"):], name))
	}
	return nil
}

// listDBParameterGroups leaves out the "default.<family>" groups RDS itself provides.
func listDBParameterGroups(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	p := rds.NewDescribeDBParameterGroupsPaginator(c.rds, &rds.DescribeDBParameterGroupsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, g := range page.DBParameterGroups {
			if name := aws.ToString(g.DBParameterGroupName); !strings.HasPrefix(name, "default.") {
				add(kindDBParameterGroup, name)
			}
		}
	}
	return nil
}

// listDBSubnetGroups leaves out the "default" group of the default VPC.
func listDBSubnetGroups(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	p := rds.NewDescribeDBSubnetGroupsPaginator(c.rds, &rds.DescribeDBSubnetGroupsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, g := range page.DBSubnetGroups {
			if name := aws.ToString(g.DBSubnetGroupName); name != "default" {
				add(kindDBSubnetGroup, name)
			}
		}
	}
	return nil
}

// listECSServices lists the services of the clusters that are not INACTIVE as "cluster/service".
// A service cannot outlive its cluster (DeleteCluster refuses a cluster with services), and a
// deleted service stays INACTIVE for a while (moto 5.2.1 for good), which is gone.
func listECSServices(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	clusters, err := activeClusters(ctx, c.ecs)
	if err != nil {
		return err
	}
	for _, cluster := range clusters {
		var arns []string
		p := ecs.NewListServicesPaginator(c.ecs, &ecs.ListServicesInput{Cluster: aws.String(cluster)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return err
			}
			arns = append(arns, page.ServiceArns...)
		}
		for chunk := range slices.Chunk(arns, 10) { // DescribeServices takes at most 10
			out, err := c.ecs.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(cluster), Services: chunk})
			if err != nil {
				return err
			}
			for _, name := range liveServices(cluster, out.Services) {
				add(kindECSService, name)
			}
		}
	}
	return nil
}

// liveServices names the services not INACTIVE, "cluster/service".
func liveServices(cluster string, services []ecstypes.Service) []string {
	var out []string
	for _, s := range services {
		if aws.ToString(s.Status) != "INACTIVE" {
			out = append(out, cluster+"/"+aws.ToString(s.ServiceName))
		}
	}
	return out
}

// listTaskDefinitions lists ACTIVE revisions as "family:revision": destroying a task definition
// deregisters it (INACTIVE), which AWS keeps listing under that status.
func listTaskDefinitions(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	p := ecs.NewListTaskDefinitionsPaginator(c.ecs, &ecs.ListTaskDefinitionsInput{Status: ecstypes.TaskDefinitionStatusActive})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, arn := range page.TaskDefinitionArns {
			add(kindTaskDefinition, arn[strings.LastIndex(arn, "/")+1:])
		}
	}
	return nil
}

func listTopics(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	p := sns.NewListTopicsPaginator(sns.NewFromConfig(c.cfg), &sns.ListTopicsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, t := range page.Topics {
			arn := aws.ToString(t.TopicArn)
			add(kindTopic, arn[strings.LastIndex(arn, ":")+1:])
		}
	}
	return nil
}

// listRecords lists the records of every hosted zone but the zone's own NS and SOA. The stacks
// create no zone: their records go into a zone the user already has, so nothing listed takes them
// away. An alias record is named with its target too (the load balancer's DNS name carries the
// stack's name; the record's own name is the user's domain).
func listRecords(ctx context.Context, c *inventoryClients, add func(kind, name string)) error {
	client := route53.NewFromConfig(c.cfg)
	zones := route53.NewListHostedZonesPaginator(client, &route53.ListHostedZonesInput{})
	for zones.HasMorePages() {
		page, err := zones.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, z := range page.HostedZones {
			records := route53.NewListResourceRecordSetsPaginator(client, &route53.ListResourceRecordSetsInput{HostedZoneId: z.Id})
			for records.HasMorePages() {
				rp, err := records.NextPage(ctx)
				if err != nil {
					return err
				}
				for _, name := range stackRecords(aws.ToString(z.Name), rp.ResourceRecordSets) {
					add(kindRecord, name)
				}
			}
		}
	}
	return nil
}

// stackRecords names the records of zone a stack could have made: "name TYPE target".
func stackRecords(zone string, sets []r53types.ResourceRecordSet) []string {
	var out []string
	for _, r := range sets {
		name := aws.ToString(r.Name)
		if name == zone && (r.Type == r53types.RRTypeNs || r.Type == r53types.RRTypeSoa) {
			continue
		}
		target := ""
		switch {
		case r.AliasTarget != nil:
			target = aws.ToString(r.AliasTarget.DNSName)
		case len(r.ResourceRecords) > 0:
			target = aws.ToString(r.ResourceRecords[0].Value)
		}
		out = append(out, entry(name, string(r.Type), target))
	}
	return out
}
