package moto

import "net/url"

// autoScalingRefusals exercise checkImageParameter (autoscaling.go);
// TestTheFrontRefusesWhatAWSRefuses (refusals_test.go) runs them.
var autoScalingRefusals = []refusalCase{
	{name: "a launch template image parameter that does not exist", service: "autoscaling",
		answers: map[string]string{"DescribeLaunchTemplateVersions": "<x><imageId>resolve:ssm:/aws/service/missing</imageId></x>"}, fail: map[string]int{"GetParameter": 1},
		form: url.Values{"Action": {"CreateAutoScalingGroup"}, "AutoScalingGroupName": {"nat"}, "LaunchTemplate.LaunchTemplateId": {"lt-1"}}, refusal: "/aws/service/missing"},
}
