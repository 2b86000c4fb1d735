package docs

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"terraform-basemachina-modules/internal/i18n"
)

func root(t *testing.T) string {
	t.Helper()
	r, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// checkGenerated compares a generated block with the file, or rewrites it under UPDATE_GOLDEN.
func checkGenerated(t *testing.T, file, block string, content []byte) {
	t.Helper()
	path := filepath.Join(root(t), file)
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	updated, err := Replace(doc, block, content)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(path, updated, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(doc, updated) {
		t.Errorf("%s: the generated block %q is out of date; run `make fixtures` and commit", file, block)
	}
}

func TestCostDocsAreCurrent(t *testing.T) {
	for _, c := range []struct {
		file string
		lang i18n.Lang
	}{{"docs/cost.md", i18n.Japanese}, {"docs/cost.en.md", i18n.English}} {
		tables, err := CostTables(root(t), c.lang)
		if err != nil {
			t.Fatal(err)
		}
		checkGenerated(t, c.file, "cost-tables", tables)
	}
}

// The profiles' table and chart come from the examples' plans; the chart is a file of its own.
func TestProfileTableAndChartAreCurrent(t *testing.T) {
	for _, c := range []struct {
		file, chart string
		lang        i18n.Lang
	}{{"docs/cost.md", "docs/cost-chart.svg", i18n.Japanese}, {"docs/cost.en.md", "docs/cost-chart.en.svg", i18n.English}} {
		table, err := ProfileTable(root(t), c.lang)
		if err != nil {
			t.Fatal(err)
		}
		checkGenerated(t, c.file, "profiles", table)
		if c.lang == i18n.Japanese {
			checkGenerated(t, "docs/performance.md", "profiles", table) // one file in both languages
		}
		chart, err := CostChart(root(t), c.lang)
		if err != nil {
			t.Fatal(err)
		}
		for d := xml.NewDecoder(bytes.NewReader(chart)); ; {
			if _, err := d.Token(); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed SVG: %v", c.chart, err)
			}
		}
		path := filepath.Join(root(t), c.chart)
		if os.Getenv("UPDATE_GOLDEN") != "" {
			if err := os.WriteFile(path, chart, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if old, err := os.ReadFile(path); err != nil || !bytes.Equal(old, chart) {
			t.Errorf("%s is out of date; run `make fixtures` and commit", c.chart)
		}
	}
}

// The targets of the profiles hold on the shipped plans (ap-northeast-1, no traffic, without
// the database): development at most 0.30 and production at most 0.70 of the peers' design.
func TestProfilesMeetTheirTargets(t *testing.T) {
	profiles, err := Profiles(root(t), i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	targets := 0
	for _, p := range profiles {
		if p.Target == 0 {
			continue
		}
		targets++
		if limit := p.Target * PeersMonthly; p.WithoutData() > limit {
			t.Errorf("%s costs %.2f USD/month without the database, over its target of %.2f (%.2f x %.2f)", p.Label, p.WithoutData(), limit, p.Target, PeersMonthly)
		}
	}
	if targets != 2 {
		t.Errorf("wanted the development and production targets, found %d", targets)
	}
}

func TestSecurityDocsListEveryExemption(t *testing.T) {
	ex, err := Exemptions(root(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) == 0 {
		t.Fatal("wanted the inline exemptions found")
	}
	for _, e := range ex {
		if e.Resource == "" || len(e.Reason) < 20 {
			t.Errorf("%s in %s: every exemption needs a resource and a written reason above it, got %+v", e.Check, e.File, e)
		}
	}
	checkGenerated(t, "docs/security.md", "exemptions", ExemptionTable(ex, i18n.Japanese))
	checkGenerated(t, "docs/security.en.md", "exemptions", ExemptionTable(ex, i18n.English))
}

func TestExemptionParsing(t *testing.T) {
	dir := t.TempDir()
	_ = os.MkdirAll(filepath.Join(dir, "modules", "m"), 0o755)
	_ = os.WriteFile(filepath.Join(dir, "modules", "m", "main.tf"), []byte(`
# The ALB must face the internet: BaseMachina calls it.
#trivy:ignore:AVD-AWS-0053
resource "aws_lb" "this" {
  internal = false # not a reason
}

#trivy:ignore:AVD-AWS-0104
resource "aws_vpc_security_group_egress_rule" "x" {}
`), 0o644)
	ex, err := Exemptions(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) != 2 || ex[0].Resource != "aws_lb.this" || !strings.Contains(ex[0].Reason, "BaseMachina calls it") || ex[1].Reason != "" {
		t.Errorf("wanted two exemptions, the first with its reason and the second without, got %+v", ex)
	}

	// An example's .trivyignore: an id takes the comment above it, and one without is listed without a reason.
	_ = os.MkdirAll(filepath.Join(dir, "examples", "e"), 0o755)
	_ = os.WriteFile(filepath.Join(dir, "examples", "e", ".trivyignore"), []byte("AVD-AWS-0001\n# Disposable data.\nAVD-AWS-0177\n"), 0o644)
	ex, err = Exemptions(dir)
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, e := range ex {
		if e.Resource == "examples/e only" {
			reasons[e.Check] = e.Reason
		}
	}
	if len(reasons) != 2 || reasons["AVD-AWS-0001"] != "" || reasons["AVD-AWS-0177"] != "Disposable data." {
		t.Errorf("wanted the .trivyignore's two ids, one without a reason and one with its comment, got %+v", ex)
	}
}

// Commands in the documentation: fenced blocks after a <!-- runnable --> line are run as they are;
// every `make <target>` anywhere in the docs must name a real target.
var (
	runnableBlock = regexp.MustCompile("(?s)<!-- runnable -->\\s*```(?:sh|bash)\\n(.*?)```")
	makeCall      = regexp.MustCompile("`make ([a-z-]+)")
)

func docFiles(t *testing.T) []string {
	t.Helper()
	files := []string{"README.md", "README.en.md", "CONTRIBUTING.md"}
	more, _ := filepath.Glob(filepath.Join(root(t), "docs", "*.md"))
	for _, m := range more {
		rel, _ := filepath.Rel(root(t), m)
		files = append(files, rel)
	}
	ex, _ := filepath.Glob(filepath.Join(root(t), "examples", "*", "README*.md"))
	for _, m := range ex {
		rel, _ := filepath.Rel(root(t), m)
		files = append(files, rel)
	}
	return files
}

func TestDocumentedMakeTargetsExist(t *testing.T) {
	makefile, err := os.ReadFile(filepath.Join(root(t), "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, f := range docFiles(t) {
		doc, err := os.ReadFile(filepath.Join(root(t), f))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range makeCall.FindAllStringSubmatch(string(doc), -1) {
			seen++
			if !regexp.MustCompile("(?m)^" + regexp.QuoteMeta(m[1]) + ":").Match(makefile) {
				t.Errorf("%s mentions `make %s`, which the Makefile lacks", f, m[1])
			}
		}
	}
	if seen == 0 {
		t.Fatal("wanted make commands in the docs")
	}
}

func TestRunnableDocCommandsSucceed(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping: -short skips running the documentation's commands")
	}
	ran := 0
	for _, f := range docFiles(t) {
		doc, err := os.ReadFile(filepath.Join(root(t), f))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range runnableBlock.FindAllStringSubmatch(string(doc), -1) {
			ran++
			script := "set -euo pipefail\nsource scripts/env.sh\nexport DOCTEST_TMP=\"$(mktemp -d)\"\n" + m[1]
			cmd := exec.Command("bash", "-c", script)
			cmd.Dir = root(t)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("%s: documented commands failed:\n%s\n%v\n%s", f, m[1], err, out)
			}
		}
	}
	if ran == 0 {
		t.Fatal("wanted runnable command blocks in the docs")
	}
}
