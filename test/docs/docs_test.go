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
// the database): development at most 0.30 and production at most 0.70 of the public module's
// design priced with the same table.
func TestProfilesMeetTheirTargets(t *testing.T) {
	profiles, err := Profiles(root(t), i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	reference, err := ReferenceMonthly(chartRegion)
	if err != nil {
		t.Fatal(err)
	}
	targets := 0
	for _, p := range profiles {
		if p.Target == 0 {
			continue
		}
		targets++
		if limit := p.Target * reference; p.WithoutData() > limit {
			t.Errorf("%s costs %.2f USD/month without the database, over its target of %.2f (%.2f x %.2f)", p.Label, p.WithoutData(), limit, p.Target, reference)
		}
	}
	if targets != 2 {
		t.Errorf("wanted the development and production targets, found %d", targets)
	}
}

// The reference design is the stack internal/cost's worked example prices (TestWorkedExamples):
// one task, the ALB in two AZs, one NAT gateway and, by default, three interface endpoints in two
// AZs. Its S3 gateway endpoint is free.
func TestReferenceDesignIsTheWorkedExample(t *testing.T) {
	for region, want := range map[string]float64{"ap-northeast-1": 146.52, "us-east-1": 113.04} {
		got, err := ReferenceMonthly(region)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: the public module's design costs %.2f, wanted the worked example's %.2f", region, got, want)
		}
	}
}

// The README's figures and the docs' unit prices, reference design and egress building blocks
// are generated from the price table and the examples' plans, never typed.
func TestReadmeAndDocsFiguresAreCurrent(t *testing.T) {
	for _, c := range []struct {
		readme, cost string
		lang         i18n.Lang
	}{{"README.md", "docs/cost.md", i18n.Japanese}, {"README.en.md", "docs/cost.en.md", i18n.English}} {
		summary, err := ReadmeCost(root(t), c.lang)
		if err != nil {
			t.Fatal(err)
		}
		checkGenerated(t, c.readme, "readme-cost", summary)
		checkGenerated(t, c.readme, "priced-regions", PricedRegions(c.lang))

		units, err := UnitPriceTable(c.lang)
		if err != nil {
			t.Fatal(err)
		}
		checkGenerated(t, c.cost, "unit-prices", units)
		reference, err := ReferenceTable(c.lang)
		if err != nil {
			t.Fatal(err)
		}
		checkGenerated(t, c.cost, "reference-design", reference)
		egress, err := EgressTable(c.lang)
		if err != nil {
			t.Fatal(err)
		}
		checkGenerated(t, c.cost, "egress-units", egress)
		if c.lang == i18n.Japanese {
			checkGenerated(t, "docs/architecture.md", "egress-units", egress) // Japanese, with an English summary
		}
	}
}

// What the docs say about the egress building blocks holds in every priced region: three
// interface endpoints in two AZs cost more a month than a NAT gateway with its address, the NAT
// instance less, and the endpoints pay off only with traffic.
func TestEgressUnitsHoldInEveryRegion(t *testing.T) {
	units, err := EgressUnits()
	if err != nil {
		t.Fatal(err)
	}
	if len(units) < 2 {
		t.Fatalf("wanted every priced region, got %d", len(units))
	}
	for _, u := range units {
		if u.Endpoints <= u.NATGateway {
			t.Errorf("%s: the endpoints (%.2f) should cost more than a NAT gateway (%.2f)", u.Region, u.Endpoints, u.NATGateway)
		}
		if u.NATInstance <= 0 || u.NATInstance >= u.NATGateway {
			t.Errorf("%s: the NAT instance (%.2f) should cost less than a NAT gateway (%.2f)", u.Region, u.NATInstance, u.NATGateway)
		}
		if u.SavedPerGB <= 0 || u.BreakEvenGB <= 0 {
			t.Errorf("%s: wanted a saving per GB and a break-even traffic, got %+v", u.Region, u)
		}
	}
	// The Tokyo figures the architecture once gave by hand: 61.32, 48.91 and 0.052 USD/GB.
	for _, u := range units {
		if u.Region == "ap-northeast-1" && (u.Endpoints != 61.32 || u.NATGateway != 48.91 || u.SavedPerGB != 0.052) {
			t.Errorf("ap-northeast-1: got %+v", u)
		}
	}
}

// figureDocs are the hand-written docs whose money figures must come from generated blocks.
func figureDocs(t *testing.T) []string {
	t.Helper()
	files := []string{"README.md", "README.en.md", "templates/live/README.md", "templates/live/README.en.md"}
	more, _ := filepath.Glob(filepath.Join(root(t), "docs", "*.md"))
	for _, m := range more {
		rel, _ := filepath.Rel(root(t), m)
		files = append(files, rel)
	}
	return files
}

var generatedBlock = regexp.MustCompile(`(?s)<!-- BEGIN GENERATED: ([a-z-]+) -->.*?<!-- END GENERATED: ([a-z-]+) -->`)

// handWritten is a doc without its generated blocks.
func handWritten(doc string) string { return generatedBlock.ReplaceAllString(doc, "") }

// A money figure or a fraction of a bill typed into the prose drifts from the tool (the README
// once said "about 108 USD" where bridgectl said 119.05, and "about a quarter" of a bill it did not
// name): figures live in generated blocks only.
func TestDocsTypeNoMoneyFigures(t *testing.T) {
	figure := regexp.MustCompile(`(?i)\d[\d,]*(\.\d+)?\s*(USD|ドル|円)|USD\s*\d|\$\s?\d|\d+\s*分の\s*[1１一]|約\s*[0-9.]+\s*倍|\b(a|one)\s+(quarter|third|fifth|sixth)\b|\bhalf the (bill|cost|price)`)
	for _, f := range figureDocs(t) {
		doc, err := os.ReadFile(filepath.Join(root(t), f))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(handWritten(string(doc)), "\n") {
			if m := figure.FindString(line); m != "" {
				t.Errorf("%s: %q is a figure typed by hand; generate it (test/docs) or drop it: %s", f, m, strings.TrimSpace(line))
			}
		}
	}
}

// The docs stand on the repository and on public sources: no path or document outside it.
func TestDocsCiteNothingOutsideTheRepository(t *testing.T) {
	outside := regexp.MustCompile(`(?i)\.\./shared|shared/|BRIDGE\.md|product overview|プロダクト概要|本番ガイド`)
	for _, f := range append(figureDocs(t), "CONTRIBUTING.md") {
		doc, err := os.ReadFile(filepath.Join(root(t), f))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range outside.FindAllString(string(doc), -1) {
			t.Errorf("%s refers to %q, outside the repository: cite the public source instead", f, m)
		}
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
