//go:build integration

package integration

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/gruntwork-io/terratest/modules/terraform"
	test_structure "github.com/gruntwork-io/terratest/modules/test-structure"

	"terraform-basemachina-modules/internal/certgen"
	"terraform-basemachina-modules/internal/diagnose"
)

// TestExistingVPCExample creates a VPC the way a customer already has one, then deploys
// examples/existing-vpc into it with the VPC endpoints on.
func TestExistingVPCExample(t *testing.T) {
	t.Parallel()
	cfg := awsConfig(t)
	tenant := tenantID(t)
	root := repoRoot(t)
	// The deploy and checks have 70 minutes; the deferred destroy has its own 45 (destroyContext).
	ctx, cancel := context.WithTimeout(context.Background(), 70*time.Minute)
	defer cancel()
	name := uniqueName("bv")
	azs := []string{cfg.Region + "a", cfg.Region + "c"}

	netDir := test_structure.CopyTerraformFolderToTemp(t, root, "test/integration/fixtures/network")
	netOpts := options(t, root, netDir, withStackBoundary(map[string]any{"region": cfg.Region, "name": name, "azs": azs}))
	defer func() {
		dctx, dcancel := destroyContext()
		defer dcancel()
		terraform.DestroyContext(t, dctx, netOpts)
	}()
	terraform.InitAndApplyContext(t, ctx, netOpts)

	// A self-signed certificate imported into ACM stands in for the customer's own.
	cert, err := certgen.Generate(certgen.Request{Domains: []string{name + ".example.com"}, KeyType: certgen.ECDSAP256, Validity: 7 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	acmClient := acm.NewFromConfig(cfg)
	imported, err := acmClient.ImportCertificate(ctx, &acm.ImportCertificateInput{Certificate: cert.CertPEM, PrivateKey: cert.KeyPEM})
	if err != nil {
		t.Fatalf("import test certificate: %v", err)
	}
	defer func() {
		// The listener is gone once the stack is destroyed; ACM then lets the certificate go.
		_, _ = acmClient.DeleteCertificate(context.Background(), &acm.DeleteCertificateInput{CertificateArn: imported.CertificateArn})
	}()

	private := terraform.OutputListContext(t, ctx, netOpts, "private_subnet_ids")
	subnets := []map[string]string{}
	for i, id := range private {
		subnets = append(subnets, map[string]string{"id": id, "availability_zone": azs[i]})
	}
	dir := test_structure.CopyTerraformFolderToTemp(t, root, "examples/existing-vpc")
	opts := options(t, root, dir, withStackBoundary(map[string]any{
		"region":                     cfg.Region,
		"name":                       name,
		"tenant_id":                  tenant,
		"vpc_id":                     terraform.OutputContext(t, ctx, netOpts, "vpc_id"),
		"private_subnets":            subnets,
		"public_subnet_ids":          terraform.OutputListContext(t, ctx, netOpts, "public_subnet_ids"),
		"private_route_table_ids":    terraform.OutputListContext(t, ctx, netOpts, "private_route_table_ids"),
		"domain_name":                name + ".example.com",
		"certificate_arn":            aws.ToString(imported.CertificateArn),
		"create_interface_endpoints": true,
		"create_s3_endpoint":         true,
		// Interface endpoints admit the VPC's own addresses (vpc-endpoints requires them).
		"vpc_cidr_blocks":               []string{terraform.OutputContext(t, ctx, netOpts, "vpc_cidr_block")},
		"protect_from_deletion":         false,
		"delete_access_logs_on_destroy": true,
	}))
	defer func() {
		dctx, dcancel := destroyContext()
		defer dcancel()
		terraform.DestroyContext(t, dctx, opts)
	}()
	terraform.InitAndApplyContext(t, ctx, opts)

	waitHealthy(t, ctx, diagnose.Clients{ECS: ecs.NewFromConfig(cfg), ELB: elbv2.NewFromConfig(cfg)}, stackOutputs(t, ctx, opts))
	endpoints := terraform.OutputMapContext(t, ctx, opts, "endpoint_ids")
	for _, svc := range []string{"s3", "ecr.api", "ecr.dkr", "logs", "secretsmanager"} {
		if endpoints[svc] == "" {
			t.Errorf("wanted the %s endpoint, got %v", svc, endpoints)
		}
	}
}
