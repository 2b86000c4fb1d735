//go:build emulator

package emulator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"terraform-basemachina-modules/internal/certgen"
)

// TestExistingVPCCycle builds a VPC the way a customer already has one (the Terratest fixture),
// then applies examples/existing-vpc into it with interface endpoints, first with a revision that
// cannot start, then as it is; diagnoses and destroys it.
func TestExistingVPCCycle(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	azs := []string{"ap-northeast-1a", "ap-northeast-1c"}
	vpc := newStack(t, w, "test/integration/fixtures/network", "", map[string]any{"region": region, "name": "cyc-vpc", "azs": azs}).asAdministrator()
	vpc.apply()
	net := vpc.outputs()
	cidr := vpcCIDR(t, w, str(t, net, "vpc_id"))
	private := strs(t, net, "private_subnet_ids")

	const name = "bridge-evpc"
	s := newStack(t, w, "examples/existing-vpc", "", map[string]any{
		"name":                       name,
		"tenant_id":                  "tenant-one",
		"vpc_id":                     str(t, net, "vpc_id"),
		"vpc_cidr_blocks":            []string{cidr},
		"private_subnets":            []map[string]string{{"id": private[0], "availability_zone": azs[0]}, {"id": private[1], "availability_zone": azs[1]}},
		"public_subnet_ids":          strs(t, net, "public_subnet_ids"),
		"private_route_table_ids":    strs(t, net, "private_route_table_ids"),
		"domain_name":                testDomain,
		"certificate_arn":            importCertificate(t, w),
		"create_interface_endpoints": true,
		"restrict_endpoint_policies": true,
	})
	firstDeploymentThatCannotStartFails(t, s, name)
	t.Logf("apply: %s", s.apply())
	assertNoDrift(t, s.plan())
	assertRulesHold(t, s)
	assertStateReadsAsShown(t, s)
	out := s.outputs()
	if str(t, out, "bridge_url") != "https://"+testDomain {
		t.Errorf("bridge_url = %v", out["bridge_url"])
	}
	endpoints, ok := out["endpoint_ids"].(map[string]any)
	if !ok || len(endpoints) < 3 {
		t.Errorf("endpoint_ids = %v, want the interface endpoints", out["endpoint_ids"])
	}
	assertDoctor(t, s, out)

	// Elastic Load Balancing writes a test object into the log bucket when logging starts; moto
	// does not, so the test does, and the README's teardown must still destroy everything.
	putAccessLogTestObject(t, s)
	s.set(teardownVars)
	s.apply()
	s.must("destroy", "-auto-approve", "-input=false")
	if left := w.inventory(t).Matching(name); len(left) > 0 {
		t.Errorf("destroying existing-vpc left behind:\n%s", left)
	}
	vpc.must("destroy", "-auto-approve", "-input=false")
	if left := w.inventory(t).Matching(name, "cyc-vpc"); len(left) > 0 {
		t.Errorf("destroying the VPC fixture left behind:\n%s", left)
	}
}

func vpcCIDR(t *testing.T, w *world, id string) string {
	t.Helper()
	out, err := ec2.NewFromConfig(w.cfg).DescribeVpcs(ctx(t), &ec2.DescribeVpcsInput{VpcIds: []string{id}})
	if err != nil || len(out.Vpcs) != 1 {
		t.Fatalf("describe VPC %s: %v", id, err)
	}
	return aws.ToString(out.Vpcs[0].CidrBlock)
}

// importCertificate imports a self-signed certificate for the test domain, as an operator would
// bring their own with certificate_arn.
func importCertificate(t *testing.T, w *world) string {
	t.Helper()
	cert, err := certgen.Generate(certgen.Request{Domains: []string{testDomain}, KeyType: certgen.ECDSAP256, Validity: 30 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	out, err := acm.NewFromConfig(w.cfg).ImportCertificate(ctx(t), &acm.ImportCertificateInput{Certificate: cert.CertPEM, PrivateKey: cert.KeyPEM})
	if err != nil {
		t.Fatalf("import the test certificate: %v", err)
	}
	return aws.ToString(out.CertificateArn)
}

// firstDeploymentThatCannotStartFails applies the stack for the first time with a revision no task
// can start (a secret ARN that names no secret). There is no steady revision to roll back to: the
// circuit breaker fails the deployment (Amazon ECS Developer Guide, "How the Amazon ECS deployment
// circuit breaker detects failures"), and provider 5.x, which waits for one deployment running
// every desired task, fails the apply when deployment_timeout runs out. ECS's reason is in the
// service's events. The next apply without the typo replaces the tainted service and succeeds.
func firstDeploymentThatCannotStartFails(t *testing.T, s *stack, name string) {
	t.Helper()
	missing := "arn:aws:secretsmanager:" + region + ":" + s.w.account + ":secret:" + name + "-typo-AbCdEf"
	override := filepath.Join(s.dir, "first_revision_override.tf")
	if err := os.WriteFile(override, []byte(`module "bridge" {
  secrets            = { EXTRA_TOKEN = "`+missing+`" }
  deployment_timeout = "90s"
}
`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := s.terraform("apply", "-auto-approve", "-input=false")
	if err == nil {
		t.Fatal("the first apply succeeded although no task of its revision can start")
	}
	if !strings.Contains(err.Error(), "waiting for ECS Service") || !strings.Contains(err.Error(), "timeout") {
		t.Errorf("the first apply failed, but not at the service's wait:\n%v", err)
	}
	if first, _, _ := strings.Cut(err.Error(), "\n"); !strings.Contains(first, "ResourceInitializationError") || !strings.Contains(first, missing) {
		t.Errorf("the failed apply's first line does not give ECS's reason: %s", first)
	}
	svc := describeService(t, s.w, name, name+"-bridge")
	if len(svc.Deployments) != 1 || svc.Deployments[0].RolloutState != ecstypes.DeploymentRolloutStateFailed || svc.RunningCount != 0 {
		t.Errorf("after the failed first deployment the service reports %d running and deployments %+v, want one FAILED deployment and nothing running", svc.RunningCount, svc.Deployments)
	}
	if events := eventLines(svc); !strings.Contains(events, "ResourceInitializationError") || !strings.Contains(events, missing) {
		t.Errorf("the service's events do not give ECS's reason for the failed tasks:\n%s", events)
	}
	// docs/operations.md sends the operator to describe-services here: doctor reads the bridge
	// output, which waits for the service.
	if outputs := s.must("output", "-json"); strings.Contains(outputs, `"bridge"`) {
		t.Errorf("after the failed first apply the root has a bridge output; docs/operations.md says doctor cannot run yet:\n%s", outputs)
	}
	if err := os.Remove(override); err != nil {
		t.Fatal(err)
	}
}
