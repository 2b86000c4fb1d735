//go:build integration

// Package integration deploys the examples to a real AWS account with Terratest. It runs only with
// the integration build tag and skips, with one sentence, when no AWS credentials are available.
package integration

import (
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/gruntwork-io/terratest/modules/random"
	"github.com/gruntwork-io/terratest/modules/terraform"

	"terraform-basemachina-modules/internal/diagnose"
	"terraform-basemachina-modules/internal/tfplan"
)

// awsConfig loads the default credential chain (environment, profiles, SSO, OIDC web identity) and
// proves it works, or skips the test.
func awsConfig(t *testing.T) aws.Config {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	region := os.Getenv("AWS_REGION")
	if region == "" {
		region = "ap-northeast-1"
	}
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))
	if err == nil {
		_, err = sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	}
	if err != nil {
		skipOrFail(t, "no usable AWS credentials in the default chain (%v)", err)
	}
	return cfg
}

func tenantID(t *testing.T) string {
	t.Helper()
	id := os.Getenv("BASEMACHINA_TENANT_ID")
	if id == "" {
		skipOrFail(t, "set BASEMACHINA_TENANT_ID to a real tenant id, or the Bridge cannot fetch its key and become healthy")
	}
	return id
}

// skipOrFail skips on a developer's machine and fails in CI: the nightly job that deployed nothing
// for want of a secret or a role must not pass.
func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") != "" || os.Getenv("GITHUB_ACTIONS") == "true" {
		t.Fatalf("The AWS integration test cannot run in CI: "+format+".", args...)
	}
	t.Skipf("Skipping the AWS integration test: "+format+".", args...)
}

// destroyContext is the context of a deferred destroy: its own time, not what the deploy left of
// the test's, so a deploy that ran out of time still tears down what it created.
func destroyContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 45*time.Minute)
}

// withStackBoundary adds the bootstrap's permissions boundary when BRIDGE_STACK_BOUNDARY_ARN names
// one: with credentials of the bootstrap's apply role (the nightly workflow takes them when
// AWS_INTEGRATION_APPLY_ROLE_ARN is set), every role the stack creates must carry it, as in CI.
func withStackBoundary(vars map[string]any) map[string]any {
	if arn := os.Getenv("BRIDGE_STACK_BOUNDARY_ARN"); arn != "" {
		vars["iam_permissions_boundary"] = arn
	}
	return vars
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// uniqueName is short and lowercase so every derived AWS name fits. BRIDGE_NAME_PREFIX replaces
// the prefix, so the names fall under the apply role's environment prefix (bootstrap name_prefix).
func uniqueName(prefix string) string {
	if p := os.Getenv("BRIDGE_NAME_PREFIX"); p != "" {
		prefix = p
	}
	return prefix + "-" + strings.ToLower(random.UniqueID())
}

func terraformEnv(root string) map[string]string {
	return map[string]string{"TF_CLI_CONFIG_FILE": tfplan.CLIConfigFile(root)}
}

func options(t *testing.T, root, dir string, vars map[string]any) *terraform.Options {
	return terraform.WithDefaultRetryableErrors(t, &terraform.Options{
		TerraformDir: dir,
		Vars:         vars,
		EnvVars:      terraformEnv(root),
		NoColor:      true,
	})
}

// stackOutputs reads the applied root's `terraform output -json` as bridgectl does: its bridge and
// datastore objects.
func stackOutputs(t *testing.T, ctx context.Context, opts *terraform.Options) diagnose.Stack {
	t.Helper()
	stack, err := diagnose.FromTerraformOutput([]byte(terraform.OutputJSONContext(t, ctx, opts, "")))
	if err != nil {
		t.Fatalf("read the outputs as bridgectl does: %v", err)
	}
	return stack
}

// runnerCIDR is this machine's public address, so the test can call the ALB that otherwise only
// admits BaseMachina.
func runnerCIDR(t *testing.T) string {
	t.Helper()
	resp, err := http.Get("https://checkip.amazonaws.com")
	if err != nil {
		t.Fatalf("find this runner's public IP: %v", err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(body)) + "/32"
}

// insecureTLS accepts the self-signed test certificate: the test checks the Bridge, not the PKI.
func insecureTLS() *tls.Config {
	return &tls.Config{InsecureSkipVerify: true} //nolint:gosec // self-signed certificate of a test stack
}
