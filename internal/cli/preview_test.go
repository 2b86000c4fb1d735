package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"terraform-basemachina-modules/internal/tfplan"
	"terraform-basemachina-modules/test/testfiles"
)

// A customer's own root, outside examples/: our module by a relative path, an S3 backend, an
// aliased provider and no region variable. The preview must plan it offline and leave it untouched.
func TestPreviewPlansACustomersOwnRoot(t *testing.T) {
	if testing.Short() {
		t.Skip("Skipping: the preview runs terraform init and plan (about 20 s); run without -short.")
	}
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(t.TempDir(), "live", "dev")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	modules, err := filepath.Rel(root, filepath.Join(repo, "modules"))
	if err != nil {
		t.Fatal(err)
	}
	mainTF := `terraform {
  backend "s3" {
    bucket       = "acme-tfstate"
    key          = "bridge/dev.tfstate"
    region       = "ap-northeast-1"
    use_lockfile = true
  }
}

provider "aws" {
  region = "ap-northeast-1"
}

provider "aws" {
  alias  = "virginia"
  region = "us-east-1"
}

variable "tenant_id" {
  type      = string
  sensitive = true
}

module "network" {
  source = "` + filepath.ToSlash(filepath.Join(modules, "network")) + `"
  name   = "acme-dev"
  azs    = ["ap-northeast-1a", "ap-northeast-1c"]
}

module "bridge" {
  source             = "` + filepath.ToSlash(filepath.Join(modules, "bridge")) + `"
  name               = "acme-dev"
  tenant_id          = var.tenant_id
  vpc_id             = module.network.vpc_id
  private_subnet_ids = module.network.private_subnet_ids
  public_subnet_ids  = module.network.public_subnet_ids
  certificate        = { domain_name = "bridge.acme.example", route53_zone_id = "Z0123456789ABCDEFGHIJ" }
  image_tag          = "v1.2.3"
}
`
	if err := os.WriteFile(filepath.Join(root, "main.tf"), []byte(mainTF), 0o644); err != nil {
		t.Fatal(err)
	}
	varFile := filepath.Join(root, "dev.tfvars")
	if err := os.WriteFile(varFile, []byte(`tenant_id = "00000000-0000-0000-0000-000000000000"`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	planJSON := filepath.Join(t.TempDir(), "dev.plan.json")
	code, stdout, stderr := run(t, english, "preview", root, "--var-file", varFile, "--out", planJSON)
	if code != ExitOK {
		t.Fatalf("wanted exit 0, got %d: %s", code, stderr)
	}
	// A customer's root is told what to run in its own repository, not this one's `make test`.
	unwrapped := strings.Join(strings.Fields(stdout), " ") // lines are wrapped to 100 columns
	for _, want := range []string{"Offline preview of " + root, "[OK]", "Total per month", planJSON, "bridgectl check PLAN.json", "--> https://api.basemachina.com"} {
		if !strings.Contains(unwrapped, want) {
			t.Errorf("wanted %q in:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "make test") {
		t.Errorf("wanted no `make test` for a root outside this repository's examples:\n%s", stdout)
	}
	if st, err := os.Stat(planJSON); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("wanted the plan JSON readable by its owner only, got %v %v", st, err)
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 2 {
		t.Errorf("wanted the root untouched (main.tf and dev.tfvars), found %v", entries)
	}
}

func TestPreviewRejectsBadInputBeforePlanning(t *testing.T) {
	dir := t.TempDir()
	empty := t.TempDir()
	_ = os.WriteFile(filepath.Join(dir, "main.tf"), []byte("# a root\n"), 0o644)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"two directories", []string{"preview", dir, empty}, "at most one root module directory"},
		{"not a directory", []string{"preview", filepath.Join(dir, "main.tf")}, "is not a directory"},
		{"no .tf files", []string{"preview", empty}, "holds no .tf files"},
		{"missing variables file", []string{"preview", dir, "--var-file", filepath.Join(dir, "nope.tfvars")}, "does not exist"},
		{"variable without a value", []string{"preview", dir, "--var", "tenant_id"}, "NAME=VALUE"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := run(t, english, c.args...)
			if code != ExitUsage || !strings.Contains(stderr, c.want) {
				t.Errorf("wanted exit 2 with %q, got %d %q", c.want, code, stderr)
			}
		})
	}
}

// stubPlan makes planOffline return the fixture plan of one example instead of running terraform,
// so the preview's report of a root is tested on the plan `make fixtures` keeps.
func stubPlan(t *testing.T, example string) {
	t.Helper()
	saved := planOffline
	t.Cleanup(func() { planOffline = saved })
	planOffline = func(context.Context, tfplan.Options) (*tfplan.Result, error) {
		data, err := os.ReadFile(testfiles.Plan(example))
		if err != nil {
			return nil, err
		}
		plan, err := tfplan.Parse(data)
		if err != nil {
			return nil, err
		}
		return &tfplan.Result{Plan: plan, JSON: data}, nil
	}
}

// A root in a region without prices gets the whole preview: what would be created, the traffic
// path, the checked properties and the plan JSON, with the cost said to be unavailable instead
// of an error that would hide everything else.
func TestPreviewOfARegionWithoutPricesIsWhole(t *testing.T) {
	stubPlan(t, "complete")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte("# a root\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	planJSON := filepath.Join(t.TempDir(), "plan.json")
	code, stdout, stderr := run(t, english, "preview", dir, "--region", "sa-east-1", "--out", planJSON)
	if code != ExitOK {
		t.Fatalf("wanted exit 0, got %d: %s", code, stderr)
	}
	for _, want := range []string{"What would be created", "Traffic path", "Security properties checked in the plan", "[OK]",
		"Monthly cost", `Monthly cost unavailable: there are no prices for region "sa-east-1"`, planJSON} {
		if !strings.Contains(stdout, want) {
			t.Errorf("wanted %q in:\n%s", want, stdout)
		}
	}
	for _, not := range []string{"Total per month", "USD"} {
		if strings.Contains(stdout, not) {
			t.Errorf("wanted no %q for a region without prices, got:\n%s", not, stdout)
		}
	}
	if _, err := os.Stat(planJSON); err != nil {
		t.Errorf("wanted the plan JSON written: %v", err)
	}

	code, stdout, _ = run(t, japanese, "preview", dir, "--region", "sa-east-1", "--out", planJSON)
	if code != ExitOK || !strings.Contains(stdout, "月額は出せません") || !strings.Contains(stdout, "作成されるリソース") {
		t.Errorf("wanted the Japanese preview with the cost unavailable, got %d:\n%s", code, stdout)
	}

	code, stdout, _ = run(t, english, "preview", dir, "--region", "sa-east-1", "--out", planJSON, "--json")
	var out struct {
		Summary struct {
			Total int `json:"total"`
		} `json:"summary"`
		Cost struct {
			Unavailable string `json:"unavailable"`
		} `json:"cost"`
		Compare []any `json:"compare"`
	}
	if code != ExitOK || json.Unmarshal([]byte(stdout), &out) != nil || out.Summary.Total == 0 ||
		!strings.Contains(out.Cost.Unavailable, "sa-east-1") || len(out.Compare) != 0 {
		t.Errorf("wanted the JSON summary with the cost marked unavailable and no comparison, got %d %s", code, stdout)
	}
}
