package moto

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
)

// AWS refuses some requests that moto 5.2.1 accepts. The stacks depend on each of these checks, so
// the front makes them before moto sees the request and answers with AWS's error.

// refuse answers a request AWS would refuse, with AWS's error; it returns false to let it through.
func (f *Front) refuse(w http.ResponseWriter, r *http.Request, service, action string, body []byte) bool {
	var err error
	switch service + "." + action {
	case "elasticache.CreateUserGroup":
		err = f.checkDefaultUser(r, body)
	case "rds.CreateDBInstance", "rds.ModifyDBInstance":
		err = f.checkMonitoringRole(r, body)
	case "ecs.CreateService", "ecs.UpdateService":
		err = f.checkCapacityProviders(r, body)
	case "elasticloadbalancing.ModifyLoadBalancerAttributes":
		err = f.checkAccessLogBucket(r, body)
	case "autoscaling.CreateAutoScalingGroup", "autoscaling.UpdateAutoScalingGroup":
		err = f.checkImageParameter(r, body)
	}
	if err == nil {
		return false
	}
	var ae apiError
	if !asAPIError(err, &ae) {
		return false
	}
	if service == "ecs" {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"__type": ae.code, "message": ae.message})
		return true
	}
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>emulator-front</RequestId></ErrorResponse>`,
		ae.code, escape(ae.message))
	return true
}

func asAPIError(err error, out *apiError) bool {
	return errors.As(err, out)
}

// checkDefaultUser: a Redis user group must hold a user whose user name is "default" (ElastiCache
// API Reference, CreateUserGroup, error DefaultUserRequired).
func (f *Front) checkDefaultUser(r *http.Request, body []byte) error {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil
	}
	for _, id := range members(form, "UserIds") {
		out, err := f.moto.ask(r, "elasticache", []byte(url.Values{"Action": {"DescribeUsers"}, "Version": {"2015-02-02"}, "UserId": {id}}.Encode()), "")
		if err == nil && xmlValue(out, "UserName") == "default" {
			return nil
		}
	}
	return apiError{"DefaultUserRequired", "You must add default user to a user group."}
}

// checkMonitoringRole: Enhanced Monitoring's role must trust monitoring.rds.amazonaws.com (Amazon
// RDS User Guide, "Setting up and enabling Enhanced Monitoring"); RDS refuses another.
func (f *Front) checkMonitoringRole(r *http.Request, body []byte) error {
	form, err := url.ParseQuery(string(body))
	if err != nil || form.Get("MonitoringRoleArn") == "" || form.Get("MonitoringInterval") == "0" {
		return nil
	}
	arn := form.Get("MonitoringRoleArn")
	out, err := f.moto.iamQuery(r, url.Values{"Action": {"GetRole"}, "RoleName": {arn[strings.LastIndex(arn, "/")+1:]}})
	if err != nil {
		return apiError{"InvalidParameterValue", "IAM role ARN value is invalid or does not include the required permissions for: ENHANCED_MONITORING"}
	}
	trust, _ := url.QueryUnescape(xmlValue(out, "AssumeRolePolicyDocument"))
	if !trusts(trust, "monitoring.rds.amazonaws.com") {
		return apiError{"InvalidParameterValue", "IAM role ARN value is invalid or does not include the required permissions for: ENHANCED_MONITORING"}
	}
	return nil
}

// trusts tells whether a trust policy allows sts:AssumeRole to the service principal.
func trusts(policy, service string) bool {
	var doc struct {
		Statement []struct {
			Effect    string
			Action    any
			Principal struct{ Service any }
		}
	}
	if json.Unmarshal([]byte(policy), &doc) != nil {
		return false
	}
	for _, s := range doc.Statement {
		if s.Effect == "Allow" && slices.Contains(stringList(s.Action), "sts:AssumeRole") && slices.Contains(stringList(s.Principal.Service), service) {
			return true
		}
	}
	return false
}

func stringList(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		return anyStrings(x)
	}
	return nil
}

// checkCapacityProviders: a service's strategy may name only capacity providers associated with
// its cluster (Amazon ECS API Reference, CreateService, capacityProviderStrategy).
func (f *Front) checkCapacityProviders(r *http.Request, body []byte) error {
	var in struct {
		Cluster                  string `json:"cluster"`
		CapacityProviderStrategy []struct {
			CapacityProvider string `json:"capacityProvider"`
		} `json:"capacityProviderStrategy"`
	}
	if json.Unmarshal(body, &in) != nil || len(in.CapacityProviderStrategy) == 0 {
		return nil
	}
	var clusters struct {
		Clusters []struct {
			CapacityProviders []string `json:"capacityProviders"`
		} `json:"clusters"`
	}
	if err := f.moto.askJSON(r, "ecs", ecsTarget+"DescribeClusters", map[string][]string{"clusters": {in.Cluster}}, &clusters); err != nil || len(clusters.Clusters) != 1 {
		return nil
	}
	for _, s := range in.CapacityProviderStrategy {
		if !slices.Contains(clusters.Clusters[0].CapacityProviders, s.CapacityProvider) {
			return apiError{"InvalidParameterException", "The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again."}
		}
	}
	return nil
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

// checkImageParameter: a launch template's image given as resolve:ssm:<parameter> is resolved
// when an instance launches, not when the template is created (Amazon EC2 User Guide,
// "Restrictions for Amazon EC2 launch templates": parameters are not fully validated at creation;
// "Use a Systems Manager parameter instead of an AMI ID"). A group launching from a template whose
// parameter does not exist records a failed scaling activity, which the provider reports as the
// apply's error; the front refuses the group's call with that reason instead, which fails the
// apply the same way without the wait.
func (f *Front) checkImageParameter(r *http.Request, body []byte) error {
	form, err := url.ParseQuery(string(body))
	if err != nil || form.Get("LaunchTemplate.LaunchTemplateId") == "" {
		return nil
	}
	q := url.Values{"Action": {"DescribeLaunchTemplateVersions"}, "LaunchTemplateId": {form.Get("LaunchTemplate.LaunchTemplateId")}}
	if v := form.Get("LaunchTemplate.Version"); v != "" {
		q.Set("LaunchTemplateVersion.1", v)
	}
	out, err := f.moto.ec2Query(r, q)
	if err != nil {
		return nil
	}
	name, ok := strings.CutPrefix(xmlValue(out, "imageId"), "resolve:ssm:")
	if !ok {
		return nil
	}
	payload, _ := json.Marshal(map[string]string{"Name": name})
	if _, err := f.moto.ask(r, "ssm", payload, "AmazonSSM.GetParameter"); err != nil {
		return apiError{"ValidationError", "Launching a new EC2 instance. Status Reason: The parameter " + name + " of resolve:ssm: in the launch template's image does not exist. Launching EC2 instance failed."}
	}
	return nil
}
