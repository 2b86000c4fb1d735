package moto

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"terraform-basemachina-modules/test/iamsim"
)

// This file reads from moto what judgeTask needs: the task definition, its execution role's
// policies, the secrets' keys, and the network the task is placed in.

const ecsTarget = "AmazonEC2ContainerServiceV20141113."

// taskDefinitionDoc is the part of a task definition ECS reads to start its task.
type taskDefinitionDoc struct {
	TaskDefinitionArn    string `json:"taskDefinitionArn"`
	ExecutionRoleArn     string `json:"executionRoleArn"`
	TaskRoleArn          string `json:"taskRoleArn"`
	ContainerDefinitions []struct {
		Name        string `json:"name"`
		Image       string `json:"image"`
		Essential   *bool  `json:"essential"`
		Environment []struct{ Name, Value string }
		Secrets     []struct {
			ValueFrom string `json:"valueFrom"`
		} `json:"secrets"`
		LogConfiguration *struct {
			LogDriver string            `json:"logDriver"`
			Options   map[string]string `json:"options"`
		} `json:"logConfiguration"`
	} `json:"containerDefinitions"`
}

// placement is where a task runs: its subnets and groups, and the load balancer before it.
type placement struct {
	Subnets, SecurityGroups []string
	PublicIP                bool
	TargetGroupArn          string
	ContainerPort           int
}

func (f *Front) taskDefinition(r *http.Request, arn string) (taskDefinitionDoc, error) {
	var out struct {
		TaskDefinition taskDefinitionDoc `json:"taskDefinition"`
	}
	// Asked as ECS whatever the caller's service: target health (ELB) reads task definitions too.
	err := f.moto.askJSON(r, "ecs", ecsTarget+"DescribeTaskDefinition", map[string]string{"taskDefinition": arn}, &out)
	return out.TaskDefinition, err
}

// gatherTaskFacts reads everything judgeTask decides on for a task of td placed at p.
func (f *Front) gatherTaskFacts(r *http.Request, td taskDefinitionDoc, p placement) (taskFacts, error) {
	facts := taskFacts{Account: f.account, Region: regionOf(r), CacheRules: map[string]bool{}, Repositories: map[string]bool{}}
	if td.ExecutionRoleArn != "" {
		role, err := f.principal(r, td.ExecutionRoleArn)
		if err != nil {
			return facts, fmt.Errorf("execution role %s: %w", td.ExecutionRoleArn, err)
		}
		facts.ExecutionRole = &role
	}
	f.mu.Lock()
	for prefix := range f.ecr.cacheRules {
		facts.CacheRules[prefix] = true
	}
	f.mu.Unlock()
	var repos struct {
		Repositories []struct {
			RepositoryName string `json:"repositoryName"`
		} `json:"repositories"`
	}
	if err := f.moto.askJSON(r, "ecr", "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories", map[string]any{}, &repos); err == nil {
		for _, repo := range repos.Repositories {
			facts.Repositories[repo.RepositoryName] = true
		}
	}
	for _, c := range td.ContainerDefinitions {
		facts.Images = append(facts.Images, c.Image)
		for _, s := range c.Secrets {
			ref := secretRef{ARN: secretARN(s.ValueFrom)}
			if !strings.Contains(ref.ARN, ":secretsmanager:") {
				continue
			}
			var desc struct {
				KmsKeyID string `json:"KmsKeyId"`
			}
			err := f.moto.askJSON(r, "secretsmanager", "secretsmanager.DescribeSecret", map[string]string{"SecretId": ref.ARN}, &desc)
			switch {
			case err != nil && (strings.Contains(err.Error(), "400") || strings.Contains(err.Error(), "404")):
				// ResourceNotFoundException (moto answers it with 404).
				ref.Missing = true
			case err != nil:
				return facts, fmt.Errorf("secret %s: %w", ref.ARN, err)
			case strings.HasPrefix(desc.KmsKeyID, "arn:"):
				ref.KMSKey = desc.KmsKeyID
			}
			facts.Secrets = append(facts.Secrets, ref)
		}
		if lc := c.LogConfiguration; lc != nil && lc.LogDriver == "awslogs" && lc.Options["awslogs-group"] != "" {
			facts.LogGroups = append(facts.LogGroups, lc.Options["awslogs-group"])
		}
		for _, e := range c.Environment {
			if strings.EqualFold(e.Name, "HTTPS_PROXY") && e.Value != "" {
				facts.Proxied = true
			}
		}
	}
	network, err := f.networkOf(r, p)
	if err != nil {
		return facts, err
	}
	facts.Network = network
	if p.TargetGroupArn != "" {
		b, err := f.balancerOf(r, p)
		if err != nil {
			return facts, err
		}
		facts.Balanced = &b
	}
	return facts, nil
}

// secretARN is the secret of an ECS valueFrom: a Secrets Manager ARN may carry
// :json-key:version-stage:version-id after the secret's own seven parts.
func secretARN(valueFrom string) string {
	parts := strings.Split(valueFrom, ":")
	if len(parts) > 7 {
		parts = parts[:7]
	}
	return strings.Join(parts, ":")
}

// principal reads a role as IAM holds it: inline and attached policies, and its boundary.
func (f *Front) principal(r *http.Request, roleARN string) (iamsim.Principal, error) {
	name := roleARN[strings.LastIndex(roleARN, "/")+1:]
	p, err := ReadRole(func(form url.Values) ([]byte, error) { return f.moto.iamQuery(r, form) }, name)
	p.ARN = roleARN
	return p, err
}

// networkOf is what every one of the task's subnets reaches: a task may be placed in any of them.
func (f *Front) networkOf(r *http.Request, p placement) (networkFacts, error) {
	out := networkFacts{Internet: len(p.Subnets) > 0}
	first := true
	for _, subnet := range p.Subnets {
		n, err := f.subnetReach(r, subnet, p.PublicIP)
		if err != nil {
			return out, err
		}
		out.Internet = out.Internet && n.Internet
		if first {
			out.Endpoints = n.Endpoints
			first = false
			continue
		}
		for s := range out.Endpoints {
			if !n.Endpoints[s] {
				delete(out.Endpoints, s)
			}
		}
	}
	return out, nil
}

type ec2RouteTables struct {
	Tables []struct {
		ID     string `xml:"routeTableId"`
		Routes []struct {
			Destination string `xml:"destinationCidrBlock"`
			Gateway     string `xml:"gatewayId"`
			NAT         string `xml:"natGatewayId"`
			Interface   string `xml:"networkInterfaceId"`
			Instance    string `xml:"instanceId"`
		} `xml:"routeSet>item"`
	} `xml:"routeTableSet>item"`
}

func (f *Front) subnetReach(r *http.Request, subnet string, publicIP bool) (networkFacts, error) {
	out := networkFacts{Endpoints: map[string]bool{}}
	sub, err := f.moto.ec2Query(r, url.Values{"Action": {"DescribeSubnets"}, "SubnetId.1": {subnet}})
	if err != nil {
		return out, err
	}
	vpc := xmlValue(sub, "vpcId")
	var tables ec2RouteTables
	data, err := f.moto.ec2Query(r, url.Values{"Action": {"DescribeRouteTables"}, "Filter.1.Name": {"association.subnet-id"}, "Filter.1.Value.1": {subnet}})
	if err == nil {
		err = xml.Unmarshal(data, &tables)
	}
	if err != nil {
		return out, fmt.Errorf("route tables of %s: %w", subnet, err)
	}
	if len(tables.Tables) == 0 {
		// A subnet without an association uses its VPC's main route table.
		data, err = f.moto.ec2Query(r, url.Values{"Action": {"DescribeRouteTables"}, "Filter.1.Name": {"vpc-id"}, "Filter.1.Value.1": {vpc}, "Filter.2.Name": {"association.main"}, "Filter.2.Value.1": {"true"}})
		if err == nil {
			err = xml.Unmarshal(data, &tables)
		}
		if err != nil {
			return out, fmt.Errorf("main route table of %s: %w", vpc, err)
		}
	}
	table := ""
	for _, t := range tables.Tables {
		table = t.ID
		for _, route := range t.Routes {
			if route.Destination != "0.0.0.0/0" {
				continue
			}
			switch {
			case route.NAT != "", route.Interface != "", route.Instance != "":
				out.Internet = true
			case strings.HasPrefix(route.Gateway, "igw-") && publicIP:
				out.Internet = true
			}
		}
	}
	var endpoints struct {
		Items []struct {
			Service    string   `xml:"serviceName"`
			Type       string   `xml:"vpcEndpointType"`
			PrivateDNS string   `xml:"privateDnsEnabled"`
			Tables     []string `xml:"routeTableIdSet>item"`
			State      string   `xml:"state"`
		} `xml:"vpcEndpointSet>item"`
	}
	data, err = f.moto.ec2Query(r, url.Values{"Action": {"DescribeVpcEndpoints"}, "Filter.1.Name": {"vpc-id"}, "Filter.1.Value.1": {vpc}})
	if err == nil {
		err = xml.Unmarshal(data, &endpoints)
	}
	if err != nil {
		return out, fmt.Errorf("endpoints of %s: %w", vpc, err)
	}
	prefix := "com.amazonaws." + regionOf(r) + "."
	for _, e := range endpoints.Items {
		name, ok := strings.CutPrefix(e.Service, prefix)
		if !ok {
			continue
		}
		switch {
		case strings.EqualFold(e.Type, "Gateway"):
			for _, t := range e.Tables {
				if t == table {
					out.Endpoints[name] = true
				}
			}
		case strings.EqualFold(e.Type, "Interface") && e.PrivateDNS == "true":
			out.Endpoints[name] = true
		}
	}
	return out, nil
}

type ec2Permission struct {
	Protocol string   `xml:"ipProtocol"`
	From     string   `xml:"fromPort"`
	To       string   `xml:"toPort"`
	Groups   []string `xml:"groups>item>groupId"`
	Ranges   []string `xml:"ipRanges>item>cidrIp"`
}

func (p ec2Permission) covers(port int) bool {
	if p.Protocol == "-1" {
		return true
	}
	from, err1 := strconv.Atoi(p.From)
	to, err2 := strconv.Atoi(p.To)
	return p.Protocol == "tcp" && err1 == nil && err2 == nil && from <= port && port <= to
}

// admits tells whether a rule lets traffic of one of groups (or any address) through on port.
func (p ec2Permission) admits(port int, groups []string) bool {
	if !p.covers(port) {
		return false
	}
	for _, g := range p.Groups {
		for _, want := range groups {
			if g == want {
				return true
			}
		}
	}
	for _, cidr := range p.Ranges {
		if cidr == "0.0.0.0/0" {
			return true
		}
	}
	return false
}

type ec2Groups struct {
	Items []struct {
		ID      string          `xml:"groupId"`
		Ingress []ec2Permission `xml:"ipPermissions>item"`
		Egress  []ec2Permission `xml:"ipPermissionsEgress>item"`
	} `xml:"securityGroupInfo>item"`
}

// balancerOf reads the security groups between the service's load balancer and its tasks.
func (f *Front) balancerOf(r *http.Request, p placement) (balancerFacts, error) {
	out := balancerFacts{Port: p.ContainerPort}
	tg, err := f.moto.ask(r, "elasticloadbalancing", []byte(url.Values{"Action": {"DescribeTargetGroups"}, "Version": {"2015-12-01"}, "TargetGroupArns.member.1": {p.TargetGroupArn}}.Encode()), "")
	if err != nil {
		return out, fmt.Errorf("target group %s: %w", p.TargetGroupArn, err)
	}
	var tgs struct {
		Groups []struct {
			LoadBalancers []string `xml:"LoadBalancerArns>member"`
		} `xml:"DescribeTargetGroupsResult>TargetGroups>member"`
	}
	if err := xml.Unmarshal(tg, &tgs); err != nil {
		return out, err
	}
	lb := ""
	for _, g := range tgs.Groups {
		if len(g.LoadBalancers) > 0 {
			lb = g.LoadBalancers[0]
		}
	}
	if lb == "" {
		// A target group no load balancer uses sends no health check: nothing reaches the task.
		return out, nil
	}
	lbs, err := f.moto.ask(r, "elasticloadbalancing", []byte(url.Values{"Action": {"DescribeLoadBalancers"}, "Version": {"2015-12-01"}, "LoadBalancerArns.member.1": {lb}}.Encode()), "")
	if err != nil {
		return out, fmt.Errorf("load balancer %s: %w", lb, err)
	}
	var described struct {
		Balancers []struct {
			Groups []string `xml:"SecurityGroups>member"`
		} `xml:"DescribeLoadBalancersResult>LoadBalancers>member"`
	}
	if err := xml.Unmarshal(lbs, &described); err != nil {
		return out, err
	}
	var albGroups []string
	for _, b := range described.Balancers {
		albGroups = append(albGroups, b.Groups...)
	}
	groups := func(ids []string) (ec2Groups, error) {
		form := url.Values{"Action": {"DescribeSecurityGroups"}}
		for i, id := range ids {
			form.Set("GroupId."+strconv.Itoa(i+1), id)
		}
		var g ec2Groups
		data, err := f.moto.ec2Query(r, form)
		if err == nil {
			err = xml.Unmarshal(data, &g)
		}
		return g, err
	}
	tasks, err := groups(p.SecurityGroups)
	if err != nil {
		return out, err
	}
	for _, g := range tasks.Items {
		for _, rule := range g.Ingress {
			out.TaskAdmitsALB = out.TaskAdmitsALB || rule.admits(p.ContainerPort, albGroups)
		}
	}
	if len(albGroups) == 0 {
		return out, nil
	}
	alb, err := groups(albGroups)
	if err != nil {
		return out, err
	}
	for _, g := range alb.Items {
		for _, rule := range g.Egress {
			out.ALBReachesTasks = out.ALBReachesTasks || rule.admits(p.ContainerPort, p.SecurityGroups)
		}
	}
	return out, nil
}
