// Package release holds the checks of the release bookkeeping: VERSION, RELEASES, the changelog's
// sections and the tags, which docs/upgrade.md describes.
package release

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"terraform-basemachina-modules/test/testfiles"
)

var semver = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+$`)

func read(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testfiles.Root(), name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func git(args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = testfiles.Root()
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err
}

// TestReleasesAreRecordedAndDescribed: VERSION is a version with its changelog section; every
// release in RELEASES has one too, newest last, at a commit of this history, and its tag, where
// the clone holds it, is that commit.
func TestReleasesAreRecordedAndDescribed(t *testing.T) {
	version := strings.TrimSpace(read(t, "VERSION"))
	if !semver.MatchString(version) {
		t.Fatalf("VERSION = %q, want MAJOR.MINOR.PATCH", version)
	}
	changelog := read(t, "CHANGELOG.md")
	section := func(v string) bool {
		return regexp.MustCompile(`(?m)^## \[` + regexp.QuoteMeta(v) + `\] - [0-9]{4}-[0-9]{2}-[0-9]{2}$`).MatchString(changelog)
	}
	if !section(version) {
		t.Errorf("CHANGELOG.md has no section \"## [%s] - <date>\" for VERSION", version)
	}
	var previous []int
	for i, line := range strings.Split(read(t, "RELEASES"), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 || !semver.MatchString(f[0]) || !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(f[1]) {
			t.Errorf("RELEASES line %d: want version<TAB>40-hex commit<TAB>date<TAB>what, got %q", i+1, line)
			continue
		}
		if !section(f[0]) || !strings.Contains(changelog, "] - "+f[2]) {
			t.Errorf("RELEASES: %s (%s) has no changelog section of that date", f[0], f[2])
		}
		var parts []int
		for _, p := range strings.Split(f[0], ".") {
			n := 0
			for _, c := range p {
				n = n*10 + int(c-'0')
			}
			parts = append(parts, n)
		}
		if previous != nil && !less(previous, parts) {
			t.Errorf("RELEASES: %s is not newer than the line before it", f[0])
		}
		previous = parts
		if _, err := git("cat-file", "-e", f[1]+"^{commit}"); err != nil {
			t.Errorf("RELEASES: %s names commit %s, which this history does not hold", f[0], f[1])
			continue
		}
		if tagged, err := git("rev-parse", "--verify", "--quiet", "v"+f[0]+"^{commit}"); err == nil && tagged != f[1] {
			t.Errorf("tag v%s is %s, but RELEASES records %s", f[0], tagged, f[1])
		}
	}
}

func less(a, b []int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}
