// Package docs generates the parts of the documentation that come from code, so they cannot drift:
// the cost tables (from the examples' plans) and the list of scanner exemptions (from the inline
// #trivy:ignore comments and the reasons written above them).
package docs

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"terraform-basemachina-modules/internal/cost"
	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/tfplan"
)

// Markers delimit generated blocks inside hand-written Markdown.
const (
	beginMarker = "<!-- BEGIN GENERATED: %s -->"
	endMarker   = "<!-- END GENERATED: %s -->"
)

// Replace swaps the generated block named name in doc for content.
func Replace(doc []byte, name string, content []byte) ([]byte, error) {
	begin := []byte(fmt.Sprintf(beginMarker, name))
	end := []byte(fmt.Sprintf(endMarker, name))
	i := bytes.Index(doc, begin)
	j := bytes.Index(doc, end)
	if i < 0 || j < i {
		return nil, i18n.Errorf("The generated-block markers for %q are missing.", name)
	}
	var out bytes.Buffer
	out.Write(doc[:i+len(begin)])
	out.WriteString("\n")
	out.Write(content)
	out.Write(doc[j:])
	return out.Bytes(), nil
}

// CostTables renders the monthly cost of the complete and existing-vpc examples in both regions.
func CostTables(repoRoot string, l i18n.Lang) ([]byte, error) {
	var buf bytes.Buffer
	titles := map[string]string{
		"dev":          l.S("Development profile (examples/dev)"),
		"complete":     l.S("Production stack (examples/complete)"),
		"existing-vpc": l.S("Existing VPC (examples/existing-vpc)"),
	}
	for _, example := range []string{"dev", "complete", "existing-vpc"} {
		data, err := os.ReadFile(filepath.Join(repoRoot, "testdata", "plans", example+".json"))
		if err != nil {
			return nil, err
		}
		plan, err := tfplan.Parse(data)
		if err != nil {
			return nil, err
		}
		for _, region := range cost.Prices().RegionNames() {
			e, err := cost.FromPlan(plan, region, cost.DefaultAssumptions())
			if err != nil {
				return nil, err
			}
			cost.WriteMarkdown(&buf, titles[example], e, l)
		}
	}
	return buf.Bytes(), nil
}

// Exemption is one inline scanner exemption with the reason written above it.
type Exemption struct {
	Check    string
	File     string
	Resource string
	Reason   string
}

var ignoreLine = regexp.MustCompile(`^#trivy:ignore:(\S+)`)

// Exemptions finds every #trivy:ignore in modules/ and examples/.
func Exemptions(repoRoot string) ([]Exemption, error) {
	var out []Exemption
	for _, top := range []string{"modules", "examples"} {
		if _, err := os.Stat(filepath.Join(repoRoot, top)); os.IsNotExist(err) {
			continue
		}
		err := filepath.WalkDir(filepath.Join(repoRoot, top), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == ".terraform" {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".tf") {
				return nil
			}
			found, err := exemptionsIn(repoRoot, path)
			out = append(out, found...)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	ignoreFiles, _ := filepath.Glob(filepath.Join(repoRoot, "examples", "*", ".trivyignore"))
	for _, path := range ignoreFiles {
		found, err := exemptionsInIgnoreFile(repoRoot, path)
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
	// Stable: the ignores of one resource keep their order in the file, or the generated table
	// would change from one run to the next.
	sort.SliceStable(out, func(i, j int) bool { return out[i].File+out[i].Resource < out[j].File+out[j].Resource })
	return out, nil
}

// exemptionsInIgnoreFile reads an example's .trivyignore: check ids, each with the comment above it
// as its reason; they hold for that example only.
func exemptionsInIgnoreFile(repoRoot, path string) ([]Exemption, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	rel, _ := filepath.Rel(repoRoot, path)
	var out []Exemption
	var comment []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "#"):
			comment = append(comment, strings.TrimSpace(strings.TrimPrefix(line, "#")))
		case line != "":
			// An id without a comment above it has no reason, as an inline #trivy:ignore without one.
			reason := ""
			if len(comment) > 0 {
				reason = comment[len(comment)-1]
			}
			out = append(out, Exemption{Check: line, File: filepath.ToSlash(rel), Resource: "examples/" + filepath.Base(filepath.Dir(path)) + " only",
				Reason: reason})
			comment = comment[:0]
		}
	}
	return out, nil
}

func exemptionsIn(repoRoot, path string) ([]Exemption, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	rel, _ := filepath.Rel(repoRoot, path)
	var out []Exemption
	var comment []string
	var pending []Exemption
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case ignoreLine.MatchString(line):
			pending = append(pending, Exemption{Check: ignoreLine.FindStringSubmatch(line)[1], File: filepath.ToSlash(rel), Reason: strings.Join(comment, " ")})
		case strings.HasPrefix(line, "#"):
			comment = append(comment, strings.TrimSpace(strings.TrimPrefix(line, "#")))
		case strings.HasPrefix(line, "resource "):
			fields := strings.Fields(line)
			for _, p := range pending {
				if len(fields) >= 3 {
					p.Resource = strings.Trim(fields[1], `"`) + "." + strings.Trim(fields[2], `"`)
				}
				out = append(out, p)
			}
			pending, comment = nil, nil
		default:
			comment = nil
		}
	}
	return out, sc.Err()
}

// ExemptionTable renders the exemptions as a Markdown table.
func ExemptionTable(ex []Exemption, l i18n.Lang) []byte {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "| %s | %s | %s |\n|---|---|---|\n", l.S("Check"), l.S("Resource"), l.S("Reason"))
	for _, e := range ex {
		fmt.Fprintf(&buf, "| %s | `%s` (%s) | %s |\n", e.Check, e.Resource, e.File, e.Reason)
	}
	return buf.Bytes()
}
