package moto

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
)

// ECS registers a service's running tasks with its target group, and Elastic Load Balancing
// reports each healthy once it passes the health check (Elastic Load Balancing User Guide, "Target
// health status"). moto runs no task and registers nothing, so the front answers
// DescribeTargetHealth for a service's target group from the runtime model: one healthy target per
// task the service runs, or one unhealthy target with the model's reason when none can run.

// elbState is what the front holds for Elastic Load Balancing.
type elbState struct {
	targetGroups map[string][2]string // target group ARN -> the ECS cluster and service behind it
}

func newELBState() elbState { return elbState{targetGroups: map[string][2]string{}} }

func (f *Front) elbService() awsService {
	return awsService{
		name: "elasticloadbalancing",
		serve: func(w http.ResponseWriter, r *http.Request, action string, body []byte) bool {
			return action == "DescribeTargetHealth" && f.serveTargetHealth(w, r, body)
		},
		refuse: map[string]func(*http.Request, []byte) error{"ModifyLoadBalancerAttributes": f.checkAccessLogBucket},
	}
}

// rememberTargetGroups keeps which service a CreateService put behind which target group.
func (f *Front) rememberTargetGroups(reqBody []byte) {
	var in struct {
		Cluster       string `json:"cluster"`
		ServiceName   string `json:"serviceName"`
		LoadBalancers []struct {
			TargetGroupArn string `json:"targetGroupArn"`
		} `json:"loadBalancers"`
	}
	if json.Unmarshal(reqBody, &in) != nil || in.ServiceName == "" {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, lb := range in.LoadBalancers {
		f.elb.targetGroups[lb.TargetGroupArn] = [2]string{in.Cluster, in.ServiceName}
	}
}

// serveTargetHealth answers DescribeTargetHealth for a target group a service uses; it returns
// false for any other, which moto answers.
func (f *Front) serveTargetHealth(w http.ResponseWriter, r *http.Request, body []byte) bool {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return false
	}
	tg := form.Get("TargetGroupArn")
	f.mu.Lock()
	owner, ok := f.elb.targetGroups[tg]
	f.mu.Unlock()
	if !ok {
		return false
	}
	payload, _ := json.Marshal(map[string]any{"cluster": owner[0], "services": []string{owner[1]}})
	described, err := f.moto.ask(r, "ecs", payload, ecsTarget+"DescribeServices")
	if err != nil {
		return false
	}
	var out struct {
		Services []map[string]any `json:"services"`
	}
	if json.Unmarshal(f.reportServices(r, f.reportStrategies(described)), &out) != nil || len(out.Services) != 1 {
		return false
	}
	svc := out.Services[0]
	running, _ := svc["runningCount"].(float64)
	desired, _ := svc["desiredCount"].(float64)
	p := servicePlacement(svc)
	base := f.firstAddress(r, p.Subnets)
	var b strings.Builder
	for i := 0; i < int(running); i++ {
		fmt.Fprintf(&b, "<member><Target><Id>%s</Id><Port>%d</Port></Target><HealthCheckPort>%d</HealthCheckPort><TargetHealth><State>healthy</State></TargetHealth></member>",
			offset(base, 10+i), p.ContainerPort, p.ContainerPort)
	}
	if running == 0 && desired > 0 {
		reason := ""
		if events, _ := svc["events"].([]any); len(events) > 0 {
			e, _ := events[0].(map[string]any)
			reason = stringField(e, "message")
		}
		fmt.Fprintf(&b, "<member><Target><Id>%s</Id><Port>%d</Port></Target><HealthCheckPort>%d</HealthCheckPort><TargetHealth><State>unhealthy</State><Reason>Target.FailedHealthChecks</Reason><Description>%s</Description></TargetHealth></member>",
			offset(base, 10), p.ContainerPort, p.ContainerPort, escape(reason))
	}
	w.Header().Set("Content-Type", "text/xml")
	_, _ = fmt.Fprintf(w, `<DescribeTargetHealthResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><DescribeTargetHealthResult><TargetHealthDescriptions>%s</TargetHealthDescriptions></DescribeTargetHealthResult><ResponseMetadata><RequestId>emulator-front</RequestId></ResponseMetadata></DescribeTargetHealthResponse>`, b.String())
	return true
}

// firstAddress is the network address of the first subnet, where the tasks' addresses are drawn.
func (f *Front) firstAddress(r *http.Request, subnets []string) net.IP {
	if len(subnets) > 0 {
		if out, err := f.moto.ec2Query(r, url.Values{"Action": {"DescribeSubnets"}, "SubnetId.1": {subnets[0]}}); err == nil {
			if _, cidr, err := net.ParseCIDR(xmlValue(out, "cidrBlock")); err == nil {
				return cidr.IP.To4()
			}
		}
	}
	return net.IPv4(10, 0, 0, 0).To4()
}

func offset(ip net.IP, n int) string {
	out := make(net.IP, len(ip))
	copy(out, ip)
	out[len(out)-1] += byte(n)
	return out.String()
}

// elbLogAccounts are the accounts Elastic Load Balancing writes access logs as, in the Regions it
// served before August 2022 (Elastic Load Balancing User Guide for Application Load Balancers,
// "Enable access logs for your Application Load Balancer"); newer Regions use the service principal
// logdelivery.elasticloadbalancing.amazonaws.com. Only the Regions the cycles use are listed: the
// front's own copy, so a module that names the wrong account is refused.
var elbLogAccounts = map[string]string{"ap-northeast-1": "582318560864", "us-east-1": "127311923021"}

// checkAccessLogBucket: turning access logs on, ELB checks that the bucket's policy lets it write
// <prefix>/AWSLogs/<account>/ and refuses with "Access Denied for bucket" otherwise.
func (f *Front) checkAccessLogBucket(r *http.Request, body []byte) error {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil
	}
	attrs := map[string]string{}
	for i := 1; ; i++ {
		k := form.Get(fmt.Sprintf("Attributes.member.%d.Key", i))
		if k == "" {
			break
		}
		attrs[k] = form.Get(fmt.Sprintf("Attributes.member.%d.Value", i))
	}
	if attrs["access_logs.s3.enabled"] != "true" {
		return nil
	}
	bucket := attrs["access_logs.s3.bucket"]
	object := "arn:aws:s3:::" + bucket + "/"
	if p := attrs["access_logs.s3.prefix"]; p != "" {
		object += p + "/"
	}
	object += "AWSLogs/" + f.account + "/ELBAccessLogTestFile"
	policy := f.bucketPolicy(bucket)
	principal := "logdelivery.elasticloadbalancing.amazonaws.com"
	if a, ok := elbLogAccounts[regionOf(r)]; ok {
		principal = "arn:aws:iam::" + a + ":root"
	}
	if !allowsPut(policy, principal, object) {
		return apiError{"InvalidConfigurationRequest", "Access Denied for bucket: " + bucket + ". Please check S3bucket permission"}
	}
	return nil
}

// allowsPut tells whether a bucket policy has an Allow of s3:PutObject on object for principal (an
// account root ARN or a service principal). Conditions are not read: the modules' log statements
// carry none, and ELB's own check ignores them.
func allowsPut(policy []byte, principal, object string) bool {
	var doc struct {
		Statement []struct {
			Effect    string
			Action    any
			Resource  any
			Principal any
		}
	}
	if json.Unmarshal(policy, &doc) != nil {
		return false
	}
	for _, s := range doc.Statement {
		if s.Effect != "Allow" {
			continue
		}
		var principals []string
		switch p := s.Principal.(type) {
		case map[string]any:
			principals = append(stringList(p["AWS"]), stringList(p["Service"])...)
		case string:
			principals = []string{p}
		}
		if !slices.Contains(principals, principal) && !slices.Contains(principals, "*") {
			continue
		}
		actionOK := false
		for _, a := range stringList(s.Action) {
			if ok, _ := path.Match(strings.ReplaceAll(a, "*", "[!/]*"), "s3:PutObject"); ok || a == "s3:*" || a == "*" {
				actionOK = true
			}
		}
		for _, res := range stringList(s.Resource) {
			if actionOK && wildcardMatch(res, object) {
				return true
			}
		}
	}
	return false
}

// wildcardMatch matches an IAM resource pattern (* and ? across "/") against a name.
func wildcardMatch(pattern, name string) bool {
	if pattern == "" {
		return name == ""
	}
	switch pattern[0] {
	case '*':
		for i := 0; i <= len(name); i++ {
			if wildcardMatch(pattern[1:], name[i:]) {
				return true
			}
		}
		return false
	case '?':
		return name != "" && wildcardMatch(pattern[1:], name[1:])
	}
	return name != "" && pattern[0] == name[0] && wildcardMatch(pattern[1:], name[1:])
}
