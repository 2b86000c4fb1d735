package moto

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// IAM evaluates aws:ResourceTag/<key> against the tags the named resource holds when the call
// arrives (IAM User Guide, "Controlling access to AWS resources using tags"; EC2 User Guide,
// "Grant permission to tag resources during creation"), and the bootstrap's apply role changes
// EC2 resources, target groups and certificates only when their Name starts with its
// environment's prefix. resourceTags reads those tags from moto before a changing call goes on,
// and adds them to its record as _resourceTags (resource id or ARN -> tags), which
// test/iamsim puts into each request's context.
func (f *Front) resourceTags(r *http.Request, c *Call) {
	if readOnly(c.Operation) {
		return
	}
	var tags map[string]map[string]string
	switch c.Service {
	case "ec2", "autoscaling":
		// An Auto Scaling group is checked for ec2:RunInstances on its launch template.
		tags = f.ec2Tags(r, ec2IDs(c.Params))
	case "elasticloadbalancing":
		tags = f.elbTags(r, elbARNs(c.Params))
	case "acm":
		if arn, _ := c.Params["CertificateArn"].(string); arn != "" {
			tags = f.acmTags(r, arn)
		}
	}
	if len(tags) == 0 {
		return
	}
	// JSON-shaped like every other parameter, so the record reads the same before and after it
	// is written out.
	shaped := make(map[string]any, len(tags))
	for id, kv := range tags {
		m := make(map[string]any, len(kv))
		for k, v := range kv {
			m[k] = v
		}
		shaped[id] = m
	}
	c.Params["_resourceTags"] = shaped
}

// ec2ID is an EC2 resource id of the types the stacks create and change.
var ec2ID = regexp.MustCompile(`^(vpc|subnet|sg|sgr|igw|rtb|eipalloc|nat|vpce|fl|eni|lt|i|acl)-[0-9a-f]+$`)

// ec2IDs are the resource ids a query-protocol EC2 call names, in any parameter.
func ec2IDs(params map[string]any) []string {
	seen := map[string]bool{}
	for k, v := range params {
		s, ok := v.(string)
		if ok && !strings.HasPrefix(k, "_") && ec2ID.MatchString(s) {
			seen[s] = true
		}
	}
	out := make([]string, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

func (f *Front) ec2Tags(r *http.Request, ids []string) map[string]map[string]string {
	if len(ids) == 0 {
		return nil
	}
	form := url.Values{"Action": {"DescribeTags"}, "Version": {"2016-11-15"}, "Filter.1.Name": {"resource-id"}}
	for i, id := range ids {
		form.Set("Filter.1.Value."+strconv.Itoa(i+1), id)
	}
	out, err := f.moto.ask(r, "ec2", []byte(form.Encode()), "")
	if err != nil {
		return nil
	}
	var got struct {
		Items []struct {
			ID    string `xml:"resourceId"`
			Key   string `xml:"key"`
			Value string `xml:"value"`
		} `xml:"tagSet>item"`
	}
	if xml.Unmarshal(out, &got) != nil {
		return nil
	}
	// Every id asked for gets an entry: a resource without tags is evaluated as untagged, not
	// left out.
	tags := map[string]map[string]string{}
	for _, id := range ids {
		tags[id] = map[string]string{}
	}
	for _, it := range got.Items {
		if tags[it.ID] != nil {
			tags[it.ID][it.Key] = it.Value
		}
	}
	return tags
}

// elbARNs are the target group and load balancer ARNs an Elastic Load Balancing call names.
func elbARNs(params map[string]any) []string {
	var out []string
	for k, v := range params {
		s, _ := v.(string)
		if strings.HasPrefix(s, "arn:") && strings.Contains(s, ":elasticloadbalancing:") && !strings.HasPrefix(k, "_") &&
			(strings.Contains(s, ":targetgroup/") || strings.Contains(s, ":loadbalancer/")) {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

func (f *Front) elbTags(r *http.Request, arns []string) map[string]map[string]string {
	if len(arns) == 0 {
		return nil
	}
	form := url.Values{"Action": {"DescribeTags"}, "Version": {"2015-12-01"}}
	for i, a := range arns {
		form.Set("ResourceArns.member."+strconv.Itoa(i+1), a)
	}
	out, err := f.moto.ask(r, "elasticloadbalancing", []byte(form.Encode()), "")
	if err != nil {
		return nil
	}
	var got struct {
		Descriptions []struct {
			ARN  string `xml:"ResourceArn"`
			Tags []struct {
				Key   string `xml:"Key"`
				Value string `xml:"Value"`
			} `xml:"Tags>member"`
		} `xml:"DescribeTagsResult>TagDescriptions>member"`
	}
	if xml.Unmarshal(out, &got) != nil {
		return nil
	}
	tags := map[string]map[string]string{}
	for _, d := range got.Descriptions {
		tags[d.ARN] = map[string]string{}
		for _, t := range d.Tags {
			tags[d.ARN][t.Key] = t.Value
		}
	}
	return tags
}

func (f *Front) acmTags(r *http.Request, arn string) map[string]map[string]string {
	body, _ := json.Marshal(map[string]string{"CertificateArn": arn})
	out, err := f.moto.ask(r, "acm", body, "CertificateManager.ListTagsForCertificate")
	if err != nil {
		return nil
	}
	var got struct {
		Tags []struct{ Key, Value string }
	}
	if json.Unmarshal(out, &got) != nil {
		return nil
	}
	tags := map[string]string{}
	for _, t := range got.Tags {
		tags[t.Key] = t.Value
	}
	return map[string]map[string]string{arn: tags}
}
