package moto

import (
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// refusalCase is one request to a check the front makes (a service's refuse), declared in the
// service's test file: elasticache_test.go, rds_test.go, ecs_test.go, elb_test.go,
// autoscaling_test.go.
type refusalCase struct {
	name    string
	answers map[string]string
	fail    map[string]int
	policy  string // the access log bucket's policy, as the caller put it
	service string
	form    url.Values
	json    string
	target  string
	refusal string // empty: moto gets the request
}

// Each AWS check the front makes refuses the wrong input with AWS's error and lets the right one
// through to moto.
func TestTheFrontRefusesWhatAWSRefuses(t *testing.T) {
	cases := slices.Concat(elastiCacheRefusals, rdsRefusals, ecsRefusals, elbRefusals, autoScalingRefusals)
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
