package moto

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
)

// The ids and ARNs whose tags IAM evaluates: every EC2 id a call names, in any parameter, and no
// value of the front's own additions.
func TestTheResourcesACallNames(t *testing.T) {
	got := ec2IDs(map[string]any{
		"GroupId": "sg-0abc", "VpcId": "vpc-01", "LaunchTemplate.LaunchTemplateId": "lt-0f", "CidrIp": "10.0.0.0/16",
		"Description": "subnet-like text", "_launchTemplate": "lt-99", "ResourceId.1": "rtb-7",
	})
	if want := []string{"lt-0f", "rtb-7", "sg-0abc", "vpc-01"}; !slices.Equal(got, want) {
		t.Errorf("ec2IDs = %v, want %v", got, want)
	}
	tg := "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/tf-1/abc"
	if got := elbARNs(map[string]any{"TargetGroupArn": tg, "Targets.member.1.Id": "10.0.1.5", "ListenerArn": "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener/app/x/1/2"}); !slices.Equal(got, []string{tg}) {
		t.Errorf("elbARNs = %v, want only the target group", got)
	}
}

// A front plays one account: every request it passes to moto names that account, and what it
// answers itself carries it, so two fronts on one moto are two accounts.
func TestAFrontPlaysItsAccount(t *testing.T) {
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Header.Get(accountHeader))
		_, _ = io.WriteString(w, "<DescribeVpcsResponse/>")
	}))
	t.Cleanup(srv.Close)
	f, err := NewAccountFront(srv.URL, "210987654321")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	if code, _ := callService(t, f, "ec2", url.Values{"Action": {"DescribeVpcs"}, "Version": {"2016-11-15"}}); code != http.StatusOK {
		t.Fatalf("DescribeVpcs through the front: status %d", code)
	}
	if len(seen) != 1 || seen[0] != "210987654321" {
		t.Errorf("moto was asked for accounts %v, want [210987654321]", seen)
	}
	create := `{"ecrRepositoryPrefix":"demo-ecr-public","upstreamRegistryUrl":"public.ecr.aws"}`
	if code, out := callJSON(t, f, "ecr", ecrTarget+"CreatePullThroughCacheRule", create); code != 200 || out["registryId"] != "210987654321" {
		t.Errorf("a cache rule of the second account: status %d, registryId %v", code, out["registryId"])
	}
}
