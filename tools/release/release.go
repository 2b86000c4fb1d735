// Package release reads the release bookkeeping (RELEASES) and keeps every pin of this repository's
// modules and reusable workflows on the newest release: the customer repository template
// (templates/live), its workflows' modules_ref and the bootstrap's workflow_refs, and the docs'
// examples. A pin names the release's commit, 40 hexadecimal digits, never a tag (tags move, and a
// clone may hold none), with the version in a comment. `make pin` (./tools/release/cmd/pin)
// rewrites them after the maintainer records a release; test/workflows fails on a pin that
// disagrees with RELEASES.
package release

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Release is one line of RELEASES: version<TAB>commit<TAB>date<TAB>what.
type Release struct {
	Version, Commit, Date string
}

// Tag is how the version comments name the release: v<version>.
func (r Release) Tag() string { return "v" + r.Version }

// Commit is a full commit id.
var Commit = regexp.MustCompile(`^[0-9a-f]{40}$`)

// Releases reads RELEASES of root, oldest first.
func Releases(root string) ([]Release, error) {
	data, err := os.ReadFile(filepath.Join(root, "RELEASES"))
	if err != nil {
		return nil, err
	}
	var out []Release
	for i, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 || !Commit.MatchString(f[1]) {
			return nil, fmt.Errorf("RELEASES line %d: want version<TAB>40-hex commit<TAB>date<TAB>what, got %q", i+1, line)
		}
		out = append(out, Release{Version: f[0], Commit: f[1], Date: f[2]})
	}
	return out, nil
}

// Newest is the last release of RELEASES: the one every pin names.
func Newest(root string) (Release, error) {
	all, err := Releases(root)
	if err != nil {
		return Release{}, err
	}
	if len(all) == 0 {
		return Release{}, fmt.Errorf("%s records no release", filepath.Join(root, "RELEASES"))
	}
	return all[len(all)-1], nil
}

// InHistory reports whether the clone at root holds commit. A shallow clone may lack it without
// its being wrong: the error says so and how to fetch the history, rather than passing.
func InHistory(root, commit string) error {
	if !Commit.MatchString(commit) {
		return fmt.Errorf("%q is not a 40-digit commit id", commit)
	}
	cat := exec.Command("git", "cat-file", "-e", commit+"^{commit}")
	cat.Dir = root
	if cat.Run() == nil {
		return nil
	}
	shallow := exec.Command("git", "rev-parse", "--is-shallow-repository")
	shallow.Dir = root
	out, err := shallow.Output()
	switch {
	case err != nil:
		return fmt.Errorf("cannot tell whether commit %s is in this history: %s is not a git clone with git on PATH (%w)", commit, root, err)
	case strings.TrimSpace(string(out)) == "true":
		return fmt.Errorf("commit %s is not in this clone, which is shallow: fetch the whole history (git fetch --unshallow, or actions/checkout with fetch-depth: 0) and run again", commit)
	}
	return fmt.Errorf("commit %s is not in this repository's history", commit)
}

// Pin kinds.
const (
	KindSource       = "module source"      // source = "git::https://github.com/OWNER/terraform-basemachina-modules.git//modules/<m>?ref=<commit>" # v<version>
	KindUses         = "uses"               // uses: OWNER/terraform-basemachina-modules/.github/workflows/<w>.yml@<commit> # v<version>
	KindModulesRef   = "modules_ref"        // modules_ref: "<commit>" # v<version>
	KindWorkflowRefs = "workflow_refs"      // "OWNER/terraform-basemachina-modules/.github/workflows/<w>.yml@<commit>", # v<version>
	KindLink         = "documentation link" // https://github.com/OWNER/terraform-basemachina-modules/blob/<commit>/docs/...
)

// Pin is one reference to a revision of this repository in a file.
type Pin struct {
	File    string // slash-separated, relative to the repository root
	Line    int
	Kind    string
	Ref     string // the revision it names
	Comment string // the version in its comment, "" without one
}

func (p Pin) String() string { return fmt.Sprintf("%s:%d: %s %s", p.File, p.Line, p.Kind, p.Ref) }

// owner is how the template (OWNER) and the docs (<owner>) name the owner of the modules' repository.
const owner = `(?:OWNER|<owner>)`

// pattern finds one kind of pin in a line: group 1 what precedes the revision, 2 the revision, 3
// what closes it, 4 the space before the comment and 5 the comment's word, when there is one.
type pattern struct {
	kind    string
	re      *regexp.Regexp
	comment bool // the pin carries the version in a comment
	quote   bool // the revision is written quoted (YAML: a commit of digits only would be a number)
}

// rev is what a pin's revision may hold: a commit, a tag or a branch, never a placeholder such as
// <commit> in the docs' prose.
const rev = `[0-9A-Za-z._/-]`

var patterns = []pattern{
	{KindSource, regexp.MustCompile(`(git::https://github\.com/` + owner + `/terraform-basemachina-modules\.git//modules/[a-z0-9-]+\?ref=)(` + rev + `*)(")(?:(\s*)#\s*([^\s\x60]+))?`), true, false},
	{KindUses, regexp.MustCompile(`(uses:\s*` + owner + `/terraform-basemachina-modules/\.github/workflows/[A-Za-z0-9._-]+\.ya?ml@)(` + rev + `+)()(?:(\s+)#\s*([^\s\x60]+))?`), true, false},
	{KindModulesRef, regexp.MustCompile(`^([ \t-]*modules_ref:[ \t]*)"?(` + rev + `+)("?)(?:(\s+)#\s*([^\s\x60]+))?`), true, true},
	{KindWorkflowRefs, regexp.MustCompile(`("` + owner + `/terraform-basemachina-modules/\.github/workflows/[A-Za-z0-9._-]+\.ya?ml@)(` + rev + `*)(",?)(?:(\s*)#\s*([^\s\x60]+))?`), true, false},
	{KindLink, regexp.MustCompile(`(https://github\.com/` + owner + `/terraform-basemachina-modules/(?:blob|tree)/)([0-9A-Za-z._-]+)()()()`), false, false},
}

// Files are the files of root that may pin this repository: every text file of the template, this
// repository's workflows, its READMEs and docs. Lock files, Go files and what a local terraform run
// leaves (.terraform/) are not searched.
func Files(root string) ([]string, error) {
	var out []string
	text := func(name string) bool {
		return slices.Contains([]string{".tf", ".tfvars", ".yml", ".yaml", ".md"}, filepath.Ext(name))
	}
	err := filepath.WalkDir(filepath.Join(root, "templates", "live"), func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && d.Name() == ".terraform":
			return filepath.SkipDir
		case !d.IsDir() && text(d.Name()):
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, glob := range []string{".github/workflows/*.yml", "README*.md", "docs/*.md"} {
		matches, _ := filepath.Glob(filepath.Join(root, filepath.FromSlash(glob)))
		for _, m := range matches {
			rel, _ := filepath.Rel(root, m)
			out = append(out, filepath.ToSlash(rel))
		}
	}
	return out, nil
}

// Find lists every pin in the files of root (Files).
func Find(root string) ([]Pin, error) {
	files, err := Files(root)
	if err != nil {
		return nil, err
	}
	var out []Pin
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			return nil, err
		}
		out = append(out, FindIn(f, data)...)
	}
	return out, nil
}

// FindIn lists the pins of one file's text.
func FindIn(file string, data []byte) []Pin {
	var out []Pin
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		for _, p := range patterns {
			for _, m := range p.re.FindAllStringSubmatch(sc.Text(), -1) {
				out = append(out, Pin{File: file, Line: n, Kind: p.kind, Ref: m[2], Comment: m[5]})
			}
		}
	}
	return out
}

// Problem is what is wrong with a pin against release r, or "".
func Problem(p Pin, r Release) string {
	var wrong []string
	switch {
	case !Commit.MatchString(p.Ref):
		wrong = append(wrong, fmt.Sprintf("names %q, not a 40-digit commit id (a tag moves, and the customer's clone of the modules may hold none)", p.Ref))
	case p.Ref != r.Commit:
		wrong = append(wrong, fmt.Sprintf("names commit %s, not %s of the newest release %s in RELEASES", p.Ref, r.Commit, r.Version))
	}
	if i := slices.IndexFunc(patterns, func(x pattern) bool { return x.kind == p.Kind }); i >= 0 && patterns[i].comment && p.Comment != r.Tag() {
		if p.Comment == "" {
			wrong = append(wrong, fmt.Sprintf("has no comment # %s naming the release", r.Tag()))
		} else {
			wrong = append(wrong, fmt.Sprintf("says %s in its comment, not %s", p.Comment, r.Tag()))
		}
	}
	if len(wrong) == 0 {
		return ""
	}
	return p.String() + ": " + strings.Join(wrong, "; ")
}

// Repin rewrites every pin of root's files to release r, its commit and its version in the comment,
// keeping every other byte; it returns the files it changed.
func Repin(root string, r Release) ([]string, error) {
	if !Commit.MatchString(r.Commit) {
		return nil, fmt.Errorf("release %s: %q is not a 40-digit commit id", r.Version, r.Commit)
	}
	files, err := Files(root)
	if err != nil {
		return nil, err
	}
	var changed []string
	for _, f := range files {
		path := filepath.Join(root, filepath.FromSlash(f))
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		out := RepinText(data, r)
		if bytes.Equal(out, data) {
			continue
		}
		st, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, out, st.Mode().Perm()); err != nil {
			return nil, err
		}
		changed = append(changed, f)
	}
	return changed, nil
}

// RepinText rewrites the pins of one file's text to release r.
func RepinText(data []byte, r Release) []byte {
	lines := strings.SplitAfter(string(data), "\n")
	for i, line := range lines {
		for _, p := range patterns {
			line = p.re.ReplaceAllStringFunc(line, func(match string) string {
				m := p.re.FindStringSubmatch(match)
				ref := r.Commit
				closing := m[3]
				if p.quote {
					ref, closing = `"`+ref+`"`, ""
				}
				if !p.comment {
					return m[1] + ref + closing
				}
				space := m[4]
				if m[5] == "" || space == "" {
					space = " "
				}
				return m[1] + ref + closing + space + "# " + r.Tag()
			})
		}
		lines[i] = line
	}
	return []byte(strings.Join(lines, ""))
}
