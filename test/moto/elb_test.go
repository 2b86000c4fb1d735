package moto

import "net/url"

// elbRefusals exercise checkAccessLogBucket (elb.go); TestTheFrontRefusesWhatAWSRefuses
// (refusals_test.go) runs them.
var elbRefusals = []refusalCase{
	{name: "access logs granted to another Region's ELB account", service: "elasticloadbalancing",
		policy: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::127311923021:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::logs/alb/AWSLogs/123456789012/*"}]}`,
		form:   logAttributes("logs", "alb"), refusal: "Access Denied for bucket"},
	{name: "access logs granted to Tokyo's ELB account", service: "elasticloadbalancing",
		policy: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::582318560864:root"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::logs/alb/AWSLogs/123456789012/*"}]}`,
		form:   logAttributes("logs", "alb")},
}

func logAttributes(bucket, prefix string) url.Values {
	return url.Values{"Action": {"ModifyLoadBalancerAttributes"}, "LoadBalancerArn": {"arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/x/1"},
		"Attributes.member.1.Key": {"access_logs.s3.enabled"}, "Attributes.member.1.Value": {"true"},
		"Attributes.member.2.Key": {"access_logs.s3.bucket"}, "Attributes.member.2.Value": {bucket},
		"Attributes.member.3.Key": {"access_logs.s3.prefix"}, "Attributes.member.3.Value": {prefix}}
}
