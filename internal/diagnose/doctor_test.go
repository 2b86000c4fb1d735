package diagnose

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"

	"terraform-basemachina-modules/internal/i18n"
)

func run(f *fakeAWS, s Stack, l i18n.Lang) map[string]Result {
	d := &Doctor{Clients: f.clients(), Stack: s, Lang: l, Now: func() time.Time { return now }}
	out := map[string]Result{}
	for _, r := range d.Run(context.Background()) {
		out[r.Check] = r
	}
	return out
}

func TestHealthyStackPassesEveryCheck(t *testing.T) {
	results := run(healthyAWS(), healthyStack(), i18n.English)
	if len(results) != 10 {
		t.Fatalf("wanted 10 checks, got %d", len(results))
	}
	for name, r := range results {
		if r.Status != Pass {
			t.Errorf("%s: wanted pass, got %s: %s %v", name, r.Status, r.Summary, r.Details)
		}
	}
}

func stoppedTask(reason, containerReason string) ecstypes.Task {
	return ecstypes.Task{TaskArn: aws.String("arn:aws:ecs:ap-northeast-1:123456789012:task/demo/0f1e2d"), StoppedReason: aws.String(reason),
		Containers: []ecstypes.Container{{Name: aws.String("bridge"), Reason: aws.String(containerReason)}}}
}

// One case per failure pattern: the check that catches it, its verdict, and words the diagnosis
// and the remediation must contain.
func TestEachFailurePatternIsDiagnosed(t *testing.T) {
	cases := []struct {
		name        string
		breakIt     func(f *fakeAWS, s *Stack)
		check       string
		status      Status
		summary     string
		remediation string
	}{
		{"fewer tasks than desired", func(f *fakeAWS, _ *Stack) { f.service.RunningCount = 0 },
			"ecs-service", Fail, "0 of 1 desired tasks running", "stopped tasks"},
		{"rolled back deployment", func(f *fakeAWS, _ *Stack) {
			f.service.Deployments = []ecstypes.Deployment{{RolloutState: ecstypes.DeploymentRolloutStateFailed, RolloutStateReason: aws.String("ECS deployment circuit breaker: tasks failed to start.")}}
		}, "ecs-service", Fail, "circuit breaker rolled it back", "stopped tasks"},
		{"image pull fails", func(f *fakeAWS, _ *Stack) {
			f.stopped = []ecstypes.Task{stoppedTask("Task failed to start", "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref")}
		}, "stopped-tasks", Fail, "image cannot be pulled", "ecr:BatchImportUpstreamImage"},
		{"secrets cannot be read", func(f *fakeAWS, _ *Stack) {
			f.stopped = []ecstypes.Task{stoppedTask("ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed", "")}
		}, "stopped-tasks", Fail, "secrets could not be retrieved", "TENANT_ID secret"},
		{"bridge exits on key fetch or tenant", func(f *fakeAWS, _ *Stack) {
			f.stopped = []ecstypes.Task{stoppedTask("Essential container in task exited", "")}
		}, "stopped-tasks", Fail, "Bridge process exited", "api.basemachina.com"},
		{"scale-in stops are normal", func(f *fakeAWS, _ *Stack) {
			f.stopped = []ecstypes.Task{stoppedTask("Scaling activity initiated by (deployment ecs-svc/123)", "")}
		}, "stopped-tasks", Pass, "No task stopped abnormally", ""},
		{"targets time out", func(f *fakeAWS, _ *Stack) {
			f.targets[0].TargetHealth = &elbtypes.TargetHealth{State: elbtypes.TargetHealthStateEnumUnhealthy, Reason: elbtypes.TargetHealthReasonEnumTimeout, Description: aws.String("Request timed out")}
		}, "target-health", Fail, "No healthy target", "api.basemachina.com:443"},
		{"no target registered", func(f *fakeAWS, _ *Stack) { f.targets = nil },
			"target-health", Fail, "No healthy target", "No task is registered"},
		{"ALB closed to BaseMachina", func(f *fakeAWS, _ *Stack) { f.sgRules = f.sgRules[1:] },
			"security-groups", Fail, "chain is broken", "terraform apply"},
		{"task closed to the ALB", func(f *fakeAWS, _ *Stack) {
			f.sgRules = append(f.sgRules[:2], f.sgRules[3:]...)
		}, "security-groups", Fail, "chain is broken", "terraform apply"},
		{"RDS closed to the tasks", func(f *fakeAWS, _ *Stack) { f.sgRules = f.sgRules[:4] },
			"security-groups", Fail, "chain is broken", "terraform apply"},
		{"no NAT route on the main table", func(f *fakeAWS, _ *Stack) {
			delete(f.routeTables, "subnet-c")
			f.routeTables["main"] = []ec2types.RouteTable{{Routes: []ec2types.Route{{DestinationCidrBlock: aws.String("10.0.0.0/16"), GatewayId: aws.String("local")}}}}
		}, "nat-routes", Fail, "no active default route", "no VPC endpoint provides"},
		{"NAT instance route", func(f *fakeAWS, _ *Stack) {
			for k := range f.routeTables {
				f.routeTables[k] = []ec2types.RouteTable{{Routes: []ec2types.Route{{DestinationCidrBlock: aws.String("0.0.0.0/0"), NetworkInterfaceId: aws.String("eni-0123"), State: ec2types.RouteStateActive}}}}
			}
		}, "nat-routes", Pass, "NAT gateway or NAT instance", ""},
		{"NAT instance down", func(f *fakeAWS, _ *Stack) {
			for k := range f.routeTables {
				f.routeTables[k] = []ec2types.RouteTable{{Routes: []ec2types.Route{{DestinationCidrBlock: aws.String("0.0.0.0/0"), NetworkInterfaceId: aws.String("eni-0123"), State: ec2types.RouteStateBlackhole}}}}
			}
		}, "nat-routes", Fail, "no active default route", "NAT instance is down"},
		{"endpoint without private DNS", func(f *fakeAWS, _ *Stack) {
			f.endpoints = []ec2types.VpcEndpoint{{VpcEndpointType: ec2types.VpcEndpointTypeInterface, ServiceName: aws.String("com.amazonaws.ap-northeast-1.ecr.dkr"), PrivateDnsEnabled: aws.Bool(false)}}
		}, "vpc-endpoints", Warn, "private DNS off", "through NAT"},
		{"cache rule missing", func(f *fakeAWS, _ *Stack) { f.cacheRules = nil },
			"pull-through-cache", Fail, "No pull-through cache rule", "create_pull_through_cache_rule"},
		{"cache rule for another registry", func(f *fakeAWS, _ *Stack) { f.cacheRules[0].UpstreamRegistryUrl = aws.String("registry-1.docker.io") },
			"pull-through-cache", Fail, "not public.ecr.aws", "another prefix"},
		{"certificate pending validation", func(f *fakeAWS, _ *Stack) { f.certificate.Status = acmtypes.CertificateStatusPendingValidation },
			"certificate", Fail, "pending DNS validation", "authoritative"},
		{"imported certificate about to expire", func(f *fakeAWS, _ *Stack) {
			f.certificate.Type = acmtypes.CertificateTypeImported
			f.certificate.NotAfter = aws.Time(now.Add(10 * 24 * time.Hour))
		}, "certificate", Warn, "expires in 10 days", "bridgectl cert --force"},
		{"expired certificate", func(f *fakeAWS, _ *Stack) { f.certificate.NotAfter = aws.Time(now.Add(-time.Hour)) },
			"certificate", Fail, "expired", "bridgectl cert"},
		{"alias points elsewhere", func(f *fakeAWS, _ *Stack) {
			f.records[0].AliasTarget.DNSName = aws.String("old-alb.elb.amazonaws.com.")
		},
			"dns-alias", Fail, "points at old-alb", "restore it"},
		{"alias missing", func(f *fakeAWS, _ *Stack) { f.records = []r53types.ResourceRecordSet{} },
			"dns-alias", Fail, "No A alias record", "create_route53_record"},
		{"tenant mismatch in logs", func(f *fakeAWS, _ *Stack) {
			f.logLines[`"tenant"`] = []string{`{"level":"ERROR","msg":"tenant id mismatch"}`}
		}, "logs", Warn, "1 known error line", "TENANT_ID"},
		{"key fetch failures in logs", func(f *fakeAWS, _ *Stack) {
			f.logLines[`"pubkey"`] = []string{`{"level":"ERROR","msg":"failed to fetch pubkey: context deadline exceeded"}`}
		}, "logs", Warn, "1 known error line", "NAT egress"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, s := healthyAWS(), healthyStack()
			c.breakIt(f, &s)
			r := run(f, s, i18n.English)[c.check]
			if r.Status != c.status {
				t.Fatalf("wanted %s from %s, got %s: %s %v", c.status, c.check, r.Status, r.Summary, r.Details)
			}
			if !strings.Contains(r.Summary+" "+strings.Join(r.Details, " "), c.summary) {
				t.Errorf("wanted the diagnosis to mention %q, got %q %v", c.summary, r.Summary, r.Details)
			}
			if !strings.Contains(r.Remediation, c.remediation) {
				t.Errorf("wanted the remediation to mention %q, got %q", c.remediation, r.Remediation)
			}
		})
	}
}

func TestDiagnosisIsJapaneseByDefault(t *testing.T) {
	f := healthyAWS()
	f.stopped = []ecstypes.Task{stoppedTask("Task failed to start", "CannotPullContainerError: denied")}
	r := run(f, healthyStack(), i18n.Japanese)["stopped-tasks"]
	if !strings.Contains(r.Details[0], "イメージを取得できない") || !strings.Contains(r.Remediation, "タスク実行ロール") {
		t.Errorf("wanted a Japanese diagnosis, got %v / %q", r.Details, r.Remediation)
	}
}

func TestOptionalChecksSkipWithoutTheirOutputs(t *testing.T) {
	s := Stack{Bridge: Bridge{Region: "ap-northeast-1", ClusterName: "demo", ServiceName: "demo-bridge", TargetGroupARN: "arn:tg"}}
	results := run(healthyAWS(), s, i18n.English)
	for _, name := range []string{"security-groups", "nat-routes", "vpc-endpoints", "pull-through-cache", "certificate", "dns-alias", "logs"} {
		if results[name].Status != Skip {
			t.Errorf("%s: wanted skip without its outputs, got %s", name, results[name].Status)
		}
	}
}

func TestLogSearchLooksBackThirtyMinutes(t *testing.T) {
	f := healthyAWS()
	run(f, healthyStack(), i18n.English)
	if len(f.filterInputs) == 0 {
		t.Fatal("wanted log searches")
	}
	if got := aws.ToInt64(f.filterInputs[0].StartTime); got != now.Add(-30*time.Minute).UnixMilli() {
		t.Errorf("wanted the search to start 30 minutes ago, got %d", got)
	}
	if aws.ToString(f.filterInputs[0].LogGroupName) != "/ecs/demo/bridge" {
		t.Errorf("wanted the Bridge's log group, got %s", aws.ToString(f.filterInputs[0].LogGroupName))
	}
}
