//go:build emulator

package emulator_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestUpgradeReplacesNothingStateful applies examples/complete as the last release (or the
// baseline) shipped it, switches to the working tree, and asserts the plan keeps every stateful
// resource, and the apply succeeds and converges.
func TestUpgradeReplacesNothingStateful(t *testing.T) {
	t.Parallel()
	ref := lastRelease(t)
	base := t.TempDir()
	archive := exec.Command("bash", "-c", "git archive --format=tar "+ref+" modules examples | tar -x -C "+base)
	archive.Dir = repoRoot
	if out, err := archive.CombinedOutput(); err != nil {
		t.Skipf("Skipping the upgrade test: this clone does not hold %s (%v: %s); a full clone of main does.", ref, err, out)
	}
	w := newWorld(t)
	const name = "bridge-upgrade"
	// The previous release was deployed by the previous bootstrap's roles; the IAM evaluation
	// judges the upgrade's own calls with today's.
	s := newComplete(t, w, base, completeVars(name)).asAdministrator()
	t.Logf("apply %s: %s", ref, s.apply())
	s.planAs, s.applyAs = "plan", "apply"

	// The stack keeps the certificate it was applied with: upgradeTo copies only what the
	// repository holds, not a certificate `make preview` left in the working tree.
	s.upgradeTo(repoRoot)
	// docs/upgrade.md: the PostgreSQL log groups RDS created for 1.0.0 are imported once; the
	// module creates them since, and creating one that exists fails (the front creates them as RDS
	// does on AWS). A release that already manages them (2.0.0 and later) needs no import.
	managed := s.must("state", "list")
	for _, log := range []string{"postgresql", "upgrade"} {
		address := `module.datastore.aws_cloudwatch_log_group.postgres["` + log + `"]`
		if !strings.Contains(managed, address) {
			s.must("import", address, "/aws/rds/instance/"+name+"-postgres/"+log)
		}
	}
	assertNothingStatefulReplaced(t, s.plan())
	t.Logf("apply the working tree: %s", s.apply())
	assertNoDrift(t, s.plan())
	assertRulesHold(t, s)
	// No destroy here: the complete cycles prove it, and moto ends with the test.
}

// lastRelease is the newest release in RELEASES older than VERSION: its v<version> tag when the
// clone has it, else the commit RELEASES records for it.
func lastRelease(t *testing.T) string {
	t.Helper()
	current, err := os.ReadFile(filepath.Join(repoRoot, "VERSION"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(repoRoot, "RELEASES"))
	if err != nil {
		t.Fatal(err)
	}
	version, commit := "", ""
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, "\t")
		if strings.HasPrefix(line, "#") || len(f) < 2 || f[0] == strings.TrimSpace(string(current)) {
			continue
		}
		version, commit = f[0], f[1]
	}
	if commit == "" {
		t.Fatalf("RELEASES records no release before %s", current)
	}
	tag := exec.Command("git", "rev-parse", "--verify", "--quiet", "v"+version+"^{commit}")
	tag.Dir = repoRoot
	var out bytes.Buffer
	tag.Stdout = &out
	if tag.Run() == nil && strings.TrimSpace(out.String()) != "" {
		return "v" + version
	}
	return commit
}
