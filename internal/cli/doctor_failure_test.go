package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	flag "github.com/spf13/pflag"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/smithy-go"

	"terraform-basemachina-modules/internal/diagnose"
	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/seed"
	"terraform-basemachina-modules/test/leakcheck"
	"terraform-basemachina-modules/test/testfiles"
)

// withUnreachableAWS gives doctor the SDK's real clients, every one sent to a local port nothing
// listens on: each call fails as it fails when this machine cannot reach AWS, with the SDK's own
// chain of errors (connection refused), one attempt each.
func withUnreachableAWS(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	cfg := aws.Config{Region: "ap-northeast-1", BaseEndpoint: aws.String("http://" + addr),
		Credentials: aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "")),
		Retryer:     func() aws.Retryer { return retry.AddWithMaxAttempts(retry.NewStandard(), 1) }}
	old := newDoctorClients
	newDoctorClients = func(context.Context, string) (diagnose.Clients, error) {
		return diagnose.Clients{
			ECS: ecs.NewFromConfig(cfg), ELB: elbv2.NewFromConfig(cfg), EC2: ec2.NewFromConfig(cfg), ACM: acm.NewFromConfig(cfg),
			Route53: route53.NewFromConfig(cfg), ECR: ecr.NewFromConfig(cfg), Logs: cloudwatchlogs.NewFromConfig(cfg),
		}, nil
	}
	t.Cleanup(func() { newDoctorClients = old })
	return addr
}

// allDoctorOutputs has every field a check reads, so all ten checks call AWS.
func allDoctorOutputs(t *testing.T) string {
	t.Helper()
	return tfOutputs(t, map[string]any{
		"bridge": map[string]any{"region": "ap-northeast-1", "cluster_name": "demo", "service_name": "demo-bridge",
			"target_group_arn":      "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/demo/0123",
			"alb_security_group_id": "sg-alb", "task_security_group_id": "sg-task", "allowed_cidr_blocks": []string{"34.85.43.93/32"},
			"port": 8080, "private_subnet_ids": []string{"subnet-a"}, "certificate_arn": "arn:aws:acm:ap-northeast-1:123456789012:certificate/abc",
			"domain_name": "bridge.example.com", "route53_zone_id": "Z123", "alb_dns_name": "demo-alb.elb.amazonaws.com",
			"pull_through_cache_prefix": "ecr-public", "log_group_name": "/ecs/demo/bridge"},
		"datastore": map[string]any{"db_security_group_id": "sg-db"},
	})
}

// flat is text with its white space taken out, so that a phrase the terminal width wrapped is
// still found whole.
func flat(s string) string { return strings.Join(strings.Fields(s), "") }

// When AWS cannot be reached at all, doctor says so once, with the network fix, and each check
// only that it could not run: not ten times, and never as a credential problem.
func TestDoctorSaysAnUnreachableAWSOnce(t *testing.T) {
	addr := withUnreachableAWS(t)
	outputs := allDoctorOutputs(t)
	for _, c := range []struct {
		env                   map[string]string
		cause, notChecked, no string
	}{
		{english, addr + " refused the connection", "Not checked", "credential"},
		{japanese, addr + " が接続を拒否しました", "未確認", "認証情報"},
	} {
		code, stdout, stderr := run(t, c.env, "doctor", "--outputs", outputs)
		if code != ExitFinding {
			t.Fatalf("%s: wanted exit 1, got %d: %s", c.env["LANG"], code, stderr)
		}
		if n := strings.Count(flat(stdout), flat(c.cause)); n != 1 {
			t.Errorf("%s: wanted the cause once, got %d times:\n%s", c.env["LANG"], n, stdout)
		}
		if n := strings.Count(stdout, c.notChecked); n != 10 {
			t.Errorf("%s: wanted each of the 10 checks marked not checked, got %d:\n%s", c.env["LANG"], n, stdout)
		}
		if strings.Contains(strings.ToLower(stdout), c.no) {
			t.Errorf("%s: a network failure blamed the credentials:\n%s", c.env["LANG"], stdout)
		}
		for _, want := range []string{"HTTPS_PROXY", "VPN", "AWS_ENDPOINT_URL", "ap-northeast-1"} {
			if strings.Count(stdout, want) != 1 {
				t.Errorf("%s: wanted %s in the one fix, got:\n%s", c.env["LANG"], want, stdout)
			}
		}
		if c.env["LANG"] == japanese["LANG"] {
			if found := leakcheck.Find(stdout + stderr); len(found) > 0 {
				t.Errorf("English in the Japanese report: %+v", found)
			}
		}
	}
	// JSON: every result carries its class, and the shared cause is given once for CI.
	code, stdout, _ := run(t, english, "doctor", "--outputs", outputs, "--json")
	var report struct {
		Shared  *diagnose.Failure `json:"shared_failure"`
		Results []diagnose.Result `json:"results"`
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil || code != ExitFinding {
		t.Fatalf("wanted a JSON report and exit 1, got %d %v: %s", code, err, stdout)
	}
	if report.Shared == nil || report.Shared.Class != diagnose.Network || report.Shared.Kind != diagnose.KindRefused || !strings.Contains(report.Shared.Error, "connection refused") {
		t.Errorf("wanted the shared network failure with the SDK's text, got %+v", report.Shared)
	}
	for _, r := range report.Results {
		if r.Failure == nil || r.Failure.Class != diagnose.Network {
			t.Errorf("%s: wanted a network failure, got %+v", r.Check, r.Failure)
		}
	}
}

// refusingService is the ECS of a role without the operator policy; the target group answers.
type refusingService struct{ fakeService }

func (refusingService) DescribeServices(context.Context, *ecs.DescribeServicesInput, ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error) {
	return nil, denied("DescribeServices")
}

func (refusingService) ListTasks(context.Context, *ecs.ListTasksInput, ...func(*ecs.Options)) (*ecs.ListTasksOutput, error) {
	return nil, denied("ListTasks")
}

// denied is ECS's refusal of an action, as the SDK returns it.
func denied(operation string) error {
	return &smithy.OperationError{ServiceID: "ECS", OperationName: operation, Err: &smithy.GenericAPIError{Code: "AccessDeniedException",
		Message: fmt.Sprintf("User: arn:aws:sts::123456789012:assumed-role/operator/me is not authorized to perform: ecs:%s on resource: x because no identity-based policy allows the ecs:%s action", operation, operation)}}
}

func withRefusingECS(t *testing.T) {
	t.Helper()
	f := &refusingService{fakeService{running: 1, healthy: true}}
	old := newDoctorClients
	newDoctorClients = func(context.Context, string) (diagnose.Clients, error) { return diagnose.Clients{ECS: f, ELB: f}, nil }
	t.Cleanup(func() { newDoctorClients = old })
}

// A refusal is reported on its check, naming the action and the policy the operator's role needs;
// the target health, which the role may read, still passes.
func TestDoctorNamesTheRefusedActionAndTheOperatorPolicy(t *testing.T) {
	withRefusingECS(t)
	for _, env := range []map[string]string{english, japanese} {
		code, stdout, stderr := run(t, env, "doctor", "--outputs", doctorOutputs(t))
		if code != ExitFinding {
			t.Fatalf("%s: wanted exit 1, got %d: %s", env["LANG"], code, stderr)
		}
		for _, want := range []string{"ecs:DescribeServices", "ecs:ListTasks", "<name>-operator-<environment>", "operator_policy_arns", "assumed-role/operator/me"} {
			if !strings.Contains(flat(stdout), want) {
				t.Errorf("%s: wanted %q in:\n%s", env["LANG"], want, stdout)
			}
		}
		if strings.Contains(stdout, "ReadOnlyAccess") || strings.Contains(stdout, "Not checked") || strings.Contains(stdout, "未確認") {
			t.Errorf("%s: wanted each refusal on its own check, with the operator policy:\n%s", env["LANG"], stdout)
		}
		if env["LANG"] == japanese["LANG"] {
			if found := leakcheck.Find(stdout + stderr); len(found) > 0 {
				t.Errorf("English in the Japanese report: %+v", found)
			}
		}
	}
}

// Fetching the credentials over a network that is down is said to be the network: logging in
// to SSO again would not fix it. Instance metadata that does not answer still means that no
// credentials were found.
func TestCredentialFetchOverADownNetworkIsNotBlamedOnTheSession(t *testing.T) {
	ssoDown := fmt.Errorf("failed to refresh cached credentials, %w", &smithy.OperationError{ServiceID: "SSO", OperationName: "GetRoleCredentials",
		Err: &url.Error{Op: "Post", URL: "https://portal.sso.ap-northeast-1.amazonaws.com/federation/credentials",
			Err: &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "portal.sso.ap-northeast-1.amazonaws.com", IsNotFound: true}}}})
	err := credentialError(ssoDown, i18n.English)
	if msg := err.Error(); !strings.Contains(msg, "network") || !strings.Contains(msg, "portal.sso.ap-northeast-1.amazonaws.com cannot be resolved") || strings.Contains(msg, "session") {
		t.Errorf("wanted the network named, not the SSO session: %q", msg)
	}
	if ja := i18n.Japanese.Error(err); leakcheck.Phrase(ja) != "" || !strings.Contains(ja, "ネットワーク") {
		t.Errorf("wanted the network named in Japanese with no English, got %q", ja)
	}
	imdsDown := fmt.Errorf("no EC2 IMDS role found, %w", &smithy.OperationError{ServiceID: "ec2imds", OperationName: "GetMetadata",
		Err: &net.OpError{Op: "dial", Net: "tcp", Err: os.ErrDeadlineExceeded}})
	if msg := credentialError(imdsDown, i18n.English).Error(); !strings.Contains(msg, "No AWS credentials found") {
		t.Errorf("wanted no credentials found when instance metadata does not answer, got %q", msg)
	}
}

// commandFlags are the flags a command defines.
func commandFlags(c command) *flag.FlagSet {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	c.flags(fs, i18n.English)
	return fs
}

// roots are the root modules that call the bridge module; each forwards its bridgectl object
// (and the datastore module's, where it calls one) whole.
var roots = []string{"examples/complete", "examples/dev", "examples/existing-vpc", "templates/live/dev", "templates/live/production"}

// objectFields are the fields of the modules' bridgectl objects, which the messages name.
func objectFields(t *testing.T) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, module := range []string{"bridge", "datastore"} {
		keys, err := testfiles.OutputObjectKeys(filepath.Join(testfiles.Root(), "modules", module, "outputs.tf"), "bridgectl")
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			out[k] = true
		}
	}
	if len(out) < 15 {
		t.Fatalf("wanted the fields of both objects, found %v", out)
	}
	return out
}

// Every root forwards the bridge module's object as the output bridge and, where it calls the
// datastore module, that module's as datastore: doctor, logs and seed read nothing else, and the
// hand-copied outputs of earlier releases are gone (their names now tell bridgectl that a root is
// an old one).
func TestRootsForwardTheBridgectlObjects(t *testing.T) {
	for _, root := range roots {
		dir := filepath.Join(testfiles.Root(), filepath.FromSlash(root))
		outputs, err := testfiles.Outputs(filepath.Join(dir, "outputs.tf"))
		if err != nil {
			t.Fatal(err)
		}
		main, err := os.ReadFile(filepath.Join(dir, "main.tf"))
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{diagnose.BridgeOutput: "module.bridge.bridgectl"}
		if regexp.MustCompile(`(?m)^module "datastore" \{`).Match(main) {
			want[diagnose.DatastoreOutput] = "module.datastore.bridgectl"
		} else if _, ok := outputs[diagnose.DatastoreOutput]; ok {
			t.Errorf("%s: output %s without a datastore module", root, diagnose.DatastoreOutput)
		}
		for output, ref := range want {
			if refs, ok := outputs[output]; !ok || !slices.Contains(refs, ref) {
				t.Errorf("%s: wanted output %q { value = %s }, got %v", root, output, ref, refs)
			}
		}
		for name := range objectFields(t) {
			// existing-vpc keeps the task security group for you to read: you allow it on your own
			// data sources.
			if _, ok := outputs[name]; ok && (name != "task_security_group_id" || root != "examples/existing-vpc") {
				t.Errorf("%s: output %s copies a field of the bridgectl objects; bridgectl reads the objects only", root, name)
			}
		}
		for _, name := range []string{"bridge_port", "db_instance_identifier"} {
			if _, ok := outputs[name]; ok {
				t.Errorf("%s: output %s is one of the hand-copied outputs the objects replace", root, name)
			}
		}
	}
}

var (
	flagName   = regexp.MustCompile(`--([a-z][a-z-]*)`)
	outputName = regexp.MustCompile(`\b[a-z0-9]+(?:_[a-z0-9]+)+\b`)
)

// The messages that say what is missing point only at flags the command has and at fields the
// modules' objects have: seed once sent users to "the matching flags" of outputs no flag sets.
func TestMissingOutputsPointAtFlagsAndOutputsThatExist(t *testing.T) {
	sql := writeFile(t, "init.sql", "select 1;")
	regionOnly := tfOutputs(t, map[string]any{"bridge": map[string]any{"region": "ap-northeast-1"}})
	fields := objectFields(t)
	for _, c := range []struct {
		cmd  command
		args []string
	}{
		{&seedCmd{}, []string{"seed", "--outputs", regionOnly, "--file", sql}},
		{&doctorCmd{}, []string{"doctor", "--outputs", regionOnly}},
		{&logsCmd{}, []string{"logs", "--outputs", regionOnly}},
	} {
		code, _, stderr := run(t, english, c.args...)
		if code != ExitUsage || !strings.Contains(stderr, "The bridge output lacks") {
			t.Fatalf("%v: wanted exit 2 naming the missing fields, got %d %q", c.args, code, stderr)
		}
		fs := commandFlags(c.cmd)
		flags := flagName.FindAllStringSubmatch(stderr, -1)
		if len(flags) == 0 {
			t.Errorf("%v: wanted the message to say which flags help, got %q", c.args[0], stderr)
		}
		for _, m := range flags {
			if fs.Lookup(m[1]) == nil {
				t.Errorf("%v: the message points at --%s, which %s does not have: %q", c.args[0], m[1], c.args[0], stderr)
			}
		}
		for _, name := range outputName.FindAllString(stderr, -1) {
			if !fields[name] {
				t.Errorf("%v: the message names %s, which the modules' bridgectl objects do not have: %q", c.args[0], name, stderr)
			}
		}
		if strings.Contains(stderr, "matching flags") {
			t.Errorf("%v: wanted the flags named, not %q", c.args[0], stderr)
		}
	}
	// seed's --file is read from the current directory, as its help says: the example's
	// --dir examples/complete does not move it.
	if help := commandFlags(&seedCmd{}).Lookup("file").Usage; !strings.Contains(help, "current directory (not --dir)") {
		t.Errorf("wanted --file's help to say where the file is read from, got %q", help)
	}
}

// A failed seed points at log lines only when it printed some; otherwise it says why there are
// none, naming the output or the log group.
func TestSeedFailurePointsAtLogLinesOnlyWhenThereAreSome(t *testing.T) {
	sql := writeFile(t, "init.sql", "select 1;")
	datastore := stackDatastore()
	delete(datastore, "seed_log_group_name")
	withoutLogGroup := tfOutputs(t, map[string]any{"bridge": stackBridge(), "datastore": datastore})
	old := newSeedClients
	t.Cleanup(func() { newSeedClients = old })
	newSeedClients = func(context.Context, string) (seed.Clients, error) {
		f := &fakeService{exit: 3} // no log line: GetLogEvents answers none
		return seed.Clients{ECS: f, Logs: f, S3: &memS3{}}, nil
	}
	for _, c := range []struct{ outputs, want string }{
		{withoutLogGroup, "the datastore output lacks seed_log_group_name"},
		{writeOutputs(t), "no log line of the task could be read from /ecs/demo/seed"},
	} {
		code, _, stderr := run(t, english, "seed", "--outputs", c.outputs, "--file", sql, "--poll", "1ms")
		if code != ExitFinding || !strings.Contains(stderr, c.want) || strings.Contains(stderr, "above") {
			t.Errorf("wanted exit 1 and %q, with nothing said to be above; got %d %q", c.want, code, stderr)
		}
	}
}
