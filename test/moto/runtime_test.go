package moto

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"terraform-basemachina-modules/test/iamsim"
)

// denying is an IAM decision that refuses the named actions and allows everything else.
func denying(actions ...string) decide {
	return func(_ iamsim.Principal, reqs []iamsim.Request) ([]iamsim.Result, error) {
		out := make([]iamsim.Result, len(reqs))
		for i, r := range reqs {
			out[i].Decision = "Allowed"
			for _, a := range actions {
				if r.Action == a {
					out[i].Decision = "ImplicitlyDenied"
				}
			}
		}
		return out, nil
	}
}

// healthyBridge is a task as the complete example runs it: the image through the pull-through
// cache, the tenant id from Secrets Manager, logs, a NAT route, the ALB allowed on its port.
func healthyBridge() taskFacts {
	return taskFacts{
		Account: "123456789012", Region: "ap-northeast-1",
		ExecutionRole: &iamsim.Principal{ARN: "arn:aws:iam::123456789012:role/demo-bridge-execution"},
		Images:        []string{"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/demo-ecr-public/basemachina/bridge:v1.5.0"},
		CacheRules:    map[string]bool{"demo-ecr-public": true},
		Secrets:       []secretRef{{ARN: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:demo-tenant-AbCdEf"}},
		LogGroups:     []string{"/ecs/demo-bridge"},
		Network:       networkFacts{Internet: true},
		Balanced:      &balancerFacts{Port: 8080, TaskAdmitsALB: true, ALBReachesTasks: true},
	}
}

// Each modelled failure, with the wrong input, stops the task with the reason ECS gives; the
// right input runs it.
func TestTasksStartOnlyWhenECSWould(t *testing.T) {
	cases := []struct {
		name   string
		change func(*taskFacts)
		deny   []string
		reason string // empty: the task runs
	}{
		{"the complete example's task", func(*taskFacts) {}, nil, ""},
		{"execution role cannot read the image", func(*taskFacts) {}, []string{"ecr:BatchGetImage"}, "CannotPullContainerError"},
		{"execution role cannot import through the cache (first pull)", func(*taskFacts) {}, []string{"ecr:BatchImportUpstreamImage"}, "CannotPullContainerError"},
		{"execution role cannot authenticate to ECR", func(*taskFacts) {}, []string{"ecr:GetAuthorizationToken"}, "ResourceInitializationError"},
		{"execution role cannot read TENANT_ID", func(*taskFacts) {}, []string{"secretsmanager:GetSecretValue"}, "ResourceInitializationError"},
		{"execution role cannot decrypt the secret's key", func(f *taskFacts) { f.Secrets[0].KMSKey = "arn:aws:kms:ap-northeast-1:123456789012:key/1" }, []string{"kms:Decrypt"}, "ResourceInitializationError"},
		{"execution role cannot write its logs", func(*taskFacts) {}, []string{"logs:CreateLogStream"}, "CannotStartContainerError"},
		{"a secret that does not exist", func(f *taskFacts) { f.Secrets[0].Missing = true }, nil, "ResourceNotFoundException"},
		{"no execution role", func(f *taskFacts) { f.ExecutionRole = nil }, nil, "no execution role"},
		{"a cache prefix without its rule", func(f *taskFacts) { f.CacheRules = nil }, nil, "not found"},
		{"no route out and no endpoints", func(f *taskFacts) { f.Network = networkFacts{} }, nil, "Secrets Manager"},
		{"endpoints for everything AWS, no NAT", func(f *taskFacts) {
			f.Network = networkFacts{Endpoints: map[string]bool{"ecr.api": true, "ecr.dkr": true, "s3": true, "logs": true, "secretsmanager": true}}
		}, nil, "no internet route"},
		{"endpoints and an egress proxy", func(f *taskFacts) {
			f.Network = networkFacts{Endpoints: map[string]bool{"ecr.api": true, "ecr.dkr": true, "s3": true, "logs": true, "secretsmanager": true}}
			f.Proxied = true
		}, nil, ""},
		{"endpoints without S3's gateway", func(f *taskFacts) {
			f.Network = networkFacts{Endpoints: map[string]bool{"ecr.api": true, "ecr.dkr": true, "logs": true, "secretsmanager": true}}
		}, nil, "CannotPullContainerError"},
		{"a public image without NAT", func(f *taskFacts) {
			f.Images = []string{"public.ecr.aws/basemachina/bridge:v1.5.0"}
			f.Network = networkFacts{Endpoints: map[string]bool{"logs": true, "secretsmanager": true}}
		}, nil, "CannotPullContainerError"},
		{"tasks closed to the load balancer", func(f *taskFacts) { f.Balanced.TaskAdmitsALB = false }, nil, "failed ELB health checks"},
		{"the load balancer's egress closed", func(f *taskFacts) { f.Balanced.ALBReachesTasks = false }, nil, "failed ELB health checks"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := healthyBridge()
			c.change(&f)
			v := judgeTask(f, denying(c.deny...))
			switch {
			case c.reason == "" && !v.Runs:
				t.Errorf("wanted the task to run, it stopped: %s", v.Reason)
			case c.reason != "" && v.Runs:
				t.Errorf("wanted the task stopped with %q, it runs", c.reason)
			case c.reason != "" && !strings.Contains(v.Reason, c.reason):
				t.Errorf("wanted the reason to say %q, got %s", c.reason, v.Reason)
			}
		})
	}
}

// What DescribeServices reports follows the verdict and the circuit breaker: tasks that run are
// reported running and their revision remembered as steady; a later revision that cannot run is
// rolled back to it; a first one fails (with the breaker) or keeps trying (without).
func TestServicesReportWhatECSWouldDo(t *testing.T) {
	f := &Front{ecs: newECSState()}
	service := func(td string, breakerOn bool) []byte {
		svc := map[string]any{
			"serviceArn": "arn:aws:ecs:ap-northeast-1:123456789012:service/demo/demo-bridge", "serviceName": "demo-bridge",
			"taskDefinition": td, "desiredCount": float64(2), "runningCount": float64(0),
			"deploymentConfiguration": map[string]any{"deploymentCircuitBreaker": map[string]any{"enable": breakerOn, "rollback": breakerOn}},
			"deployments":             []any{map[string]any{"id": "ecs-svc/1", "status": "PRIMARY", "taskDefinition": td}},
		}
		data, _ := json.Marshal(map[string]any{"services": []any{svc}})
		return data
	}
	verdict := func(td string, v taskVerdict) {
		v.generation = f.generation
		f.ecs.verdicts[td+"|"+fmt.Sprint(placement{})] = v
	}
	describe := func(td string, breakerOn bool) map[string]any {
		var out struct {
			Services []map[string]any `json:"services"`
		}
		if err := json.Unmarshal(f.reportServices(nil, service(td, breakerOn)), &out); err != nil {
			t.Fatal(err)
		}
		return out.Services[0]
	}
	deployment := func(svc map[string]any) map[string]any { return svc["deployments"].([]any)[0].(map[string]any) }

	verdict("td:1", taskVerdict{Runs: true})
	if svc := describe("td:1", true); svc["runningCount"] != float64(2) || deployment(svc)["rolloutState"] != "COMPLETED" {
		t.Errorf("a revision that runs: want 2 running and COMPLETED, got %v", svc)
	}
	verdict("td:2", taskVerdict{Reason: "CannotPullContainerError: not found"})
	svc := describe("td:2", true)
	if svc["taskDefinition"] != "td:1" || svc["runningCount"] != float64(2) || !strings.Contains(fmt.Sprint(svc["events"]), "CannotPullContainerError") {
		t.Errorf("a later revision that cannot run, with the breaker: want it rolled back to td:1 with the reason in the events, got %v", svc)
	}
	f.ecs.steady = map[string]string{}
	svc = describe("td:2", true)
	if svc["runningCount"] != float64(0) || deployment(svc)["rolloutState"] != "FAILED" || svc["taskDefinition"] != "td:2" {
		t.Errorf("a first revision that cannot run, with the breaker: want FAILED and nothing running, got %v", svc)
	}
	svc = describe("td:2", false)
	if svc["runningCount"] != float64(0) || deployment(svc)["rolloutState"] != "IN_PROGRESS" {
		t.Errorf("without the breaker: want ECS still trying (IN_PROGRESS) and nothing running, got %v", svc)
	}
}
