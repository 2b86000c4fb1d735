package moto

import "net/url"

// autoScalingRefusals exercise checkImageParameter (autoscaling.go);
// TestTheFrontRefusesWhatAWSRefuses (refusals_test.go) runs them.
var autoScalingRefusals = []refusalCase{
	{name: "a launch template image parameter that does not exist", service: "autoscaling",
		answers: map[string]string{"DescribeLaunchTemplateVersions": "<x><imageId>resolve:ssm:/aws/service/missing</imageId></x>"}, fail: map[string]int{"GetParameter": 1},
		form: url.Values{"Action": {"CreateAutoScalingGroup"}, "AutoScalingGroupName": {"nat"}, "LaunchTemplate.LaunchTemplateId": {"lt-1"}}, refusal: "/aws/service/missing"},
	{name: "a group moved to a launch template version whose image parameter does not exist", service: "autoscaling",
		answers: map[string]string{"DescribeLaunchTemplateVersions": "<x><imageId>resolve:ssm:/aws/service/missing</imageId></x>"}, fail: map[string]int{"GetParameter": 1},
		form: url.Values{"Action": {"UpdateAutoScalingGroup"}, "AutoScalingGroupName": {"nat"}, "LaunchTemplate.LaunchTemplateId": {"lt-1"}, "LaunchTemplate.Version": {"2"}}, refusal: "/aws/service/missing"},
	{name: "a launch template image parameter that exists", service: "autoscaling",
		answers: map[string]string{"DescribeLaunchTemplateVersions": "<x><imageId>resolve:ssm:/aws/service/present</imageId></x>", "GetParameter": `{"Parameter":{"Name":"/aws/service/present","Value":"ami-1"}}`},
		form:    url.Values{"Action": {"CreateAutoScalingGroup"}, "AutoScalingGroupName": {"nat"}, "LaunchTemplate.LaunchTemplateId": {"lt-1"}}},
}
