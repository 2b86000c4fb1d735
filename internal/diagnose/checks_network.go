package diagnose

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

func (d *Doctor) checkTargets(ctx context.Context) Result {
	const name = "target-health"
	out, err := d.Clients.ELB.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(d.Stack.TargetGroupARN)})
	if err != nil {
		return d.apiError(name, err)
	}
	healthy := 0
	var details []string
	remediation := ""
	for _, t := range out.TargetHealthDescriptions {
		if t.TargetHealth == nil {
			continue
		}
		state := string(t.TargetHealth.State)
		if state == "healthy" {
			healthy++
			continue
		}
		reason := string(t.TargetHealth.Reason)
		details = append(details, fmt.Sprintf("%s:%d %s (%s) %s", aws.ToString(t.Target.Id), aws.ToInt32(t.Target.Port), state, reason, aws.ToString(t.TargetHealth.Description)))
		if remediation == "" {
			remediation = d.targetFix(reason)
		}
	}
	if healthy == 0 {
		if remediation == "" {
			remediation = d.Lang.S("No task is registered: check the ECS service and the stopped tasks.")
		}
		return Result{Check: name, Status: Fail,
			Summary: d.Lang.S("No healthy target: BaseMachina cannot reach the Bridge"),
			Details: details, Remediation: remediation}
	}
	if len(details) > 0 {
		return Result{Check: name, Status: Warn,
			Summary: fmt.Sprintf(d.Lang.S("%d healthy target(s), %d not healthy"), healthy, len(details)),
			Details: details, Remediation: remediation}
	}
	return Result{Check: name, Status: Pass, Summary: fmt.Sprintf(d.Lang.S("%d healthy target(s)"), healthy)}
}

func (d *Doctor) targetFix(reason string) string {
	switch reason {
	case "Target.Timeout", "Target.FailedHealthChecks":
		return d.Lang.S("The Bridge answers /ok only after fetching the public key: check egress to api.basemachina.com:443 through NAT, and that the task security group admits the ALB on the port.")
	case "Target.ResponseCodeMismatch":
		return d.Lang.S("/ok answers something other than 200: check health_check_path and the port.")
	case "Elb.RegistrationInProgress", "Elb.InitialHealthChecking":
		return d.Lang.S("The target was just registered; `bridgectl doctor --wait` waits until it is healthy.")
	case "Target.NotInUse":
		return d.Lang.S("The target group is not attached to the ALB listener.")
	default:
		return d.Lang.S("Check the target group's health check and the task logs.")
	}
}

func (d *Doctor) checkSecurityGroups(ctx context.Context) Result {
	const name = "security-groups"
	if d.Stack.ALBSecurityGroupID == "" || d.Stack.TaskSecurityGroupID == "" {
		return Result{Check: name, Status: Skip, Summary: d.Lang.S("Skipped: alb_security_group_id and task_security_group_id not given")}
	}
	ids := []string{d.Stack.ALBSecurityGroupID, d.Stack.TaskSecurityGroupID}
	if d.Stack.DBSecurityGroupID != "" {
		ids = append(ids, d.Stack.DBSecurityGroupID)
	}
	out, err := d.Clients.EC2.DescribeSecurityGroupRules(ctx, &ec2.DescribeSecurityGroupRulesInput{
		Filters: []ec2types.Filter{{Name: aws.String("group-id"), Values: ids}},
	})
	if err != nil {
		return d.apiError(name, err)
	}
	has := func(group string, egress bool, port int32, cidr, fromGroup string) bool {
		for _, r := range out.SecurityGroupRules {
			if aws.ToString(r.GroupId) != group || aws.ToBool(r.IsEgress) != egress {
				continue
			}
			from, to := aws.ToInt32(r.FromPort), aws.ToInt32(r.ToPort)
			if aws.ToString(r.IpProtocol) != "-1" && (port < from || port > to) {
				continue
			}
			if cidr != "" && aws.ToString(r.CidrIpv4) == cidr {
				return true
			}
			if fromGroup != "" && r.ReferencedGroupInfo != nil && aws.ToString(r.ReferencedGroupInfo.GroupId) == fromGroup {
				return true
			}
		}
		return false
	}
	var missing []string
	for _, c := range d.Stack.AllowedCIDRBlocks {
		if !has(d.Stack.ALBSecurityGroupID, false, 443, c, "") {
			missing = append(missing, fmt.Sprintf(d.Lang.S("allowed source %s -> ALB:443"), c))
		}
	}
	port := int32(d.Stack.BridgePort)
	if !has(d.Stack.ALBSecurityGroupID, true, port, "", d.Stack.TaskSecurityGroupID) {
		missing = append(missing, "ALB -> "+d.Lang.S("tasks")+":"+d.Stack.port()+" ("+d.Lang.S("ALB egress")+")")
	}
	if !has(d.Stack.TaskSecurityGroupID, false, port, "", d.Stack.ALBSecurityGroupID) {
		missing = append(missing, "ALB -> "+d.Lang.S("tasks")+":"+d.Stack.port()+" ("+d.Lang.S("task ingress")+")")
	}
	if d.Stack.DBSecurityGroupID != "" {
		if !has(d.Stack.TaskSecurityGroupID, true, 5432, "", d.Stack.DBSecurityGroupID) {
			missing = append(missing, d.Lang.S("tasks -> RDS:5432 (task egress)"))
		}
		if !has(d.Stack.DBSecurityGroupID, false, 5432, "", d.Stack.TaskSecurityGroupID) {
			missing = append(missing, d.Lang.S("tasks -> RDS:5432 (RDS ingress)"))
		}
	}
	if len(missing) > 0 {
		return Result{Check: name, Status: Fail,
			Summary: d.Lang.S("The security group chain is broken"), Details: missing,
			Remediation: d.Lang.S("Look for rules changed by hand and restore them with terraform apply.")}
	}
	return Result{Check: name, Status: Pass, Summary: d.Lang.S("Allowed source -> ALB -> tasks -> RDS is connected")}
}

func (d *Doctor) checkRoutes(ctx context.Context) Result {
	const name = "nat-routes"
	if len(d.Stack.PrivateSubnetIDs) == 0 {
		return Result{Check: name, Status: Skip, Summary: d.Lang.S("Skipped: private_subnet_ids not given")}
	}
	var missing []string
	for _, subnet := range d.Stack.PrivateSubnetIDs {
		rt, err := d.routeTableFor(ctx, subnet)
		if err != nil {
			return d.apiError(name, err)
		}
		ok := false
		if rt != nil {
			for _, r := range rt.Routes {
				// A NAT gateway, or the NAT instance's network interface (nat_mode = "instance"); a
				// route to an interface with no instance behind it is a blackhole, not active.
				toNAT := strings.HasPrefix(aws.ToString(r.NatGatewayId), "nat-") || strings.HasPrefix(aws.ToString(r.NetworkInterfaceId), "eni-")
				if aws.ToString(r.DestinationCidrBlock) == "0.0.0.0/0" && toNAT && r.State == ec2types.RouteStateActive {
					ok = true
				}
			}
		}
		if !ok {
			missing = append(missing, subnet)
		}
	}
	if len(missing) > 0 {
		return Result{Check: name, Status: Fail,
			Summary:     d.Lang.S("Some private subnets have no active default route to a NAT gateway or NAT instance"),
			Details:     missing,
			Remediation: d.Lang.S("The Bridge must reach api.basemachina.com, which no VPC endpoint provides: add a NAT gateway (modules/network nat_mode) or set https_proxy; with nat_mode = \"instance\", a blackhole route means the NAT instance is down: see its Auto Scaling group.")}
	}
	return Result{Check: name, Status: Pass, Summary: d.Lang.S("Every private subnet leaves through a NAT gateway or NAT instance")}
}

// routeTableFor finds a subnet's route table: its explicit association, else the VPC's main table.
func (d *Doctor) routeTableFor(ctx context.Context, subnet string) (*ec2types.RouteTable, error) {
	out, err := d.Clients.EC2.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{
		Filters: []ec2types.Filter{{Name: aws.String("association.subnet-id"), Values: []string{subnet}}},
	})
	if err != nil {
		return nil, err
	}
	if len(out.RouteTables) > 0 {
		return &out.RouteTables[0], nil
	}
	subnets, err := d.Clients.EC2.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: []string{subnet}})
	if err != nil || len(subnets.Subnets) == 0 {
		return nil, err
	}
	main, err := d.Clients.EC2.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: []ec2types.Filter{
		{Name: aws.String("vpc-id"), Values: []string{aws.ToString(subnets.Subnets[0].VpcId)}},
		{Name: aws.String("association.main"), Values: []string{"true"}},
	}})
	if err != nil || len(main.RouteTables) == 0 {
		return nil, err
	}
	return &main.RouteTables[0], nil
}

func (d *Doctor) checkEndpoints(ctx context.Context) Result {
	const name = "vpc-endpoints"
	if len(d.Stack.PrivateSubnetIDs) == 0 {
		return Result{Check: name, Status: Skip, Summary: d.Lang.S("Skipped: private_subnet_ids not given")}
	}
	subnets, err := d.Clients.EC2.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: d.Stack.PrivateSubnetIDs[:1]})
	if err != nil {
		return d.apiError(name, err)
	}
	if len(subnets.Subnets) == 0 {
		return Result{Check: name, Status: Fail, Summary: d.Lang.S("The private subnet does not exist"), Details: d.Stack.PrivateSubnetIDs[:1]}
	}
	out, err := d.Clients.EC2.DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{Filters: []ec2types.Filter{
		{Name: aws.String("vpc-id"), Values: []string{aws.ToString(subnets.Subnets[0].VpcId)}},
	}})
	if err != nil {
		return d.apiError(name, err)
	}
	var noDNS []string
	count := 0
	for _, e := range out.VpcEndpoints {
		if e.VpcEndpointType != ec2types.VpcEndpointTypeInterface {
			continue
		}
		count++
		if !aws.ToBool(e.PrivateDnsEnabled) {
			noDNS = append(noDNS, aws.ToString(e.ServiceName))
		}
	}
	if len(noDNS) > 0 {
		return Result{Check: name, Status: Warn,
			Summary:     d.Lang.S("Some interface endpoints have private DNS off"),
			Details:     noDNS,
			Remediation: d.Lang.S("Fine if another endpoint for the service resolves its name; otherwise that traffic goes through NAT (or fails).")}
	}
	return Result{Check: name, Status: Pass, Summary: fmt.Sprintf(d.Lang.S("%d interface endpoint(s), all with private DNS"), count)}
}
