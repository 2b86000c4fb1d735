package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
		{"region without prices", []string{"preview", dir, "--region", "eu-west-1"}, "No prices for --region"},
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
