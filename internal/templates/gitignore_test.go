package templates

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"terraform-basemachina-modules/test/testfiles"
)

// TestTheTemplateIgnoresWhatMustNotBeCommitted: a customer's repository is a copy of the template
// alone, with none of this repository's ignore rules. Following the README there (terraform init,
// the bootstrap's first local state, a plan) must leave nothing to commit by mistake, and must keep
// what has to be committed: the lock files.
func TestTheTemplateIgnoresWhatMustNotBeCommitted(t *testing.T) {
	ignore, err := os.ReadFile(filepath.Join(testfiles.Root(), Dir, ".gitignore"))
	if err != nil {
		t.Fatalf("%s/.gitignore: %v", Dir, err)
	}
	repo := t.TempDir()
	if out, err := exec.Command("git", "init", "-q", repo).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(repo, ".gitignore"), ignore, 0o644); err != nil {
		t.Fatal(err)
	}
	check := func(path string) bool {
		cmd := exec.Command("git", "check-ignore", "--no-index", "-q", path)
		cmd.Dir = repo
		return cmd.Run() == nil
	}
	for _, path := range []string{
		"dev/.terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws_v5.100.0_x5",
		"bootstrap/terraform.tfstate", "bootstrap/terraform.tfstate.backup", "bootstrap/.terraform/terraform.tfstate",
		"production/tfplan", "production/plan.json", "production/plan.txt", "dev/emulator_override.tf",
	} {
		if !check(path) {
			t.Errorf("%s/.gitignore does not ignore %s", Dir, path)
		}
	}
	for _, path := range []string{"dev/.terraform.lock.hcl", "bootstrap/.terraform.lock.hcl", "dev/dev.tfvars", "bootstrap/bootstrap.tfvars", ".github/workflows/bridge.yml"} {
		if check(path) {
			t.Errorf("%s/.gitignore ignores %s, which must be committed", Dir, path)
		}
	}
}
