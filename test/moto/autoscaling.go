package moto

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

// EC2 Auto Scaling speaks the query protocol. The front holds nothing for it: it only refuses what
// AWS would refuse and moto 5.2.1 accepts, a group whose launch template names an image parameter
// that does not exist.

func (f *Front) autoScalingService() awsService {
	return awsService{name: "autoscaling", refuse: map[string]func(*http.Request, []byte) error{
		"CreateAutoScalingGroup": f.checkImageParameter,
		"UpdateAutoScalingGroup": f.checkImageParameter,
	}}
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
