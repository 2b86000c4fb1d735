package moto

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

// IAM authorizes some calls on what the resources they name hold, which the request itself does
// not carry: RunTask passes its task definition's roles, creating an Auto Scaling group from a
// launch template passes the template's instance profile role and resolves its image, and
// changing or deleting a role is checked against the role's boundary (iam:PermissionsBoundary).
// enrich reads those from moto before the call and adds them to its record as _ parameters, which
// test/iamsim/operations.json maps.
func (f *Front) enrich(r *http.Request, c *Call) {
	// The harness's own key ("emulator") is an administrator whose calls are not evaluated.
	if c.Key != "emulator" {
		f.resourceTags(r, c)
	}
	switch c.Service + "." + c.Operation {
	case "ecs.RunTask":
		td, _ := c.Params["taskDefinition"].(string)
		body, _ := json.Marshal(map[string]string{"taskDefinition": td})
		out, err := f.moto.ask(r, "ecs", body, "AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition")
		var got struct {
			TaskDefinition map[string]any `json:"taskDefinition"`
		}
		if err == nil && json.Unmarshal(out, &got) == nil {
			c.Params["_taskDefinition"] = map[string]any{"executionRoleArn": got.TaskDefinition["executionRoleArn"], "taskRoleArn": got.TaskDefinition["taskRoleArn"]}
		}
	case "autoscaling.CreateAutoScalingGroup", "autoscaling.UpdateAutoScalingGroup":
		id, _ := c.Params["LaunchTemplate.LaunchTemplateId"].(string)
		if id == "" {
			return
		}
		form := url.Values{"Action": {"DescribeLaunchTemplateVersions"}, "Version": {"2016-11-15"}, "LaunchTemplateId": {id}}
		if v, _ := c.Params["LaunchTemplate.Version"].(string); v != "" {
			form.Set("LaunchTemplateVersion.1", v)
		}
		out, err := f.moto.ask(r, "ec2", []byte(form.Encode()), "")
		if err != nil {
			return
		}
		lt := map[string]any{}
		if m := xmlValue(out, "imageId"); strings.HasPrefix(m, "resolve:ssm:") {
			lt["ssmParameter"] = strings.TrimPrefix(m, "resolve:ssm:")
		}
		if profile := xmlValue(out, "arn"); strings.Contains(profile, ":instance-profile/") {
			name := profile[strings.LastIndex(profile, "/")+1:]
			form := url.Values{"Action": {"GetInstanceProfile"}, "Version": {"2010-05-08"}, "InstanceProfileName": {name}}
			if got, err := f.moto.ask(r, "iam", []byte(form.Encode()), ""); err == nil {
				if role := xmlValue(got, "Arn", ":role/"); role != "" {
					lt["instanceProfileRole"] = role
				}
			}
		}
		c.Params["_launchTemplate"] = lt
	case "iam.PutRolePolicy", "iam.DeleteRolePolicy", "iam.AttachRolePolicy", "iam.DetachRolePolicy",
		"iam.DeleteRole", "iam.UpdateRole", "iam.UpdateRoleDescription", "iam.UpdateAssumeRolePolicy":
		name, _ := c.Params["RoleName"].(string)
		form := url.Values{"Action": {"GetRole"}, "Version": {"2010-05-08"}, "RoleName": {name}}
		if out, err := f.moto.ask(r, "iam", []byte(form.Encode()), ""); err == nil {
			c.Params["_role"] = map[string]any{"permissionsBoundary": xmlValue(out, "PermissionsBoundaryArn")}
		}
	}
}
