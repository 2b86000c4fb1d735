package templates

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"terraform-basemachina-modules/test/testfiles"
)

// TestEveryRootHasTheSameCommittedLockFile: every example and template root is initialised with
// -lockfile=readonly (make test, the workflows), so each must carry a committed lock file, all of
// them the same provider selection. The h1 hash is the one this machine's mirror (linux_amd64)
// verifies; the zh hashes are the registry's SHA-256 sums of the release's packages, which init
// checks the darwin and linux_arm64 packages against (terraform providers lock, HashiCorp docs).
func TestEveryRootHasTheSameCommittedLockFile(t *testing.T) {
	root := testfiles.Root()
	roots, _ := filepath.Glob(filepath.Join(root, "examples", "*"))
	for _, r := range Roots {
		roots = append(roots, filepath.Join(root, Dir, r))
	}
	constraint := regexp.MustCompile(`version = ">= 5\.100, < 7\.0"`)
	var first string
	for _, dir := range roots {
		rel, _ := filepath.Rel(root, dir)
		lock := filepath.Join(dir, ".terraform.lock.hcl")
		data, err := os.ReadFile(lock)
		if err != nil {
			t.Errorf("%s has no lock file: %v", rel, err)
			continue
		}
		text := string(data)
		tracked := exec.Command("git", "ls-files", "--error-unmatch", ".terraform.lock.hcl")
		tracked.Dir = dir
		if out, err := tracked.CombinedOutput(); err != nil {
			t.Errorf("%s/.terraform.lock.hcl is not committed (a fresh clone would lack it): %s", rel, out)
		}
		versions, _ := os.ReadFile(filepath.Join(dir, "versions.tf"))
		if !constraint.Match(versions) || !strings.Contains(text, `constraints = ">= 5.100.0, < 7.0.0"`) {
			t.Errorf("%s: the lock file's constraints must be the root's (>= 5.100, < 7.0)", rel)
		}
		if !strings.Contains(text, `version     = "5.100.0"`) || strings.Count(text, `"h1:`) < 1 || strings.Count(text, `"zh:`) != 15 {
			t.Errorf("%s: want hashicorp/aws 5.100.0 with an h1 hash and the registry's 15 zh hashes:\n%s", rel, text)
		}
		if first == "" {
			first = text
		} else if text != first {
			t.Errorf("%s: the lock file differs from the other roots'; run terraform providers lock in each", rel)
		}
	}
}
