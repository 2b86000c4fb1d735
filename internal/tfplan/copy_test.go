package tfplan

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

// A test copies what the repository holds: a certificate `make preview` wrote, a tfvars or an
// override a user left, state and Terraform's working files stay behind (issue: a fresh clone's
// upgrade test re-imported the certificate `make preview` had written).
func TestCopyRepositoryFilesLeavesWhatAUserLeftBehind(t *testing.T) {
	repo := t.TempDir()
	write := func(rel, text string) {
		t.Helper()
		p := filepath.Join(repo, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(".gitignore", "override.tf\n*.tfvars\n.terraform/\n")
	write("root/main.tf", "# tracked\n")
	write("root/deleted.tf", "# tracked, then deleted in the work tree\n")
	write("root/certs/.gitignore", "*\n!.gitignore\n")
	write("root/tests/a.tftest.hcl", "# native tests are not copied\n")
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.email=t@example.com", "-c", "user.name=t"}, args...)...)
		cmd.Dir = repo
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "init")
	if err := os.Remove(filepath.Join(repo, "root/deleted.tf")); err != nil {
		t.Fatal(err)
	}
	write("root/new.tf", "# new, not yet added: part of the change under test\n")
	write("root/certs/bridge.crt", "left by make preview\n")
	write("root/override.tf", "left by a user\n")
	write("root/terraform.tfvars", "left by a user\n")
	write("root/terraform.tfstate", "{}\n")
	write("root/.terraform/providers/x", "working files\n")

	dst := t.TempDir()
	if err := CopyRepositoryFiles(filepath.Join(repo, "root"), dst); err != nil {
		t.Fatal(err)
	}
	var got []string
	_ = filepath.WalkDir(dst, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dst, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(got)
	want := []string{"certs/.gitignore", "main.tf", "new.tf"}
	if len(got) != len(want) {
		t.Fatalf("copied %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("copied %v, want %v", got, want)
		}
	}
}

// Outside a git work tree (a source archive) the copy takes the directory as it is.
func TestCopyRepositoryFilesOutsideGitCopiesTheTree(t *testing.T) {
	src := t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "main.tf"), []byte("#\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	if err := CopyRepositoryFiles(src, dst); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dst, "main.tf")); err != nil {
		t.Fatalf("main.tf was not copied: %v", err)
	}
}

// Applied reads every managed resource of a state, child modules included, with its values.
func TestAppliedReadsTheStatesResources(t *testing.T) {
	var state tfjson.State
	doc := `{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"aws_iam_role.a","mode":"managed","type":"aws_iam_role","name":"a","values":{"name":"r"}},{"address":"data.aws_region.x","mode":"data","type":"aws_region","name":"x","values":{}}],
	"child_modules":[{"address":"module.m","resources":[{"address":"module.m.aws_iam_policy.p","mode":"managed","type":"aws_iam_policy","name":"p","values":{"policy":"{}"}}]}]}}}`
	if err := json.Unmarshal([]byte(doc), &state); err != nil {
		t.Fatal(err)
	}
	rs := Applied(&state)
	if len(rs) != 2 || rs[0].Str("name") != "r" || rs[1].Module != "module.m" || rs[1].Str("policy") != "{}" {
		t.Errorf("wanted the role and the module's policy, data sources left out, got %+v", rs)
	}
}
