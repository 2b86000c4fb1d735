package moto

import "net/url"

// elastiCacheRefusals exercise checkDefaultUser (elasticache.go); TestTheFrontRefusesWhatAWSRefuses
// (refusals_test.go) runs them.
var elastiCacheRefusals = []refusalCase{
	{name: "a user group without the default user", service: "elasticache",
		answers: map[string]string{"DescribeUsers": "<DescribeUsersResponse><DescribeUsersResult><Users><member><UserName>app</UserName></member></Users></DescribeUsersResult></DescribeUsersResponse>"},
		form:    url.Values{"Action": {"CreateUserGroup"}, "UserGroupId": {"g"}, "UserIds.member.1": {"app"}}, refusal: "DefaultUserRequired"},
}
