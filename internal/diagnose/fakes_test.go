package diagnose

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
)

// fakeAWS is one hand-written fake for every client the checks use. It starts as a healthy stack;
// each test case breaks one thing.
type fakeAWS struct {
	service      ecstypes.Service
	stopped      []ecstypes.Task
	targets      []elbtypes.TargetHealthDescription
	sgRules      []ec2types.SecurityGroupRule
	routeTables  map[string][]ec2types.RouteTable // by association.subnet-id, "main" for the main table
	endpoints    []ec2types.VpcEndpoint
	cacheRules   []ecrtypes.PullThroughCacheRule
	certificate  acmtypes.CertificateDetail
	records      []r53types.ResourceRecordSet
	logLines     map[string][]string // filter pattern -> messages
	filterInputs []*cloudwatchlogs.FilterLogEventsInput
}

var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func healthyStack() Stack {
	return Stack{
		Bridge: Bridge{
			Region: "ap-northeast-1", ClusterName: "demo", ServiceName: "demo-bridge",
			TargetGroupARN:     "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/demo/0123",
			ALBSecurityGroupID: "sg-alb", TaskSecurityGroupID: "sg-task",
			AllowedCIDRBlocks: []string{"34.85.43.93/32"}, BridgePort: 8080,
			PrivateSubnetIDs: []string{"subnet-a", "subnet-c"},
			CertificateARN:   "arn:aws:acm:ap-northeast-1:123456789012:certificate/abc",
			DomainName:       "bridge.example.com", Route53ZoneID: "Z123", ALBDNSName: "demo-alb-1.ap-northeast-1.elb.amazonaws.com",
			PullThroughCachePrefix: "ecr-public", LogGroupName: "/ecs/demo/bridge",
		},
		Datastore:    Datastore{DBSecurityGroupID: "sg-db"},
		HasDatastore: true,
	}
}

func sgRule(group string, egress bool, port int32, cidr, ref string) ec2types.SecurityGroupRule {
	r := ec2types.SecurityGroupRule{GroupId: aws.String(group), IsEgress: aws.Bool(egress), IpProtocol: aws.String("tcp"), FromPort: aws.Int32(port), ToPort: aws.Int32(port)}
	if cidr != "" {
		r.CidrIpv4 = aws.String(cidr)
	}
	if ref != "" {
		r.ReferencedGroupInfo = &ec2types.ReferencedSecurityGroup{GroupId: aws.String(ref)}
	}
	return r
}

func natRoute() ec2types.RouteTable {
	return ec2types.RouteTable{Routes: []ec2types.Route{{DestinationCidrBlock: aws.String("0.0.0.0/0"), NatGatewayId: aws.String("nat-0123"), State: ec2types.RouteStateActive}}}
}

func healthyAWS() *fakeAWS {
	return &fakeAWS{
		service: ecstypes.Service{Status: aws.String("ACTIVE"), DesiredCount: 1, RunningCount: 1,
			Deployments: []ecstypes.Deployment{{RolloutState: ecstypes.DeploymentRolloutStateCompleted}},
			Events:      []ecstypes.ServiceEvent{{Message: aws.String("(service demo-bridge) has reached a steady state.")}}},
		targets: []elbtypes.TargetHealthDescription{{Target: &elbtypes.TargetDescription{Id: aws.String("10.0.128.10"), Port: aws.Int32(8080)},
			TargetHealth: &elbtypes.TargetHealth{State: elbtypes.TargetHealthStateEnumHealthy}}},
		sgRules: []ec2types.SecurityGroupRule{
			sgRule("sg-alb", false, 443, "34.85.43.93/32", ""),
			sgRule("sg-alb", true, 8080, "", "sg-task"),
			sgRule("sg-task", false, 8080, "", "sg-alb"),
			sgRule("sg-task", true, 5432, "", "sg-db"),
			sgRule("sg-db", false, 5432, "", "sg-task"),
		},
		routeTables: map[string][]ec2types.RouteTable{"subnet-a": {natRoute()}, "subnet-c": {natRoute()}},
		cacheRules:  []ecrtypes.PullThroughCacheRule{{EcrRepositoryPrefix: aws.String("ecr-public"), UpstreamRegistryUrl: aws.String("public.ecr.aws")}},
		certificate: acmtypes.CertificateDetail{Status: acmtypes.CertificateStatusIssued, Type: acmtypes.CertificateTypeAmazonIssued, NotAfter: aws.Time(now.Add(300 * 24 * time.Hour))},
		records: []r53types.ResourceRecordSet{{Name: aws.String("bridge.example.com."), Type: r53types.RRTypeA,
			AliasTarget: &r53types.AliasTarget{DNSName: aws.String("dualstack.demo-alb-1.ap-northeast-1.elb.amazonaws.com."), HostedZoneId: aws.String("Z14GRHDCWA56QT")}}},
		logLines: map[string][]string{},
	}
}

func (f *fakeAWS) clients() Clients {
	return Clients{ECS: f, ELB: f, EC2: f, ACM: f, Route53: f, ECR: f, Logs: f}
}

func (f *fakeAWS) DescribeServices(context.Context, *ecs.DescribeServicesInput, ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error) {
	return &ecs.DescribeServicesOutput{Services: []ecstypes.Service{f.service}}, nil
}

func (f *fakeAWS) ListTasks(context.Context, *ecs.ListTasksInput, ...func(*ecs.Options)) (*ecs.ListTasksOutput, error) {
	out := &ecs.ListTasksOutput{}
	for _, t := range f.stopped {
		out.TaskArns = append(out.TaskArns, aws.ToString(t.TaskArn))
	}
	return out, nil
}

func (f *fakeAWS) DescribeTasks(context.Context, *ecs.DescribeTasksInput, ...func(*ecs.Options)) (*ecs.DescribeTasksOutput, error) {
	return &ecs.DescribeTasksOutput{Tasks: f.stopped}, nil
}

func (f *fakeAWS) DescribeTargetHealth(context.Context, *elbv2.DescribeTargetHealthInput, ...func(*elbv2.Options)) (*elbv2.DescribeTargetHealthOutput, error) {
	return &elbv2.DescribeTargetHealthOutput{TargetHealthDescriptions: f.targets}, nil
}

func (f *fakeAWS) DescribeSecurityGroupRules(context.Context, *ec2.DescribeSecurityGroupRulesInput, ...func(*ec2.Options)) (*ec2.DescribeSecurityGroupRulesOutput, error) {
	return &ec2.DescribeSecurityGroupRulesOutput{SecurityGroupRules: f.sgRules}, nil
}

func (f *fakeAWS) DescribeRouteTables(_ context.Context, in *ec2.DescribeRouteTablesInput, _ ...func(*ec2.Options)) (*ec2.DescribeRouteTablesOutput, error) {
	for _, flt := range in.Filters {
		switch aws.ToString(flt.Name) {
		case "association.subnet-id":
			return &ec2.DescribeRouteTablesOutput{RouteTables: f.routeTables[flt.Values[0]]}, nil
		case "association.main":
			return &ec2.DescribeRouteTablesOutput{RouteTables: f.routeTables["main"]}, nil
		}
	}
	return &ec2.DescribeRouteTablesOutput{}, nil
}

func (f *fakeAWS) DescribeSubnets(_ context.Context, in *ec2.DescribeSubnetsInput, _ ...func(*ec2.Options)) (*ec2.DescribeSubnetsOutput, error) {
	out := &ec2.DescribeSubnetsOutput{}
	for _, id := range in.SubnetIds {
		out.Subnets = append(out.Subnets, ec2types.Subnet{SubnetId: aws.String(id), VpcId: aws.String("vpc-1")})
	}
	return out, nil
}

func (f *fakeAWS) DescribeVpcEndpoints(context.Context, *ec2.DescribeVpcEndpointsInput, ...func(*ec2.Options)) (*ec2.DescribeVpcEndpointsOutput, error) {
	return &ec2.DescribeVpcEndpointsOutput{VpcEndpoints: f.endpoints}, nil
}

func (f *fakeAWS) DescribeCertificate(context.Context, *acm.DescribeCertificateInput, ...func(*acm.Options)) (*acm.DescribeCertificateOutput, error) {
	c := f.certificate
	return &acm.DescribeCertificateOutput{Certificate: &c}, nil
}

func (f *fakeAWS) ListResourceRecordSets(context.Context, *route53.ListResourceRecordSetsInput, ...func(*route53.Options)) (*route53.ListResourceRecordSetsOutput, error) {
	return &route53.ListResourceRecordSetsOutput{ResourceRecordSets: f.records}, nil
}

func (f *fakeAWS) DescribePullThroughCacheRules(context.Context, *ecr.DescribePullThroughCacheRulesInput, ...func(*ecr.Options)) (*ecr.DescribePullThroughCacheRulesOutput, error) {
	if len(f.cacheRules) == 0 {
		return nil, &ecrtypes.PullThroughCacheRuleNotFoundException{Message: aws.String("not found")}
	}
	return &ecr.DescribePullThroughCacheRulesOutput{PullThroughCacheRules: f.cacheRules}, nil
}

func (f *fakeAWS) FilterLogEvents(_ context.Context, in *cloudwatchlogs.FilterLogEventsInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.FilterLogEventsOutput, error) {
	f.filterInputs = append(f.filterInputs, in)
	out := &cloudwatchlogs.FilterLogEventsOutput{}
	for _, m := range f.logLines[aws.ToString(in.FilterPattern)] {
		out.Events = append(out.Events, logtypes.FilteredLogEvent{Message: aws.String(m)})
	}
	return out, nil
}
