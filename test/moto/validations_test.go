package moto

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Each AWS check the front makes refuses the wrong input with AWS's error and lets the right one
// through to moto.
func TestTheFrontRefusesWhatAWSRefuses(t *testing.T) {
	trust := func(service string) string {
		return url.QueryEscape(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"` + service + `"},"Action":"sts:AssumeRole"}]}`)
	}
	cases := []struct {
		name    string
		answers map[string]string
		fail    map[string]int
		policy  string // the access log bucket's policy, as the caller put it
		service string
		form    url.Values
		json    string
		target  string
		refusal string // empty: moto gets the request
	}{
		{name: "a user group without the default user", service: "elasticache",
			answers: map[string]string{"DescribeUsers": "<DescribeUsersResponse><DescribeUsersResult><Users><member><UserName>app</UserName></member></Users></DescribeUsersResult></DescribeUsersResponse>"},
			form:    url.Values{"Action": {"CreateUserGroup"}, "UserGroupId": {"g"}, "UserIds.member.1": {"app"}}, refusal: "DefaultUserRequired"},
		{name: "Enhanced Monitoring with a role ECS trusts", service: "rds",
			answers: map[string]string{"GetRole": "<GetRoleResponse><GetRoleResult><Role><AssumeRolePolicyDocument>" + trust("ecs-tasks.amazonaws.com") + "</AssumeRolePolicyDocument></Role></GetRoleResult></GetRoleResponse>"},
			form:    url.Values{"Action": {"CreateDBInstance"}, "DBInstanceIdentifier": {"db"}, "MonitoringInterval": {"60"}, "MonitoringRoleArn": {"arn:aws:iam::123456789012:role/monitoring"}}, refusal: "ENHANCED_MONITORING"},
		{name: "Enhanced Monitoring with the role RDS trusts", service: "rds",
			answers: map[string]string{"GetRole": "<GetRoleResponse><GetRoleResult><Role><AssumeRolePolicyDocument>" + trust("monitoring.rds.amazonaws.com") + "</AssumeRolePolicyDocument></Role></GetRoleResult></GetRoleResponse>"},
			form:    url.Values{"Action": {"CreateDBInstance"}, "DBInstanceIdentifier": {"db"}, "MonitoringInterval": {"60"}, "MonitoringRoleArn": {"arn:aws:iam::123456789012:role/monitoring"}}},
		{name: "a Spot strategy on a cluster without FARGATE_SPOT", service: "ecs", target: ecsTarget + "CreateService",
			answers: map[string]string{"DescribeClusters": `{"clusters":[{"capacityProviders":["FARGATE"]}]}`},
			json:    `{"cluster":"c","serviceName":"s","capacityProviderStrategy":[{"capacityProvider":"FARGATE_SPOT","weight":1}]}`, refusal: "not associated with the cluster"},
		{name: "a Spot strategy on a cluster with it", service: "ecs", target: ecsTarget + "CreateService",
			answers: map[string]string{"DescribeClusters": `{"clusters":[{"capacityProviders":["FARGATE","FARGATE_SPOT"]}]}`},
			json:    `{"cluster":"c","serviceName":"s","capacityProviderStrategy":[{"capacityProvider":"FARGATE_SPOT","weight":1}]}`},
		{name: "access logs granted to another Region's ELB account", service: "elasticloadbalancing",
			policy: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::127311923021:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::logs/alb/AWSLogs/123456789012/*"}]}`,
			form:   logAttributes("logs", "alb"), refusal: "Access Denied for bucket"},
		{name: "access logs granted to Tokyo's ELB account", service: "elasticloadbalancing",
			policy: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::582318560864:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::logs/alb/AWSLogs/123456789012/*"}]}`,
			form:   logAttributes("logs", "alb")},
		{name: "a launch template image parameter that does not exist", service: "autoscaling",
			answers: map[string]string{"DescribeLaunchTemplateVersions": "<x><imageId>resolve:ssm:/aws/service/missing</imageId></x>"}, fail: map[string]int{"GetParameter": 1},
			form: url.Values{"Action": {"CreateAutoScalingGroup"}, "AutoScalingGroupName": {"nat"}, "LaunchTemplate.LaunchTemplateId": {"lt-1"}}, refusal: "/aws/service/missing"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, u := newTestFront(t, c.answers)
			u.fail = c.fail
			if c.policy != "" {
				f.s3.policies["logs"] = []byte(c.policy)
			}
			var code int
			var body string
			if c.json != "" {
				req, _ := http.NewRequest(http.MethodPost, f.URL+"/", strings.NewReader(c.json))
				req.Header.Set("Authorization", auth(c.service))
				req.Header.Set("X-Amz-Target", c.target)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer func() { _ = resp.Body.Close() }()
				buf := new(strings.Builder)
				_, _ = io.Copy(buf, resp.Body)
				code, body = resp.StatusCode, buf.String()
			} else {
				code, body = callService(t, f, c.service, c.form)
			}
			reached := strings.Join(u.reached, ",")
			action := c.form.Get("Action")
			if c.json != "" {
				action = strings.TrimPrefix(c.target, ecsTarget)
			}
			switch {
			case c.refusal != "" && (code != http.StatusBadRequest || !strings.Contains(body, c.refusal)):
				t.Errorf("wanted a refusal saying %q, got %d %s", c.refusal, code, body)
			case c.refusal != "" && strings.Contains(reached, action):
				t.Errorf("the refused %s reached moto: %s", action, reached)
			case c.refusal == "" && !strings.Contains(reached, action):
				t.Errorf("the valid %s did not reach moto (%d %s): %s", action, code, body, reached)
			}
		})
	}
}

func logAttributes(bucket, prefix string) url.Values {
	return url.Values{"Action": {"ModifyLoadBalancerAttributes"}, "LoadBalancerArn": {"arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/x/1"},
		"Attributes.member.1.Key": {"access_logs.s3.enabled"}, "Attributes.member.1.Value": {"true"},
		"Attributes.member.2.Key": {"access_logs.s3.bucket"}, "Attributes.member.2.Value": {bucket},
		"Attributes.member.3.Key": {"access_logs.s3.prefix"}, "Attributes.member.3.Value": {prefix}}
}
