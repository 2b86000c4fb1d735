package moto

import "net/url"

// trustPolicy is a role's trust policy letting service assume it, as IAM's GetRole answers it.
func trustPolicy(service string) string {
	return url.QueryEscape(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"` + service + `"},"Action":"sts:AssumeRole"}]}`)
}

// rdsRefusals exercise checkMonitoringRole (rds.go); TestTheFrontRefusesWhatAWSRefuses
// (refusals_test.go) runs them.
var rdsRefusals = []refusalCase{
	{name: "Enhanced Monitoring with a role ECS trusts", service: "rds",
		answers: map[string]string{"GetRole": "<GetRoleResponse><GetRoleResult><Role><AssumeRolePolicyDocument>" + trustPolicy("ecs-tasks.amazonaws.com") + "</AssumeRolePolicyDocument></Role></GetRoleResult></GetRoleResponse>"},
		form:    url.Values{"Action": {"CreateDBInstance"}, "DBInstanceIdentifier": {"db"}, "MonitoringInterval": {"60"}, "MonitoringRoleArn": {"arn:aws:iam::123456789012:role/monitoring"}}, refusal: "ENHANCED_MONITORING"},
	{name: "Enhanced Monitoring with the role RDS trusts", service: "rds",
		answers: map[string]string{"GetRole": "<GetRoleResponse><GetRoleResult><Role><AssumeRolePolicyDocument>" + trustPolicy("monitoring.rds.amazonaws.com") + "</AssumeRolePolicyDocument></Role></GetRoleResult></GetRoleResponse>"},
		form:    url.Values{"Action": {"CreateDBInstance"}, "DBInstanceIdentifier": {"db"}, "MonitoringInterval": {"60"}, "MonitoringRoleArn": {"arn:aws:iam::123456789012:role/monitoring"}}},
	{name: "Enhanced Monitoring turned on later with a role ECS trusts", service: "rds",
		answers: map[string]string{"GetRole": "<GetRoleResponse><GetRoleResult><Role><AssumeRolePolicyDocument>" + trustPolicy("ecs-tasks.amazonaws.com") + "</AssumeRolePolicyDocument></Role></GetRoleResult></GetRoleResponse>"},
		form:    url.Values{"Action": {"ModifyDBInstance"}, "DBInstanceIdentifier": {"db"}, "MonitoringInterval": {"60"}, "MonitoringRoleArn": {"arn:aws:iam::123456789012:role/monitoring"}}, refusal: "ENHANCED_MONITORING"},
}
