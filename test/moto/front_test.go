package moto

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeMoto stands in for moto: it records what reached it and answers with canned bodies.
type fakeMoto struct {
	reached []string
	answers map[string]string // action -> body
	inspect func(url.Values)  // sees each form-encoded request, when set
	fail    map[string]int    // action -> how many times to answer 500 first
}

func (u *fakeMoto) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	_, action := identify(r, body)
	u.reached = append(u.reached, action)
	if u.fail[action] > 0 {
		u.fail[action]--
		http.Error(w, "TypeError: argument of type 'NoneType' is not iterable", http.StatusInternalServerError)
		return
	}
	if form, err := url.ParseQuery(string(body)); err == nil && u.inspect != nil {
		u.inspect(form)
	}
	_, _ = io.WriteString(w, u.answers[action])
}

func newTestFront(t *testing.T, answers map[string]string) (*Front, *fakeMoto) {
	t.Helper()
	u := &fakeMoto{answers: answers}
	srv := httptest.NewServer(u)
	t.Cleanup(srv.Close)
	f, err := NewFront(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	return f, u
}

func auth(service string) string {
	return "AWS4-HMAC-SHA256 Credential=emulator/20261123/ap-northeast-1/" + service + "/aws4_request, SignedHeaders=host, Signature=0"
}

func callJSON(t *testing.T, f *Front, service, target, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, f.URL+"/", strings.NewReader(body))
	req.Header.Set("Authorization", auth(service))
	req.Header.Set("X-Amz-Target", target)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	out := map[string]any{}
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func callQuery(t *testing.T, f *Front, form url.Values) (int, string) {
	t.Helper()
	return callService(t, f, "elasticache", form)
}

// callService posts a query-protocol request signed for service.
func callService(t *testing.T, f *Front, service string, form url.Values) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, f.URL+"/", strings.NewReader(form.Encode()))
	req.Header.Set("Authorization", auth(service))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

const ecrTarget = "AmazonEC2ContainerRegistry_V20150921."

func TestPullThroughCacheRulesLiveInTheFront(t *testing.T) {
	f, u := newTestFront(t, nil)
	create := `{"ecrRepositoryPrefix":"demo-ecr-public","upstreamRegistryUrl":"public.ecr.aws"}`
	if code, out := callJSON(t, f, "ecr", ecrTarget+"CreatePullThroughCacheRule", create); code != 200 || out["registryId"] != registryID {
		t.Fatalf("create: %d %v", code, out)
	}
	if code, out := callJSON(t, f, "ecr", ecrTarget+"CreatePullThroughCacheRule", create); code != 400 || out["__type"] != "PullThroughCacheRuleAlreadyExistsException" {
		t.Errorf("a second rule with the same prefix: %d %v, want PullThroughCacheRuleAlreadyExistsException", code, out)
	}
	code, out := callJSON(t, f, "ecr", ecrTarget+"DescribePullThroughCacheRules", `{"ecrRepositoryPrefixes":["demo-ecr-public"]}`)
	rules, _ := out["pullThroughCacheRules"].([]any)
	if code != 200 || len(rules) != 1 {
		t.Errorf("describe: %d %v", code, out)
	}
	if code, _ := callJSON(t, f, "ecr", ecrTarget+"DeletePullThroughCacheRule", `{"ecrRepositoryPrefix":"demo-ecr-public"}`); code != 200 {
		t.Errorf("delete: %d", code)
	}
	if code, out := callJSON(t, f, "ecr", ecrTarget+"DescribePullThroughCacheRules", `{"ecrRepositoryPrefixes":["demo-ecr-public"]}`); code != 400 || out["__type"] != "PullThroughCacheRuleNotFoundException" {
		t.Errorf("describe after delete: %d %v, want PullThroughCacheRuleNotFoundException", code, out)
	}
	if len(u.reached) != 0 {
		t.Errorf("cache rule actions reached moto: %v", u.reached)
	}
}

func TestOtherActionsGoToMoto(t *testing.T) {
	f, u := newTestFront(t, map[string]string{"CreateRepository": `{"repository":{}}`})
	if code, _ := callJSON(t, f, "ecr", ecrTarget+"CreateRepository", `{}`); code != 200 || len(u.reached) != 1 || u.reached[0] != "CreateRepository" {
		t.Errorf("CreateRepository was not forwarded: %d %v", code, u.reached)
	}
}

// A read that moto fails while another request changes the same objects is asked again; a write
// is never repeated.
func TestReadsMotoFailsAreAskedAgain(t *testing.T) {
	f, u := newTestFront(t, map[string]string{"DescribeNetworkInterfaces": "<ok/>", "DeleteSubnet": "<ok/>"})
	u.fail = map[string]int{"DescribeNetworkInterfaces": 1, "DeleteSubnet": 1}
	if code, body := callService(t, f, "ec2", url.Values{"Action": {"DescribeNetworkInterfaces"}}); code != 200 || body != "<ok/>" {
		t.Errorf("a read moto failed once: got %d %q, want it asked again and answered", code, body)
	}
	if code, _ := callService(t, f, "ec2", url.Values{"Action": {"DeleteSubnet"}}); code != 500 {
		t.Errorf("a write moto failed: got %d, want moto's 500 passed on, not the write repeated", code)
	}
	if got := strings.Join(u.reached, ","); got != "DescribeNetworkInterfaces,DescribeNetworkInterfaces,DeleteSubnet" {
		t.Errorf("moto was asked %s", got)
	}
}

func TestScalableTargetTagsSurviveRegistration(t *testing.T) {
	f, _ := newTestFront(t, map[string]string{"RegisterScalableTarget": `{"ScalableTargetARN":"arn:aws:application-autoscaling:ap-northeast-1:123456789012:scalable-target/abc"}`})
	const target = "AnyScaleFrontendService."
	callJSON(t, f, "application-autoscaling", target+"RegisterScalableTarget", `{"Tags":{"Project":"bridge"}}`)
	callJSON(t, f, "application-autoscaling", target+"TagResource", `{"ResourceARN":"arn:aws:application-autoscaling:ap-northeast-1:123456789012:scalable-target/abc","Tags":{"Env":"dev"}}`)
	_, out := callJSON(t, f, "application-autoscaling", target+"ListTagsForResource", `{"ResourceARN":"arn:aws:application-autoscaling:ap-northeast-1:123456789012:scalable-target/abc"}`)
	tags, _ := out["Tags"].(map[string]any)
	if tags["Project"] != "bridge" || tags["Env"] != "dev" {
		t.Errorf("tags = %v, want the registration's and the TagResource's", out)
	}
}

func TestUserGroupsAndSubnetGroupDeletion(t *testing.T) {
	f, u := newTestFront(t, map[string]string{"DescribeCacheSubnetGroups": "<moto/>",
		"DescribeUsers": "<DescribeUsersResponse><DescribeUsersResult><Users><member><UserId>demo-default</UserId><UserName>default</UserName></member></Users></DescribeUsersResult></DescribeUsersResponse>"})
	form := url.Values{"Action": {"CreateUserGroup"}, "UserGroupId": {"demo-redis"}, "Engine": {"redis"},
		"UserIds.member.1": {"demo-default"}, "UserIds.member.2": {"demo-app"}, "Tags.Tag.1.Key": {"Project"}, "Tags.Tag.1.Value": {"bridge"}}
	if code, body := callQuery(t, f, form); code != 200 || !strings.Contains(body, "<member>demo-app</member>") {
		t.Fatalf("create: %d %s", code, body)
	}
	code, body := callQuery(t, f, url.Values{"Action": {"ListTagsForResource"}, "ResourceName": {"arn:aws:elasticache:ap-northeast-1:123456789012:usergroup:demo-redis"}})
	if code != 200 || !strings.Contains(body, "<Key>Project</Key><Value>bridge</Value>") {
		t.Errorf("tags of the user group: %d %s", code, body)
	}
	callQuery(t, f, url.Values{"Action": {"DeleteUserGroup"}, "UserGroupId": {"demo-redis"}})
	if code, body := callQuery(t, f, url.Values{"Action": {"DescribeUserGroups"}, "UserGroupId": {"demo-redis"}}); code != 404 || !strings.Contains(body, "UserGroupNotFound") {
		t.Errorf("describe after delete: %d %s", code, body)
	}
	callQuery(t, f, url.Values{"Action": {"DeleteCacheSubnetGroup"}, "CacheSubnetGroupName": {"demo-redis"}})
	if code, body := callQuery(t, f, url.Values{"Action": {"DescribeCacheSubnetGroups"}, "CacheSubnetGroupName": {"demo-redis"}}); code != 404 || !strings.Contains(body, "CacheSubnetGroupNotFoundFault") {
		t.Errorf("a deleted subnet group is still described: %d %s", code, body)
	}
	// Only the check of the group's default user asks moto (checkDefaultUser, elasticache.go); the
	// rest is answered.
	if strings.Join(u.reached, ",") != "DescribeUsers" {
		t.Errorf("answered actions reached moto: %v", u.reached)
	}
}

func TestModifyUserAnswersWithTheUserMotoDescribes(t *testing.T) {
	f, u := newTestFront(t, map[string]string{"DescribeUsers": `<DescribeUsersResponse><DescribeUsersResult><Users><member><UserId>demo-app</UserId><Status>active</Status></member></Users></DescribeUsersResult></DescribeUsersResponse>`})
	code, body := callQuery(t, f, url.Values{"Action": {"ModifyUser"}, "UserId": {"demo-app"}, "Passwords.member.1": {"new-password-of-64-characters"}})
	if code != 200 || !strings.Contains(body, "<ModifyUserResult><UserId>demo-app</UserId><Status>active</Status></ModifyUserResult>") {
		t.Errorf("ModifyUser: %d %s", code, body)
	}
	if strings.Contains(body, "new-password") {
		t.Errorf("the answer repeats the password, which AWS never does: %s", body)
	}
	if len(u.reached) != 1 || u.reached[0] != "DescribeUsers" {
		t.Errorf("moto was asked %v, want DescribeUsers alone (it has no ModifyUser)", u.reached)
	}
	u.answers["DescribeUsers"] = `<DescribeUsersResponse><DescribeUsersResult><Users/></DescribeUsersResult></DescribeUsersResponse>`
	if code, body := callQuery(t, f, url.Values{"Action": {"ModifyUser"}, "UserId": {"gone"}}); code != 404 || !strings.Contains(body, "UserNotFound") {
		t.Errorf("ModifyUser of an unknown user: %d %s", code, body)
	}
}

func TestADeletedSubnetGroupCanBeCreatedAgainWithItsSubnets(t *testing.T) {
	held := `<DescribeCacheSubnetGroupsResponse><DescribeCacheSubnetGroupsResult><CacheSubnetGroups><CacheSubnetGroup><CacheSubnetGroupName>demo-redis</CacheSubnetGroupName><Subnets><Subnet><SubnetIdentifier>subnet-a</SubnetIdentifier></Subnet><Subnet><SubnetIdentifier>subnet-b</SubnetIdentifier></Subnet></Subnets></CacheSubnetGroup></CacheSubnetGroups></DescribeCacheSubnetGroupsResult></DescribeCacheSubnetGroupsResponse>`
	f, u := newTestFront(t, map[string]string{"DescribeCacheSubnetGroups": held, "CreateCacheSubnetGroup": "<moto/>"})
	create := func(subnets ...string) (int, string) {
		form := url.Values{"Action": {"CreateCacheSubnetGroup"}, "CacheSubnetGroupName": {"demo-redis"}}
		for i, s := range subnets {
			form.Set("SubnetIds.SubnetIdentifier."+strconv.Itoa(i+1), s)
		}
		return callQuery(t, f, form)
	}
	if code, _ := create("subnet-a", "subnet-b"); code != 200 || len(u.reached) != 1 || u.reached[0] != "CreateCacheSubnetGroup" {
		t.Fatalf("a new name must go to moto: %d %v", code, u.reached)
	}
	callQuery(t, f, url.Values{"Action": {"DeleteCacheSubnetGroup"}, "CacheSubnetGroupName": {"demo-redis"}})
	if code, body := create("subnet-c"); code != 400 || !strings.Contains(body, "cannot change them") {
		t.Errorf("other subnets for a deleted group: %d %s", code, body)
	}
	if code, body := create("subnet-b", "subnet-a"); code != 200 || !strings.Contains(body, "<CreateCacheSubnetGroupResult><CacheSubnetGroup>") {
		t.Errorf("the same subnets again: %d %s", code, body)
	}
	if code, _ := callQuery(t, f, url.Values{"Action": {"DescribeCacheSubnetGroups"}, "CacheSubnetGroupName": {"demo-redis"}}); code != 200 {
		t.Errorf("the group created again is still reported deleted: %d", code)
	}
}

func TestOneOffTasksFinish(t *testing.T) {
	f, u := newTestFront(t, map[string]string{
		"DescribeTaskDefinition": `{"taskDefinition":{"taskDefinitionArn":"arn:td:seed:1","containerDefinitions":[{"name":"seed","image":"public.ecr.aws/docker/library/postgres:16"}]}}`,
		"DescribeClusters":       `{"clusters":[{"clusterArn":"arn:aws:ecs:ap-northeast-1:123456789012:cluster/demo","status":"ACTIVE"}]}`,
		"DescribeTasks":          `{"tasks":[{"taskArn":"arn:task/2","lastStatus":"RUNNING"}]}`,
		"DescribeServices":       `{"services":[{"serviceName":"demo-bridge","taskDefinition":"arn:td:2"}]}`,
	})
	const target = "AmazonEC2ContainerServiceV20141113."
	code, out := callJSON(t, f, "ecs", target+"RunTask", `{"cluster":"demo","taskDefinition":"arn:td:seed:1","startedBy":"bridgectl-seed"}`)
	tasks, _ := out["tasks"].([]any)
	if code != 200 || len(tasks) != 1 {
		t.Fatalf("RunTask: %d %v", code, out)
	}
	arn := tasks[0].(map[string]any)["taskArn"].(string)
	if got := f.RunTaskRequests(); len(got) != 1 || !strings.Contains(string(got[0]), "bridgectl-seed") {
		t.Errorf("recorded RunTask requests: %s", got)
	}
	_, out = callJSON(t, f, "ecs", target+"DescribeTasks", `{"tasks":["`+arn+`"]}`)
	one := out["tasks"].([]any)[0].(map[string]any)
	exit := one["containers"].([]any)[0].(map[string]any)["exitCode"]
	// The canned account has no subnet that routes anywhere: ECS cannot pull a public image, so
	// the task stops with ECS's reason and no container ran (runtime.go decides; the cycles run
	// the same path on real stacks and see exit 0).
	if one["lastStatus"] != "STOPPED" || exit != nil || !strings.Contains(fmt.Sprint(one["stoppedReason"]), "CannotPullContainerError") {
		t.Errorf("the one-off task should stop before any container ran, with ECS's reason: %v", out)
	}
	_, out = callJSON(t, f, "ecs", target+"DescribeTasks", `{"tasks":["arn:task/2"]}`)
	if out["tasks"].([]any)[0].(map[string]any)["lastStatus"] != "RUNNING" {
		t.Errorf("other tasks must come from moto unchanged: %v", out)
	}
	// A service without a desired count is passed on as moto describes it.
	_, out = callJSON(t, f, "ecs", target+"DescribeServices", `{}`)
	if td := out["services"].([]any)[0].(map[string]any)["taskDefinition"]; td != "arn:td:2" {
		t.Errorf("the service reports %v, want moto's arn:td:2", td)
	}
	// The first DescribeTaskDefinition reads the roles RunTask passes, for the call's record.
	if strings.Join(u.reached, ",") != "DescribeTaskDefinition,DescribeTaskDefinition,DescribeClusters,DescribeTaskDefinition,DescribeRepositories,DescribeTasks,DescribeServices" {
		t.Errorf("moto saw %v", u.reached)
	}
}

func TestRunTaskRefusesAnUnknownTaskDefinition(t *testing.T) {
	f, _ := newTestFront(t, map[string]string{})
	// The canned fakeMoto answers an empty body with 200; an unknown definition is a decode failure.
	code, out := callJSON(t, f, "ecs", "AmazonEC2ContainerServiceV20141113.RunTask", `{"cluster":"demo","taskDefinition":"missing"}`)
	if code != 400 || len(f.RunTaskRequests()) != 0 {
		t.Errorf("RunTask of an unknown task definition: %d %v", code, out)
	}
}

func TestQueryListsInBothForms(t *testing.T) {
	form := url.Values{"A.member.1": {"x"}, "A.member.2": {"y"}, "B.SecurityGroupId.1": {"sg-1"}, "B.SecurityGroupId.2": {"sg-2"}, "B.Other": {"z"}}
	if got := members(form, "A"); strings.Join(got, ",") != "x,y" {
		t.Errorf("members(A) = %v", got)
	}
	if got := members(form, "B"); strings.Join(got, ",") != "sg-1,sg-2" {
		t.Errorf("members(B) = %v", got)
	}
}

func TestEachDBInstanceGetsItsOwnResourceID(t *testing.T) {
	const same = "<DbiResourceId>db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U</DbiResourceId>"
	f, u := newTestFront(t, map[string]string{"DescribeDBInstances": "<DBInstances>" +
		"<DBInstance><DBInstanceIdentifier>a-postgres</DBInstanceIdentifier>" + same + "</DBInstance>" +
		"<DBInstance><DBInstanceIdentifier>b-postgres</DBInstanceIdentifier>" + same + "</DBInstance></DBInstances>"})
	req := func(form url.Values) string {
		_, body := callService(t, f, "rds", form)
		return body
	}
	body := req(url.Values{"Action": {"DescribeDBInstances"}})
	a, b := resourceIDFor("a-postgres"), resourceIDFor("b-postgres")
	if a == b || !strings.Contains(body, a) || !strings.Contains(body, b) || strings.Contains(body, "M5ENSHXFPU6XHZ4G4ZEI5QIO2U") {
		t.Fatalf("resource ids not made unique: %s", body)
	}
	var forwarded url.Values
	u.inspect = func(form url.Values) { forwarded = form }
	req(url.Values{"Action": {"DescribeDBInstances"}, "Filters.Filter.1.Name": {"dbi-resource-id"}, "Filters.Filter.1.Values.Value.1": {b}})
	if forwarded.Get("Filters.Filter.1.Name") != "db-instance-id" || forwarded.Get("Filters.Filter.1.Values.Value.1") != "b-postgres" {
		t.Errorf("a lookup by resource id reached moto as %v", forwarded)
	}
}

func TestExportedDBLogsGetTheLogGroupsRDSWouldCreate(t *testing.T) {
	f, u := newTestFront(t, map[string]string{"CreateDBInstance": "<DBInstance/>", "ModifyDBInstance": "<DBInstance/>"})
	callService(t, f, "rds", url.Values{"Action": {"CreateDBInstance"}, "DBInstanceIdentifier": {"a-postgres"},
		"EnableCloudwatchLogsExports.member.1": {"postgresql"}, "EnableCloudwatchLogsExports.member.2": {"upgrade"}})
	callService(t, f, "rds", url.Values{"Action": {"ModifyDBInstance"}, "DBInstanceIdentifier": {"b-postgres"},
		"CloudwatchLogsExportConfiguration.EnableLogTypes.member.1": {"postgresql"}})
	callService(t, f, "rds", url.Values{"Action": {"CreateDBInstance"}, "DBInstanceIdentifier": {"c-postgres"}})
	if got := strings.Join(u.reached, ","); got != "CreateDBInstance,CreateLogGroup,CreateLogGroup,ModifyDBInstance,CreateLogGroup,CreateDBInstance" {
		t.Errorf("moto saw %s, want a log group per exported log and none without exports", got)
	}
}

func TestDBMonitoringSettingsReadBack(t *testing.T) {
	f, _ := newTestFront(t, map[string]string{
		"CreateDBInstance":    "<DBInstance><DBInstanceIdentifier>a-postgres</DBInstanceIdentifier></DBInstance>",
		"DescribeDBInstances": "<DBInstances><DBInstance><DBInstanceIdentifier>a-postgres</DBInstanceIdentifier><MonitoringInterval>0</MonitoringInterval></DBInstance></DBInstances>",
	})
	post := func(form url.Values) string {
		_, body := callService(t, f, "rds", form)
		return body
	}
	post(url.Values{"Action": {"CreateDBInstance"}, "DBInstanceIdentifier": {"a-postgres"}, "MonitoringInterval": {"60"}, "EnablePerformanceInsights": {"true"}})
	body := post(url.Values{"Action": {"DescribeDBInstances"}})
	if !strings.Contains(body, "<MonitoringInterval>60</MonitoringInterval>") || strings.Contains(body, "<MonitoringInterval>0<") ||
		!strings.Contains(body, "<PerformanceInsightsEnabled>true</PerformanceInsightsEnabled>") {
		t.Errorf("monitoring settings not stated: %s", body)
	}
}

func TestMotoGetsBucketPoliciesWithoutConditionalDenies(t *testing.T) {
	tlsOnly := `{"Version":"2012-10-17","Statement":[{"Sid":"DenyPlainHttp","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
	if got, err := withoutConditionalDenies([]byte(tlsOnly)); err != nil || got != nil {
		t.Errorf("a policy of only the TLS deny leaves nothing for moto; got %s, %v", got, err)
	}
	mixed := `{"Version":"2012-10-17","Statement":[{"Sid":"ElbLogDelivery","Effect":"Allow","Principal":{"Service":"logdelivery.elasticloadbalancing.amazonaws.com"},"Action":"s3:PutObject","Resource":"*"},` +
		`{"Sid":"DenyPlainHttp","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}},` +
		`{"Sid":"DenyOthers","Effect":"Deny","Principal":"*","Action":"s3:DeleteBucket","Resource":"*"}]}`
	got, err := withoutConditionalDenies([]byte(mixed))
	if err != nil {
		t.Fatal(err)
	}
	if s := string(got); !strings.Contains(s, "ElbLogDelivery") || !strings.Contains(s, "DenyOthers") || strings.Contains(s, "DenyPlainHttp") {
		t.Errorf("wanted only the conditional deny dropped, got %s", s)
	}
}

func TestLaunchTemplateVersionsLoseOnlyTheTemplatesOwnTagSpecification(t *testing.T) {
	in := `<DescribeLaunchTemplateVersionsResponse><launchTemplateVersionSet><item><launchTemplateData><tagSpecificationSet>` +
		`<item><resourceType>instance</resourceType><tagSet><item><key>Name</key><value>n</value></item></tagSet></item>` +
		`<item><resourceType>launch-template</resourceType><tagSet><item><key>Name</key><value>n</value></item><item><key>k</key><value>v</value></item></tagSet></item>` +
		`<item><resourceType>volume</resourceType><tagSet><item><key>Name</key><value>n</value></item></tagSet></item>` +
		`</tagSpecificationSet></launchTemplateData></item></launchTemplateVersionSet></DescribeLaunchTemplateVersionsResponse>`
	got := string(withoutLaunchTemplateTagSpec([]byte(in)))
	if strings.Contains(got, "launch-template") || !strings.Contains(got, "<resourceType>instance</resourceType>") || !strings.Contains(got, "<resourceType>volume</resourceType>") ||
		!strings.HasSuffix(got, "</tagSpecificationSet></launchTemplateData></item></launchTemplateVersionSet></DescribeLaunchTemplateVersionsResponse>") {
		t.Errorf("wanted only the launch-template item removed, got %s", got)
	}
}

// moto is asked one request at a time, however many the provider sends at once.
func TestMotoIsAskedOneRequestAtATime(t *testing.T) {
	var mu sync.Mutex
	inFlight, most := 0, 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
		_, _ = io.WriteString(w, "<ok/>")
	}))
	t.Cleanup(srv.Close)
	f, err := NewFront(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodPost, f.URL+"/", strings.NewReader("Action=DescribeVpcs"))
			req.Header.Set("Authorization", auth("ec2"))
			if resp, err := http.DefaultClient.Do(req); err == nil {
				_ = resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	if most != 1 {
		t.Errorf("moto had %d requests in flight at once, want 1", most)
	}
}
