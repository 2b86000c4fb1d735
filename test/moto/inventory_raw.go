package moto

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// CloudWatch alarms, EventBridge rules, Application Auto Scaling targets and ElastiCache have no
// SDK client in go.mod, and the leftover check must not add modules for a test helper. Their list
// calls are one POST each (query protocol: a form in, XML out; JSON 1.1: a body and X-Amz-Target),
// so Take sends them itself, signed like the SDK signs: moto and the front route a request by the
// service of its credential scope, and the front records it under the harness's key.

// statusError is a non-200 answer to a raw call. HTTPStatusCode lets emulatorLacks treat it like
// the SDK's response errors.
type statusError struct {
	service, action string
	status          int
	body            string
}

func (e *statusError) Error() string {
	return fmt.Sprintf("%s %s: HTTP %d: %s", e.service, e.action, e.status, e.body)
}

func (e *statusError) HTTPStatusCode() int { return e.status }

// rawCall posts body to the emulator endpoint of cfg as one call of service (its signing name).
func rawCall(ctx context.Context, cfg aws.Config, service, action, contentType, target string, body []byte) ([]byte, error) {
	endpoint := strings.TrimRight(aws.ToString(cfg.BaseEndpoint), "/")
	if endpoint == "" {
		return nil, fmt.Errorf("%s %s: no endpoint: the inventory lists an emulator only", service, action)
	}
	// The endpoint is a front, which adds its account itself.
	u := newUpstream(endpoint, "")
	if cfg.HTTPClient != nil {
		u.client = cfg.HTTPClient
	}
	req, err := u.request(ctx, http.MethodPost, "/", body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", contentType)
	if target != "" {
		req.Header.Set("X-Amz-Target", target)
	}
	creds, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), service, cfg.Region, time.Now()); err != nil {
		return nil, err
	}
	resp, data, err := u.send(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", service, action, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, &statusError{service: service, action: action, status: resp.StatusCode, body: clip(string(data), 300)}
	}
	return data, nil
}

// rawQuery is a query-protocol call: form in, XML out, decoded into out.
func rawQuery(ctx context.Context, cfg aws.Config, service, version string, form url.Values, out any) error {
	form.Set("Version", version)
	action := form.Get("Action")
	data, err := rawCall(ctx, cfg, service, action, "application/x-www-form-urlencoded; charset=utf-8", "", []byte(form.Encode()))
	if err != nil {
		return err
	}
	if err := xml.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: read the answer: %w", service, action, err)
	}
	return nil
}

// rawJSON is a JSON 1.1 call: target is the X-Amz-Target ("AWSEvents.ListRules").
func rawJSON(ctx context.Context, cfg aws.Config, service, target string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	action := target[strings.LastIndex(target, ".")+1:]
	data, err := rawCall(ctx, cfg, service, action, "application/x-amz-json-1.1", target, body)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: read the answer: %w", service, action, err)
	}
	return nil
}

func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// maxPages bounds every raw listing loop: an emulator that hands back a token for ever must end
// in an error, not hang the harness.
const maxPages = 100

// listAlarms lists the metric and composite alarms but those Application Auto Scaling owns: a
// target tracking policy creates its "TargetTracking-<resource>-AlarmHigh/Low-<id>" alarms and
// deletes them with itself, so they are part of the policy, not something a stack left. (moto
// 5.2.1 also leaves the alarms of a policy that PutScalingPolicy replaced, which AWS does not.)
func listAlarms(ctx context.Context, cfg aws.Config, add func(kind, name string)) error {
	token := ""
	for range maxPages {
		form := url.Values{"Action": {"DescribeAlarms"}}
		if token != "" {
			form.Set("NextToken", token)
		}
		var out struct {
			Metric    []string `xml:"DescribeAlarmsResult>MetricAlarms>member>AlarmName"`
			Composite []string `xml:"DescribeAlarmsResult>CompositeAlarms>member>AlarmName"`
			Next      string   `xml:"DescribeAlarmsResult>NextToken"`
		}
		if err := rawQuery(ctx, cfg, "monitoring", "2010-08-01", form, &out); err != nil {
			return err
		}
		for _, name := range append(out.Metric, out.Composite...) {
			if !scalingPolicyAlarm(name) {
				add(kindAlarm, name)
			}
		}
		if token = out.Next; token == "" {
			return nil
		}
	}
	return fmt.Errorf("DescribeAlarms: more than %d pages", maxPages)
}

// scalingPolicyAlarm tells the alarms Application Auto Scaling creates for a target tracking policy.
func scalingPolicyAlarm(name string) bool { return strings.HasPrefix(name, "TargetTracking-") }

// listEventRules lists the rules of the default event bus, where the bootstrap's rule lives.
func listEventRules(ctx context.Context, cfg aws.Config, add func(kind, name string)) error {
	in := map[string]any{}
	for range maxPages {
		var out struct {
			Rules []struct {
				Name string `json:"Name"`
			} `json:"Rules"`
			NextToken string `json:"NextToken"`
		}
		if err := rawJSON(ctx, cfg, "events", "AWSEvents.ListRules", in, &out); err != nil {
			return err
		}
		for _, r := range out.Rules {
			add(kindEventRule, r.Name)
		}
		if out.NextToken == "" {
			return nil
		}
		in["NextToken"] = out.NextToken
	}
	return fmt.Errorf("ListRules: more than %d pages", maxPages)
}

// listScalableTargets lists ECS scalable targets by resource id ("service/<cluster>/<service>").
func listScalableTargets(ctx context.Context, cfg aws.Config, add func(kind, name string)) error {
	in := map[string]any{"ServiceNamespace": "ecs"}
	for range maxPages {
		var out struct {
			ScalableTargets []struct {
				ResourceID string `json:"ResourceId"`
			} `json:"ScalableTargets"`
			NextToken string `json:"NextToken"`
		}
		if err := rawJSON(ctx, cfg, "application-autoscaling", "AnyScaleFrontendService.DescribeScalableTargets", in, &out); err != nil {
			return err
		}
		for _, t := range out.ScalableTargets {
			add(kindScalableTarget, t.ResourceID)
		}
		if out.NextToken == "" {
			return nil
		}
		in["NextToken"] = out.NextToken
	}
	return fmt.Errorf("DescribeScalableTargets: more than %d pages", maxPages)
}

const elastiCacheVersion = "2015-02-02"

// listReplicationGroups lists the replication groups that are not being deleted. moto 5.2.1 keeps
// a deleted group "deleting" for ever, and the front answers it as gone (elasticache.go); AWS
// removes it when the deletion ends.
func listReplicationGroups(ctx context.Context, cfg aws.Config, front *Front, add func(kind, name string)) error {
	marker := ""
	for range maxPages {
		form := url.Values{"Action": {"DescribeReplicationGroups"}}
		if marker != "" {
			form.Set("Marker", marker)
		}
		var out struct {
			Groups []struct {
				ID     string `xml:"ReplicationGroupId"`
				Status string `xml:"Status"`
			} `xml:"DescribeReplicationGroupsResult>ReplicationGroups>ReplicationGroup"`
			Marker string `xml:"DescribeReplicationGroupsResult>Marker"`
		}
		if err := rawQuery(ctx, cfg, "elasticache", elastiCacheVersion, form, &out); err != nil {
			return err
		}
		for _, g := range out.Groups {
			if g.Status == "deleting" || (front != nil && front.replicationGroupDeleted(g.ID)) {
				continue
			}
			add(kindReplicationGroup, g.ID)
		}
		if marker = out.Marker; marker == "" {
			return nil
		}
	}
	return fmt.Errorf("DescribeReplicationGroups: more than %d pages", maxPages)
}

// listCacheSubnetGroups lists the cache subnet groups but those the front deleted: moto 5.2.1
// cannot delete one, so the front records the deletion and answers the group as gone.
func listCacheSubnetGroups(ctx context.Context, cfg aws.Config, front *Front, add func(kind, name string)) error {
	marker := ""
	for range maxPages {
		form := url.Values{"Action": {"DescribeCacheSubnetGroups"}}
		if marker != "" {
			form.Set("Marker", marker)
		}
		var out struct {
			Names  []string `xml:"DescribeCacheSubnetGroupsResult>CacheSubnetGroups>CacheSubnetGroup>CacheSubnetGroupName"`
			Marker string   `xml:"DescribeCacheSubnetGroupsResult>Marker"`
		}
		if err := rawQuery(ctx, cfg, "elasticache", elastiCacheVersion, form, &out); err != nil {
			return err
		}
		for _, name := range out.Names {
			if name == "default" || (front != nil && front.subnetGroupDeleted(name)) {
				continue
			}
			add(kindCacheSubnetGroup, name)
		}
		if marker = out.Marker; marker == "" {
			return nil
		}
	}
	return fmt.Errorf("DescribeCacheSubnetGroups: more than %d pages", maxPages)
}

// listElastiCacheUsers lists the users but the account's own "default" user, which ElastiCache
// creates and no stack can delete, and users being deleted (moto 5.2.1 keeps a deleted user
// "deleting" until it is described by id).
func listElastiCacheUsers(ctx context.Context, cfg aws.Config, add func(kind, name string)) error {
	marker := ""
	for range maxPages {
		form := url.Values{"Action": {"DescribeUsers"}}
		if marker != "" {
			form.Set("Marker", marker)
		}
		var out struct {
			Users []struct {
				ID     string `xml:"UserId"`
				Status string `xml:"Status"`
			} `xml:"DescribeUsersResult>Users>member"`
			Marker string `xml:"DescribeUsersResult>Marker"`
		}
		if err := rawQuery(ctx, cfg, "elasticache", elastiCacheVersion, form, &out); err != nil {
			return err
		}
		for _, u := range out.Users {
			if u.ID == "default" || u.Status == "deleting" {
				continue
			}
			add(kindElastiCacheUser, u.ID)
		}
		if marker = out.Marker; marker == "" {
			return nil
		}
	}
	return fmt.Errorf("DescribeUsers: more than %d pages", maxPages)
}
