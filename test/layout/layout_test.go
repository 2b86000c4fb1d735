// Package layout checks that the repository's layout shows the product and the test harness
// apart (issue #27): internal/ holds only what bridgectl ships, test/ the harness, tools/ what
// maintainers run.
package layout

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"terraform-basemachina-modules/test/testfiles"
)

func goList(t *testing.T, args ...string) map[string]bool {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list"}, args...)...)
	cmd.Dir = testfiles.Root()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %v: %v", args, err)
	}
	set := map[string]bool{}
	for _, p := range strings.Fields(string(out)) {
		set[p] = true
	}
	return set
}

// Every package under internal/ is compiled into bridgectl: a package only tests use belongs
// under test/, one only maintainers run under tools/.
func TestInternalHoldsOnlyWhatBridgectlShips(t *testing.T) {
	shipped := goList(t, "-deps", "./cmd/bridgectl")
	internal := goList(t, "./internal/...")
	if len(internal) == 0 {
		t.Fatal("go list found no package under internal/")
	}
	for p := range internal {
		if !shipped[p] {
			t.Errorf("%s is not part of bridgectl (go list -deps ./cmd/bridgectl): move it under test/ or tools/", p)
		}
	}
}

// bridgectl compiles nothing from test/ or tools/: the harness never ships.
func TestBridgectlShipsNoHarness(t *testing.T) {
	module := "terraform-basemachina-modules/"
	for p := range goList(t, "-deps", "./cmd/bridgectl") {
		rel := strings.TrimPrefix(p, module)
		if rel != p && (strings.HasPrefix(rel, "test/") || strings.HasPrefix(rel, "tools/")) {
			t.Errorf("bridgectl depends on %s", filepath.ToSlash(rel))
		}
	}
}
