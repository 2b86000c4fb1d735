package workflows

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"terraform-basemachina-modules/internal/templates"
	"terraform-basemachina-modules/internal/tfplan"
	"terraform-basemachina-modules/tools/release"
)

// pinProblems is every problem of the pins of root against r: a pin that is not r's commit (40
// hexadecimal digits) with v<version> in its comment, a commit the history of the clone at history
// does not hold, and a pin of the template that the finder did not see (each module source, each
// call of a reusable workflow, each modules_ref and each workflow_refs entry, counted by parsing
// the files).
func pinProblems(t *testing.T, root, history string, r release.Release) []string {
	t.Helper()
	pins, err := release.Find(root)
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	seen := map[string]bool{}
	found := map[string]int{}
	for _, p := range pins {
		if strings.HasPrefix(p.File, templates.Dir+"/") {
			found[p.Kind]++
		}
		if msg := release.Problem(p, r); msg != "" {
			problems = append(problems, msg)
		}
		if release.Commit.MatchString(p.Ref) && !seen[p.Ref] {
			seen[p.Ref] = true
			if err := release.InHistory(history, p.Ref); err != nil {
				problems = append(problems, p.String()+": "+err.Error())
			}
		}
	}
	if err := release.InHistory(history, r.Commit); err != nil {
		problems = append(problems, "RELEASES: "+r.Version+": "+err.Error())
	}
	for kind, want := range templatePins(t, root) {
		if found[kind] != want {
			problems = append(problems, fmt.Sprintf("the template holds %d %s pins, but %d were found in the pinned form (a pin written another way escapes the check and `make pin`)", want, kind, found[kind]))
		}
	}
	return problems
}

// templatePins counts the template's pins by reading its files as Terraform and as workflows, not
// by the finder's patterns.
func templatePins(t *testing.T, root string) map[string]int {
	t.Helper()
	want := map[string]int{}
	for _, r := range templates.Roots {
		calls, err := tfplan.ModuleCalls(filepath.Join(root, templates.Dir, r))
		if err != nil {
			t.Fatal(err)
		}
		want[release.KindSource] += len(calls)
	}
	files, _ := filepath.Glob(filepath.Join(root, templates.Dir, ".github", "workflows", "*.yml"))
	for _, f := range files {
		w, _, err := Load(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range w.Jobs {
			if j.Uses != "" {
				want[release.KindUses]++
			}
			if _, ok := j.With["modules_ref"]; ok {
				want[release.KindModulesRef]++
			}
		}
	}
	path := filepath.Join(root, templates.Dir, "bootstrap", "bootstrap.tfvars")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, diags := hclsyntax.ParseConfig(data, path, hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	attr, ok := f.Body.(*hclsyntax.Body).Attributes["workflow_refs"]
	if !ok {
		t.Fatalf("%s sets no workflow_refs", path)
	}
	v, diags := attr.Expr.Value(nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	want[release.KindWorkflowRefs] = v.LengthInt()
	if want[release.KindSource] < 7 || want[release.KindUses] < 3 || want[release.KindModulesRef] < 2 || want[release.KindWorkflowRefs] < 2 {
		t.Fatalf("the template holds fewer pins than it did (%v): update this test", want)
	}
	return want
}

// TestTemplatePinsTheNewestRelease: every module source, uses:, modules_ref and workflow_refs entry
// of templates/live, its README's links and the docs' examples name the commit of the newest
// release in RELEASES, 40 hexadecimal digits with its version in a comment, and the commit is in
// this history. `make pin` puts them there.
func TestTemplatePinsTheNewestRelease(t *testing.T) {
	root := repoRoot(t)
	r := newest(t)
	for _, p := range pinProblems(t, root, root, r) {
		t.Error(p)
	}
	if t.Failed() {
		t.Logf("after recording a release in RELEASES, run `make pin` (go run ./tools/release/cmd/pin) to point every pin at %s", r.Commit)
	}
}

// copyPinned copies the files the pins live in (release.Files) and RELEASES into a temporary root,
// so that planted pins break nothing of the repository.
func copyPinned(t *testing.T, root string) string {
	t.Helper()
	dst := t.TempDir()
	files, err := release.Files(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(files, "RELEASES") {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(dst, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// The check fails on each kind of wrong pin planted in a copy: another release's commit, a tag, a
// short commit, a wrong or missing version comment, a commit this history does not hold, and a
// pin written in a form the finder does not parse.
func TestPinCheckCatchesWrongPins(t *testing.T) {
	root := repoRoot(t)
	r := newest(t)
	const (
		older   = "55ab0193c0fca37e7aafd1392ff94bc88eed21cf" // 0.9.0 in RELEASES
		missing = "0123456789abcdef0123456789abcdef01234567"
	)
	if release.InHistory(root, missing) == nil {
		t.Fatalf("%s is a commit of this history; pick another for the test", missing)
	}
	source := templates.Dir + "/dev/main.tf"
	cases := []struct {
		name, file, old, new, want string
	}{
		{"a module source at an older release", source, "?ref=" + r.Commit + `"`, "?ref=" + older + `"`, "names commit " + older + ", not " + r.Commit},
		{"a module source at a tag", source, "?ref=" + r.Commit + `" # ` + r.Tag(), `?ref=` + r.Tag() + `" # ` + r.Tag(), `names "` + r.Tag() + `", not a 40-digit commit id`},
		{"a short commit", templates.Dir + "/.github/workflows/drift.yml", "@" + r.Commit, "@" + r.Commit[:7], `names "` + r.Commit[:7] + `", not a 40-digit commit id`},
		{"a version comment of another release", templates.Dir + "/.github/workflows/bridge.yml", `modules_ref: "` + r.Commit + `" # ` + r.Tag(), `modules_ref: "` + r.Commit + `" # v0.9.0`, "says v0.9.0 in its comment, not " + r.Tag()},
		{"no version comment", templates.Dir + "/bootstrap/bootstrap.tfvars", "@" + r.Commit + `",       # ` + r.Tag(), "@" + r.Commit + `",`, "has no comment # " + r.Tag()},
		{"a commit this history does not hold", templates.Dir + "/README.md", "blob/" + r.Commit + "/", "blob/" + missing + "/", "is not in this repository's history"},
		{"a pin the finder cannot read", source, "modules/network?ref=" + r.Commit + `"`, "modules/network?ref=" + r.Commit + `&depth=1"`, "module source pins, but"},
		{"the profile at an older release", templates.Dir + "/production/main.tf", "modules/profile?ref=" + r.Commit + `"`, "modules/profile?ref=" + older + `"`, "names commit " + older + ", not " + r.Commit},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dst := copyPinned(t, root)
			path := filepath.Join(dst, filepath.FromSlash(c.file))
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(data, []byte(c.old)) {
				t.Fatalf("%s no longer holds %q: update this case", c.file, c.old)
			}
			if err := os.WriteFile(path, bytes.Replace(data, []byte(c.old), []byte(c.new), 1), 0o644); err != nil {
				t.Fatal(err)
			}
			// The copy is no clone: its commits are looked up in the repository's history.
			problems := strings.Join(pinProblems(t, dst, root, r), "\n")
			if !strings.Contains(problems, c.want) {
				t.Errorf("planted %q in %s: want a problem containing %q, got:\n%s", c.new, c.file, c.want, problems)
			}
		})
	}
	if problems := pinProblems(t, copyPinned(t, root), root, r); len(problems) != 0 {
		t.Errorf("an unchanged copy has problems:\n%s", strings.Join(problems, "\n"))
	}
}

// `make pin` moves every pin to the newest release and leaves every other byte: repinning a copy
// to another release changes only the pins, all of them, and repinning back restores the files.
func TestPinRewritesEveryPinAndNothingElse(t *testing.T) {
	root := repoRoot(t)
	r := newest(t)
	dst := copyPinned(t, root)
	files, err := release.Files(dst)
	if err != nil {
		t.Fatal(err)
	}
	before := map[string][]byte{}
	for _, f := range files {
		before[f], _ = os.ReadFile(filepath.Join(dst, filepath.FromSlash(f)))
	}
	next := release.Release{Version: "9.8.7", Commit: "55ab0193c0fca37e7aafd1392ff94bc88eed21cf"}
	changed, err := release.Repin(dst, next)
	if err != nil {
		t.Fatal(err)
	}
	pins, err := release.Find(dst)
	if err != nil {
		t.Fatal(err)
	}
	var pinned []string
	for _, p := range pins {
		if msg := release.Problem(p, next); msg != "" {
			t.Errorf("after repinning to %s: %s", next.Version, msg)
		}
		if !slices.Contains(pinned, p.File) {
			pinned = append(pinned, p.File)
		}
	}
	slices.Sort(changed)
	slices.Sort(pinned)
	if !slices.Equal(changed, pinned) || len(changed) < 8 {
		t.Errorf("repinning changed %v, want every file with a pin %v", changed, pinned)
	}
	for _, f := range changed {
		after, _ := os.ReadFile(filepath.Join(dst, filepath.FromSlash(f)))
		was, now := strings.Split(string(before[f]), "\n"), strings.Split(string(after), "\n")
		if len(was) != len(now) {
			t.Errorf("%s: repinning changed the number of lines", f)
			continue
		}
		for i := range was {
			if was[i] != now[i] && len(release.FindIn(f, []byte(was[i]))) == 0 {
				t.Errorf("%s:%d changed, but holds no pin: %q -> %q", f, i+1, was[i], now[i])
			}
		}
	}
	if _, err := release.Repin(dst, r); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		after, _ := os.ReadFile(filepath.Join(dst, filepath.FromSlash(f)))
		if !bytes.Equal(after, before[f]) {
			t.Errorf("%s differs after repinning to %s and back to %s", f, next.Version, r.Version)
		}
	}
}

// The finder reads each pinned form, and nothing that only looks like one: placeholders in the
// docs' prose, and the reusable workflow's declaration of its modules_ref input.
func TestFindReadsThePinnedForms(t *testing.T) {
	const c = "cf682c75277457545a274918e4787b9c9012e6ea"
	text := strings.Join([]string{
		`  source = "git::https://github.com/OWNER/terraform-basemachina-modules.git//modules/bridge?ref=` + c + `" # v1.0.0`,
		`    uses: OWNER/terraform-basemachina-modules/.github/workflows/terraform.yml@` + c + ` # v1.0.0`,
		`      modules_ref: "` + c + `" # v1.0.0`,
		`  "OWNER/terraform-basemachina-modules/.github/workflows/terraform-drift.yml@` + c + `", # v1.0.0`,
		`[docs](https://github.com/OWNER/terraform-basemachina-modules/blob/` + c + `/docs/security.md#x)`,
		"`source = \"git::https://github.com/<owner>/terraform-basemachina-modules.git//modules/bridge?ref=<commit>\" # v<version>`",
		"`uses: <owner>/terraform-basemachina-modules/.github/workflows/terraform.yml@<commit> # v<version>`",
		"      modules_ref:",
		"        description: the same as uses: after @",
	}, "\n")
	pins := release.FindIn("x", []byte(text))
	var kinds []string
	for _, p := range pins {
		kinds = append(kinds, p.Kind)
		if p.Ref != c {
			t.Errorf("line %d: %s read as %q, want %s", p.Line, p.Kind, p.Ref, c)
		}
		if p.Kind != release.KindLink && p.Comment != "v1.0.0" {
			t.Errorf("line %d: %s has the comment %q, want v1.0.0", p.Line, p.Kind, p.Comment)
		}
	}
	want := []string{release.KindSource, release.KindUses, release.KindModulesRef, release.KindWorkflowRefs, release.KindLink}
	if !slices.Equal(kinds, want) {
		t.Errorf("found %v, want %v", kinds, want)
	}
}
