package moto

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"terraform-basemachina-modules/test/testfiles"
)

// planTypes reads the managed resource types of every offline plan (testdata/plans/*.json, the
// examples' `terraform show -json`), each with the plans that create it.
func planTypes(t *testing.T) map[string][]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(testfiles.Dir(), "plans", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no offline plans in testdata/plans (%v)", err)
	}
	types := map[string][]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var plan struct {
			ResourceChanges []struct {
				Mode string `json:"mode"`
				Type string `json:"type"`
			} `json:"resource_changes"`
		}
		if err := json.Unmarshal(data, &plan); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(plan.ResourceChanges) == 0 {
			t.Fatalf("%s has no resource_changes", f)
		}
		for _, rc := range plan.ResourceChanges {
			if rc.Mode == "managed" && !slices.Contains(types[rc.Type], filepath.Base(f)) {
				types[rc.Type] = append(types[rc.Type], filepath.Base(f))
			}
		}
	}
	return types
}

var resourceBlock = regexp.MustCompile(`(?m)^\s*resource\s+"([a-z0-9_]+)"\s+"`)

// moduleTypes reads the resource types the modules declare (modules/**/*.tf). The examples'
// plans leave some off (Redis, scaling policies, access-log logging), which the emulator cycles
// and users turn on, and those too can be left behind.
func moduleTypes(t *testing.T) map[string][]string {
	t.Helper()
	root := filepath.Join(testfiles.Root(), "modules")
	types := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".tf") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(testfiles.Root(), path)
		for _, m := range resourceBlock.FindAllStringSubmatch(string(data), -1) {
			if !slices.Contains(types[m[1]], rel) {
				types[m[1]] = append(types[m[1]], rel)
			}
		}
		return nil
	})
	if err != nil || len(types) == 0 {
		t.Fatalf("no resources read from modules/ (%v)", err)
	}
	return types
}

// TestInventoryDecidesEveryResourceType: every managed resource type of the stacks has a decision
// (a kind Take lists, or what it is part of), and every decision is about a type they create.
func TestInventoryDecidesEveryResourceType(t *testing.T) {
	plans, modules := planTypes(t), moduleTypes(t)
	for typ, where := range plans {
		if _, ok := resourceDecisions[typ]; !ok {
			t.Errorf("%s (planned by %s) is in no inventory kind and has no reason it cannot be left behind: add it to resourceDecisions (inventory_kinds.go)", typ, strings.Join(where, ", "))
		}
	}
	for typ, where := range modules {
		if _, ok := resourceDecisions[typ]; !ok {
			t.Errorf("%s (declared in %s) is in no inventory kind and has no reason it cannot be left behind: add it to resourceDecisions (inventory_kinds.go)", typ, strings.Join(where, ", "))
		}
	}
	listed := map[string]bool{}
	for _, l := range listers {
		for _, k := range l.kinds {
			listed[k] = true
		}
	}
	for typ, d := range resourceDecisions {
		if _, ok := plans[typ]; !ok {
			if _, ok := modules[typ]; !ok {
				t.Errorf("resourceDecisions has %s, which no plan in testdata/plans and no module creates: a stale entry", typ)
			}
		}
		switch {
		case (d.kind == "") == (d.part == ""):
			t.Errorf("%s: a decision is either a kind or a reason, not %+v", typ, d)
		case d.kind != "" && !listed[d.kind]:
			t.Errorf("%s is decided as kind %q, which no lister of Take lists", typ, d.kind)
		}
	}
}

// TestListersNameEachKindOnce: a kind comes from one lister (a gap drops the lister's kinds whole),
// and the gap kind is no lister's.
func TestListersNameEachKindOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, l := range listers {
		if len(l.kinds) == 0 || l.list == nil {
			t.Errorf("lister %v lists nothing", l.kinds)
		}
		for _, k := range l.kinds {
			if seen[k] || k == GapKind {
				t.Errorf("kind %q is listed twice or is the gap kind", k)
			}
			seen[k] = true
		}
	}
}

func TestOwnSecurityGroupsLeaveDefaultGroups(t *testing.T) {
	groups := []ec2types.SecurityGroup{
		{GroupId: aws.String("sg-1"), GroupName: aws.String("default")},
		{GroupId: aws.String("sg-2"), GroupName: aws.String("bridge-dev-bridge-alb-2024"), Tags: []ec2types.Tag{{Key: aws.String("Name"), Value: aws.String("bridge-dev-bridge-alb")}}},
		{GroupId: aws.String("sg-3"), GroupName: aws.String("bridge-dev-nat-instance")},
	}
	got := ownSecurityGroups(groups)
	want := []string{"sg-2 bridge-dev-bridge-alb-2024 bridge-dev-bridge-alb", "sg-3 bridge-dev-nat-instance"}
	if !slices.Equal(got, want) {
		t.Errorf("ownSecurityGroups = %q, want %q", got, want)
	}
}

func TestStackRecordsLeaveTheZoneApex(t *testing.T) {
	sets := []r53types.ResourceRecordSet{
		{Name: aws.String("example.com."), Type: r53types.RRTypeNs, ResourceRecords: []r53types.ResourceRecord{{Value: aws.String("ns-1.awsdns.com.")}}},
		{Name: aws.String("example.com."), Type: r53types.RRTypeSoa},
		{Name: aws.String("bridge.example.com."), Type: r53types.RRTypeA, AliasTarget: &r53types.AliasTarget{DNSName: aws.String("bridge-dev-alb-1.ap-northeast-1.elb.amazonaws.com")}},
		{Name: aws.String("_x.bridge.example.com."), Type: r53types.RRTypeCname, ResourceRecords: []r53types.ResourceRecord{{Value: aws.String("_y.acm-validations.aws.")}}},
		{Name: aws.String("sub.example.com."), Type: r53types.RRTypeNs, ResourceRecords: []r53types.ResourceRecord{{Value: aws.String("ns-2.awsdns.com.")}}},
	}
	got := stackRecords("example.com.", sets)
	want := []string{
		"bridge.example.com. A bridge-dev-alb-1.ap-northeast-1.elb.amazonaws.com",
		"_x.bridge.example.com. CNAME _y.acm-validations.aws.",
		"sub.example.com. NS ns-2.awsdns.com.",
	}
	if !slices.Equal(got, want) {
		t.Errorf("stackRecords = %q, want %q", got, want)
	}
	// The alias names the stack, though the record's own name is the user's domain.
	if len(Inventory{kindRecord: got}.Matching("bridge-dev")[kindRecord]) != 1 {
		t.Error("Matching does not find the alias record by the load balancer's name")
	}
}

func TestLiveServicesLeaveInactiveOnes(t *testing.T) {
	got := liveServices("bridge-dev", []ecstypes.Service{
		{ServiceName: aws.String("bridge-dev-bridge"), Status: aws.String("ACTIVE")},
		{ServiceName: aws.String("bridge-dev-old"), Status: aws.String("INACTIVE")},
		{ServiceName: aws.String("bridge-dev-going"), Status: aws.String("DRAINING")},
	})
	if want := []string{"bridge-dev/bridge-dev-bridge", "bridge-dev/bridge-dev-going"}; !slices.Equal(got, want) {
		t.Errorf("liveServices = %q, want %q", got, want)
	}
}

func TestSmallFilters(t *testing.T) {
	for state, gone := range map[ec2types.NatGatewayState]bool{
		ec2types.NatGatewayStateAvailable: false, ec2types.NatGatewayStatePending: false,
		ec2types.NatGatewayStateDeleted: true, ec2types.NatGatewayStateDeleting: true, ec2types.NatGatewayStateFailed: true,
	} {
		if goneNATGateway(state) != gone {
			t.Errorf("goneNATGateway(%s) = %v", state, !gone)
		}
	}
	if !scalingPolicyAlarm("TargetTracking-service/bridge-dev/bridge-dev-bridge-AlarmHigh-1f2e") || scalingPolicyAlarm("bridge-dev-bridge-alb-5xx") {
		t.Error("scalingPolicyAlarm tells the wrong alarms")
	}
	if got := entry("vpce-1", "", "bridge-dev-s3"); got != "vpce-1 bridge-dev-s3" {
		t.Errorf("entry = %q", got)
	}
}

// sdkStatusError is an error as an SDK client returns it for an HTTP status.
func sdkStatusError(status int) error {
	return &smithy.OperationError{ServiceID: "X", OperationName: "List", Err: &awshttp.ResponseError{
		ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}}, Err: errors.New("boom")},
	}}
}

// TestTakeSkipsWhatTheEmulatorLacks: a kind whose call moto answers 500 or 501 (an action it has
// not implemented) becomes a gap, with nothing of it kept, and Take goes on; a strict lister, or
// any other error, still fails Take.
func TestTakeSkipsWhatTheEmulatorLacks(t *testing.T) {
	ok := lister{kinds: []string{"fine"}, list: func(_ context.Context, _ *inventoryClients, add func(kind, name string)) error {
		add("fine", "b-stack")
		add("fine", "a-stack")
		return nil
	}}
	failing := func(strict bool, err error) lister {
		return lister{kinds: []string{"lacking"}, strict: strict, list: func(_ context.Context, _ *inventoryClients, add func(kind, name string)) error {
			add("lacking", "partial-stack")
			return err
		}}
	}
	for _, err := range []error{
		sdkStatusError(http.StatusInternalServerError), sdkStatusError(http.StatusNotImplemented),
		&statusError{service: "monitoring", action: "DescribeAlarms", status: http.StatusInternalServerError},
	} {
		inv := Inventory{}
		if err := takeWith(context.Background(), nil, []lister{failing(false, err), ok}, inv); err != nil {
			t.Fatalf("a kind the emulator lacks failed Take: %v", err)
		}
		if len(inv["lacking"]) != 0 || len(inv.Gaps()) != 1 || !strings.HasPrefix(inv.Gaps()[0], "lacking: ") {
			t.Errorf("after %v: inventory %v, want the kind as a gap only", err, inv)
		}
		if !slices.Equal(inv["fine"], []string{"a-stack", "b-stack"}) {
			t.Errorf("the other kinds were not listed and sorted: %v", inv["fine"])
		}
		if left := inv.Matching("stack", "lacking"); len(left) != 1 || len(left["fine"]) != 2 {
			t.Errorf("Matching = %v, want the listed entries and no gap", left)
		}
	}
	for _, l := range []lister{
		failing(true, sdkStatusError(http.StatusInternalServerError)),
		failing(false, sdkStatusError(http.StatusBadRequest)),
		failing(false, errors.New("connection refused")),
	} {
		if err := takeWith(context.Background(), nil, []lister{l, ok}, Inventory{}); err == nil {
			t.Errorf("strict=%v: the error did not fail Take", l.strict)
		}
	}
}

// fakeEmulator answers the raw calls (query and JSON 1.1) as moto 5.2.1 does, by the service of
// the credential scope and the action, and records which service each call was signed for.
type fakeEmulator struct {
	answers  map[string]string // "service Action" -> body
	services []string
}

func (f *fakeEmulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	service, action := identify(r, body)
	if !strings.Contains(r.Header.Get("Authorization"), "/ap-northeast-1/"+service+"/aws4_request") {
		http.Error(w, "unsigned", http.StatusForbidden)
		return
	}
	f.services = append(f.services, service)
	answer, ok := f.answers[service+" "+action]
	if !ok {
		// moto's server answers an action it lacks with its NotImplementedError: a 500 page.
		http.Error(w, "<title>500 Internal Server Error</title>", http.StatusInternalServerError)
		return
	}
	if form, _ := url.ParseQuery(string(body)); form.Get("Version") == "" && r.Header.Get("X-Amz-Target") == "" {
		http.Error(w, "no Version", http.StatusBadRequest)
		return
	}
	_, _ = io.WriteString(w, answer)
}

func TestRawListers(t *testing.T) {
	fake := &fakeEmulator{answers: map[string]string{
		"monitoring DescribeAlarms": `<DescribeAlarmsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><DescribeAlarmsResult>
			<MetricAlarms><member><AlarmName>bridge-dev-bridge-alb-5xx</AlarmName><Dimensions><member><Name>LoadBalancer</Name></member></Dimensions></member>
			<member><AlarmName>TargetTracking-service/bridge-dev/bridge-dev-bridge-AlarmHigh-1</AlarmName></member></MetricAlarms>
			<CompositeAlarms/></DescribeAlarmsResult></DescribeAlarmsResponse>`,
		"events ListRules": `{"Rules":[{"Name":"bridge-cicd-access-findings","Arn":"arn:aws:events:ap-northeast-1:123456789012:rule/bridge-cicd-access-findings"}]}`,
		"application-autoscaling DescribeScalableTargets": `{"ScalableTargets":[{"ServiceNamespace":"ecs","ResourceId":"service/bridge-dev/bridge-dev-bridge","ScalableDimension":"ecs:service:DesiredCount"}]}`,
		"elasticache DescribeReplicationGroups": `<DescribeReplicationGroupsResponse xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/"><DescribeReplicationGroupsResult><ReplicationGroups>
			<ReplicationGroup><ReplicationGroupId>bridge-redis-redis</ReplicationGroupId><Status>available</Status></ReplicationGroup>
			<ReplicationGroup><ReplicationGroupId>bridge-old-redis</ReplicationGroupId><Status>deleting</Status></ReplicationGroup>
			</ReplicationGroups></DescribeReplicationGroupsResult></DescribeReplicationGroupsResponse>`,
		"elasticache DescribeCacheSubnetGroups": `<DescribeCacheSubnetGroupsResponse><DescribeCacheSubnetGroupsResult><CacheSubnetGroups>
			<CacheSubnetGroup><CacheSubnetGroupName>bridge-redis-redis</CacheSubnetGroupName></CacheSubnetGroup>
			<CacheSubnetGroup><CacheSubnetGroupName>bridge-off-redis</CacheSubnetGroupName></CacheSubnetGroup>
			</CacheSubnetGroups></DescribeCacheSubnetGroupsResult></DescribeCacheSubnetGroupsResponse>`,
		"elasticache DescribeUsers": `<DescribeUsersResponse><DescribeUsersResult><Users>
			<member><UserId>default</UserId><Status>active</Status></member>
			<member><UserId>bridge-redis-app</UserId><Status>active</Status></member>
			<member><UserId>bridge-redis-gone</UserId><Status>deleting</Status></member>
			</Users></DescribeUsersResult></DescribeUsersResponse>`,
	}}
	server := httptest.NewServer(fake)
	defer server.Close()
	cfg := Config(server.URL, "ap-northeast-1")
	// The front records the subnet group a stack deleted, which moto cannot delete.
	front := &Front{elastiCache: newElastiCacheState()}
	front.elastiCache.deleted["subnet-group/bridge-off-redis"] = true

	inv := Inventory{}
	add := func(kind, name string) { inv[kind] = append(inv[kind], name) }
	ctx := context.Background()
	for name, list := range map[string]func() error{
		"alarms":        func() error { return listAlarms(ctx, cfg, add) },
		"event rules":   func() error { return listEventRules(ctx, cfg, add) },
		"targets":       func() error { return listScalableTargets(ctx, cfg, add) },
		"groups":        func() error { return listReplicationGroups(ctx, cfg, front, add) },
		"subnet groups": func() error { return listCacheSubnetGroups(ctx, cfg, front, add) },
		"users":         func() error { return listElastiCacheUsers(ctx, cfg, add) },
	} {
		if err := list(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	want := Inventory{
		kindAlarm:            {"bridge-dev-bridge-alb-5xx"},
		kindEventRule:        {"bridge-cicd-access-findings"},
		kindScalableTarget:   {"service/bridge-dev/bridge-dev-bridge"},
		kindReplicationGroup: {"bridge-redis-redis"},
		kindCacheSubnetGroup: {"bridge-redis-redis"},
		kindElastiCacheUser:  {"bridge-redis-app"},
	}
	if inv.String() != want.String() {
		t.Errorf("raw listers listed\n%s\nwant\n%s", inv, want)
	}
	sort.Strings(fake.services)
	if got := strings.Join(slices.Compact(fake.services), " "); got != "application-autoscaling elasticache events monitoring" {
		t.Errorf("calls were signed for %s", got)
	}

	// An action the emulator lacks is a 500, which emulatorLacks tells from other failures.
	delete(fake.answers, "monitoring DescribeAlarms")
	err := listAlarms(ctx, cfg, add)
	if err == nil || !emulatorLacks(err) {
		t.Errorf("a 500 for DescribeAlarms gave %v, want an error emulatorLacks accepts", err)
	}
	if emulatorLacks(fmt.Errorf("wrapped: %w", &statusError{status: http.StatusForbidden})) {
		t.Error("a 403 counted as something the emulator lacks")
	}
}
