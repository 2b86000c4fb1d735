//go:build emulator

package emulator_test

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"terraform-basemachina-modules/internal/examples"
)

// upgradeBaseline is main when the emulator cycle began (before any 1.0 interface change). Once a
// release tag exists the test upgrades from the newest one instead.
const upgradeBaseline = "55ab0193c0fca37e7aafd1392ff94bc88eed21cf"

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
	const name = "cyc-upgrade"
	s := newComplete(t, w, base, completeVars(name))
	t.Logf("apply %s: %s", ref, s.apply())

	s.upgradeTo(repoRoot)
	if err := writeTestCertificateIfMissing(s.dir); err != nil {
		t.Fatal(err)
	}
	assertNothingStatefulReplaced(t, s.plan())
	t.Logf("apply the working tree: %s", s.apply())
	assertNoDrift(t, s.plan())
	// No destroy here: the complete cycles prove it, and moto ends with the test.
}

// lastRelease is the newest v* tag, or the recorded baseline when there is none yet.
func lastRelease(t *testing.T) string {
	t.Helper()
	cmd := exec.Command("git", "tag", "--list", "v*", "--sort=-v:refname")
	cmd.Dir = repoRoot
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err == nil {
		if tags := strings.Fields(out.String()); len(tags) > 0 {
			return tags[0]
		}
	}
	return upgradeBaseline
}

func writeTestCertificateIfMissing(dir string) error {
	if _, err := os.Stat(dir + "/certs/bridge.crt"); err == nil {
		return nil
	}
	return examples.WriteTestCertificate(dir)
}
