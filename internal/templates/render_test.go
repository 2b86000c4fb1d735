package templates

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"terraform-basemachina-modules/templates/live"
	"terraform-basemachina-modules/test/testfiles"
	"terraform-basemachina-modules/tools/release"
)

// newestRelease is the release the template pins (test/workflows checks that it does).
func newestRelease(t *testing.T) release.Release {
	t.Helper()
	r, err := release.Newest(testfiles.Root())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// sampleAnswers are answers that share no value with the template's own placeholders, so any
// placeholder left in the output shows.
func sampleAnswers() Answers {
	return Answers{Repository: "globex/bridge-live", ModulesOwner: "globex-oss", ImageTag: "v2.3.4", Environments: []Environment{
		{Name: "dev", AccountID: "111111111111", Region: "eu-west-1", AZs: []string{"eu-west-1a", "eu-west-1b"}, Domain: "dev-bridge.globex.test",
			ZoneID: "Z1111111111111111111", NamePrefix: "globex-dev", StateBucket: "globex-tfstate-bridge", StateRegion: "eu-west-1"},
		{Name: "production", AccountID: "111111111111", Region: "eu-west-1", AZs: []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}, Domain: "bridge.globex.test",
			ZoneID: "Z2222222222222222222", NamePrefix: "globex-prod", StateBucket: "globex-tfstate-bridge", StateRegion: "eu-west-1"},
	}}
}

// The embedded template is templates/live as the repository holds it: every committed file and
// nothing else (not embed.go, not what a local terraform run leaves there), so a file added to the
// template without a pattern in embed.go fails here.
func TestTheEmbeddedTemplateIsTheTemplate(t *testing.T) {
	list := exec.Command("git", "ls-files", "--cached", "--others", "--exclude-standard", "--", ".")
	list.Dir = filepath.Join(testfiles.Root(), Dir)
	out, err := list.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	var want []string
	for _, p := range strings.Fields(string(out)) {
		if p != "embed.go" {
			want = append(want, p)
		}
	}
	var got []string
	err = fs.WalkDir(live.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			got = append(got, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(want)
	sort.Strings(got)
	if !slices.Equal(got, want) || len(got) < 20 {
		t.Errorf("the embedded template differs from templates/live:\nembedded %v\ncommitted %v", got, want)
	}
}

// placeholders are the template's values a customer must replace: OWNER (README step 1), the
// example repository and bucket, the image tag, the zone, the account in the boundary ARN, the
// example domains and the backends' bucket. The release commit the template pins is no
// placeholder: every written file keeps it.
var placeholders = []string{"OWNER", "CHANGE-ME", "acme", "123456789012", "Z0000000000000EXAMPLE", "example.com",
	"bridge-dev", "bridge-prod"}

// answered are the files that hold the placeholders: the variables files, the backends, the
// module sources and the workflows. Others (variables.tf's CHANGE-ME validation, the READMEs)
// keep the template's text.
func answered(p string) bool {
	base := p[strings.LastIndex(p, "/")+1:]
	return strings.HasSuffix(base, ".tfvars") || base == "versions.tf" || base == "main.tf" || strings.HasSuffix(base, ".yml")
}

// Render replaces every placeholder in the files that hold them, and leaves the READMEs, the
// .gitignore and the lock files byte for byte as the template has them.
func TestRenderReplacesEveryPlaceholderWhereItIs(t *testing.T) {
	files, err := Render(live.FS, sampleAnswers())
	if err != nil {
		t.Fatal(err)
	}
	// The test is not vacuous: the template holds each placeholder in a file that Render answers.
	for _, ph := range placeholders {
		found := false
		_ = fs.WalkDir(live.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && answered(p) {
				data, _ := fs.ReadFile(live.FS, p)
				found = found || bytes.Contains(data, []byte(ph))
			}
			return err
		})
		if !found {
			t.Errorf("the template no longer holds the placeholder %q: update this test's list", ph)
		}
	}
	for p, data := range files {
		template, err := fs.ReadFile(live.FS, p)
		if err != nil {
			t.Errorf("%s: written, but not a template file: %v", p, err)
			continue
		}
		if !answered(p) {
			if !bytes.Equal(data, template) {
				t.Errorf("%s differs from the template; only the files holding placeholders may", p)
			}
			continue
		}
		for _, ph := range placeholders {
			if bytes.Contains(data, []byte(ph)) {
				t.Errorf("%s still holds the placeholder %q:\n%s", p, ph, data)
			}
		}
	}
	if _, ok := files["README.md"]; !ok {
		t.Error("the README is not written")
	}
}

// parseVars reads the literal values of a variables file.
func parseVars(t *testing.T, name string, data []byte) map[string]any {
	t.Helper()
	f, diags := hclsyntax.ParseConfig(data, name, hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("%s: %s", name, diags.Error())
	}
	out := map[string]any{}
	for n, attr := range f.Body.(*hclsyntax.Body).Attributes {
		v, diags := attr.Expr.Value(nil)
		if diags.HasErrors() {
			t.Fatalf("%s: %s is not a literal: %s", name, n, diags.Error())
		}
		out[n] = v
	}
	return out
}

// With one account per environment, each account gets its own bootstrap root with only its
// environment, its own bucket and, where one exists, its OIDC provider; with one account, the
// template's single bootstrap/ keeps both environments and dev's pull-request plans.
func TestRenderWritesOneBootstrapPerAccount(t *testing.T) {
	one, err := Render(live.FS, sampleAnswers())
	if err != nil {
		t.Fatal(err)
	}
	vars := string(one["bootstrap/bootstrap.tfvars"])
	r := newestRelease(t)
	for _, want := range []string{
		`dev        = { name_prefix = "globex-dev", plan_pull_requests = true, dns_names = ["dev-bridge.globex.test"] }`,
		`production = { name_prefix = "globex-prod", dns_names = ["bridge.globex.test"] }`,
		// The form modules/bootstrap's github_trust.workflow_refs wants: the workflow at the commit
		// uses: pins, with the release in a comment.
		`  "globex-oss/terraform-basemachina-modules/.github/workflows/terraform.yml@` + r.Commit + `",       # ` + r.Tag() + "\n",
		`  "globex-oss/terraform-basemachina-modules/.github/workflows/terraform-drift.yml@` + r.Commit + `", # ` + r.Tag() + "\n",
		`region = "eu-west-1"`,
	} {
		if !strings.Contains(vars, want) {
			t.Errorf("bootstrap/bootstrap.tfvars lacks %s:\n%s", want, vars)
		}
	}
	if strings.Contains(vars, "oidc_provider_arn") {
		t.Errorf("no OIDC provider was given, yet bootstrap.tfvars sets one:\n%s", vars)
	}

	a := sampleAnswers()
	a.Environments[1].AccountID = "222222222222"
	a.Environments[1].StateBucket = "globex-tfstate-bridge-prod"
	a.Environments[1].OIDCProviderARN = "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com"
	two, err := Render(live.FS, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := two["bootstrap/bootstrap.tfvars"]; ok {
		t.Error("two accounts share one bootstrap root, whose state can serve only one")
	}
	for _, e := range a.Environments {
		dir := "bootstrap/" + e.Name
		for _, f := range []string{"main.tf", "variables.tf", "outputs.tf", "versions.tf", ".terraform.lock.hcl"} {
			if _, ok := two[dir+"/"+f]; !ok {
				t.Errorf("%s/%s is not written", dir, f)
			}
		}
		v := parseVars(t, dir+"/bootstrap.tfvars", two[dir+"/bootstrap.tfvars"])
		envs := v["environments"].(interface{ LengthInt() int })
		if envs.LengthInt() != 1 {
			t.Errorf("%s/bootstrap.tfvars holds %d environments, want only %s", dir, envs.LengthInt(), e.Name)
		}
		text := string(two[dir+"/bootstrap.tfvars"])
		if !strings.Contains(text, `state_bucket_name = "`+e.StateBucket+`"`) || !strings.Contains(text, `"`+e.NamePrefix+`"`) {
			t.Errorf("%s/bootstrap.tfvars does not make %s's bucket and prefix:\n%s", dir, e.Name, text)
		}
		if hasOIDC := strings.Contains(text, "oidc_provider_arn = "); hasOIDC != (e.OIDCProviderARN != "") {
			t.Errorf("%s/bootstrap.tfvars: oidc_provider_arn set %v, want %v", dir, hasOIDC, e.OIDCProviderARN != "")
		}
		if backend := string(two[e.Name+"/versions.tf"]); !strings.Contains(backend, `bucket       = "`+e.StateBucket+`"`) {
			t.Errorf("%s/versions.tf does not keep its state in its account's bucket %s:\n%s", e.Name, e.StateBucket, backend)
		}
	}
}

// BootstrapName and the boundary ARNs written into each environment's variables follow the
// bootstrap module: its default name, and its boundary policy named <name>-boundary-<env>.
func TestTheBoundaryIsTheBootstrapModules(t *testing.T) {
	root := testfiles.Root()
	variables, err := os.ReadFile(filepath.Join(root, "modules", "bootstrap", "variables.tf"))
	if err != nil {
		t.Fatal(err)
	}
	def := regexp.MustCompile(`(?s)variable "name" \{.*?default\s*=\s*"([^"]+)"`).FindSubmatch(variables)
	if def == nil || string(def[1]) != BootstrapName {
		t.Errorf("modules/bootstrap's name defaults to %q, BootstrapName is %q", def, BootstrapName)
	}
	boundary, err := os.ReadFile(filepath.Join(root, "modules", "bootstrap", "boundary.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(boundary, []byte(`name        = "${var.name}-boundary-${each.key}"`)) {
		t.Error("modules/bootstrap no longer names the stack boundary <name>-boundary-<environment>")
	}
	files, err := Render(live.FS, sampleAnswers())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(files["dev/dev.tfvars"], []byte(`iam_permissions_boundary = "arn:aws:iam::111111111111:policy/bridge-cicd-boundary-dev"`)) {
		t.Errorf("dev/dev.tfvars does not name dev's boundary in its account:\n%s", files["dev/dev.tfvars"])
	}
}

// PointAt points a copied root's git sources at a checkout of the modules and its local sources
// back at where they were, and refuses a checkout that lacks a module the root calls.
func TestPointAtRewritesSourcesForACopy(t *testing.T) {
	tmp := t.TempDir()
	original := filepath.Join(tmp, "repo", "dev")
	copied := filepath.Join(tmp, "copy", "dev")
	modules := filepath.Join(testfiles.Root(), "modules")
	mainTF := `module "network" {
  source = "git::https://github.com/globex-oss/terraform-basemachina-modules.git//modules/network?ref=v1.0.0"
}

module "shared" {
  source = "../shared"
}

module "other" {
  source = "git::https://github.com/globex-oss/other.git//x?ref=v1"
}
`
	for _, dir := range []string{original, copied, filepath.Join(tmp, "repo", "shared")} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(copied, "main.tf"), []byte(mainTF), 0o644); err != nil {
		t.Fatal(err)
	}
	pointed, err := PointAt(copied, original, modules)
	if err != nil {
		t.Fatal(err)
	}
	if len(pointed) != 1 || pointed[0] != (Pointed{Name: "network", Module: "network", Ref: "v1.0.0"}) {
		t.Errorf("pointed %+v, want the network call at v1.0.0", pointed)
	}
	data, _ := os.ReadFile(filepath.Join(copied, "main.tf"))
	sources := regexp.MustCompile(`source = "([^"]+)"`).FindAllStringSubmatch(string(data), -1)
	if len(sources) != 3 {
		t.Fatalf("want three sources in:\n%s", data)
	}
	for i, want := range []string{filepath.Join(modules, "network"), filepath.Join(tmp, "repo", "shared")} {
		if got := filepath.Join(copied, sources[i][1]); got != want || !strings.HasPrefix(sources[i][1], "../") {
			t.Errorf("source %d resolves to %s, want %s by a relative path (got %q)", i, got, want, sources[i][1])
		}
	}
	if sources[2][1] != "git::https://github.com/globex-oss/other.git//x?ref=v1" {
		t.Errorf("a source of another repository changed: %q", sources[2][1])
	}

	if err := os.WriteFile(filepath.Join(copied, "main.tf"), []byte(mainTF), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := PointAt(copied, original, filepath.Join(tmp, "repo")); err == nil || !strings.Contains(err.Error(), "modules/network") {
		t.Errorf("a checkout without modules/network: want an error naming it, got %v", err)
	}
}

// The written workflows call the reusable workflows at the commit the template pins, and pass the
// same commit as modules_ref; the written roots call the modules at it.
func TestRenderKeepsTheReleaseCommit(t *testing.T) {
	r := newestRelease(t)
	files, err := Render(live.FS, sampleAnswers())
	if err != nil {
		t.Fatal(err)
	}
	bridge := string(files[".github/workflows/bridge.yml"])
	for _, want := range []string{
		"uses: globex-oss/terraform-basemachina-modules/.github/workflows/terraform.yml@" + r.Commit + " # " + r.Tag(),
		`modules_ref: "` + r.Commit + `" # ` + r.Tag(),
	} {
		if strings.Count(bridge, want) != 2 {
			t.Errorf(".github/workflows/bridge.yml: want %q for dev and production:\n%s", want, bridge)
		}
	}
	for _, env := range []string{"dev", "production"} {
		main := string(files[env+"/main.tf"])
		if strings.Count(main, `?ref=`+r.Commit+`" # `+r.Tag()) != 3 {
			t.Errorf("%s/main.tf does not call its three modules at %s:\n%s", env, r.Commit, main)
		}
		// The profile is the customer's modules too: its source names their owner like the others.
		if !strings.Contains(main, `source = "git::https://github.com/globex-oss/terraform-basemachina-modules.git//modules/profile?ref=`+r.Commit+`" # `+r.Tag()) {
			t.Errorf("%s/main.tf does not call modules/profile of globex-oss at %s:\n%s", env, r.Commit, main)
		}
	}
}

// A template whose workflow calls a reusable workflow by a tag, or without the release in a
// comment, is refused: its workflow_refs would trust nothing the workflows run.
func TestRenderRefusesAWorkflowNotPinnedToACommit(t *testing.T) {
	r := newestRelease(t)
	for name, uses := range map[string]string{
		"a tag":            "OWNER/terraform-basemachina-modules/.github/workflows/terraform.yml@" + r.Tag(),
		"no release noted": "OWNER/terraform-basemachina-modules/.github/workflows/terraform.yml@" + r.Commit,
	} {
		t.Run(name, func(t *testing.T) {
			template := fstest.MapFS{
				".github/workflows/bridge.yml": {Data: []byte("jobs:\n  dev:\n    uses: " + uses + "\n")},
				".github/workflows/drift.yml":  {Data: []byte("jobs:\n  drift:\n    uses: OWNER/terraform-basemachina-modules/.github/workflows/terraform-drift.yml@" + r.Commit + " # " + r.Tag() + "\n")},
			}
			if _, err := Render(template, sampleAnswers()); err == nil || !strings.Contains(err.Error(), "bridge.yml") {
				t.Errorf("want an error naming bridge.yml, got %v", err)
			}
		})
	}
}

// Localize points the template's sources, pinned to a release commit, at the working tree's
// modules (the emulator's template cycle and the live-* example plans depend on it), and Sources
// reads them; a source at a tag is refused.
func TestLocalizeReadsSourcesPinnedToACommit(t *testing.T) {
	root := testfiles.Root()
	r := newestRelease(t)
	sources, err := Sources(filepath.Join(root, Dir, "dev"))
	if err != nil {
		t.Fatal(err)
	}
	if len(sources) != 3 || sources[0].Ref != r.Commit || sources[1].Ref != r.Commit || sources[2].Ref != r.Commit {
		t.Errorf("dev's sources %+v, want profile, network and bridge at %s", sources, r.Commit)
	}
	dst := t.TempDir()
	dir, err := Localize(root, "dev", dst)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("git::")) {
		t.Errorf("the localized dev/main.tf still calls a git source:\n%s", data)
	}
	got := regexp.MustCompile(`source = "([^"]+)"`).FindAllStringSubmatch(string(data), -1)
	if len(got) != 3 {
		t.Fatalf("want three sources in the localized main.tf:\n%s", data)
	}
	for i, module := range []string{"profile", "network", "bridge"} {
		if resolved := filepath.Join(dir, got[i][1]); resolved != filepath.Join(dst, "modules", module) {
			t.Errorf("source %q resolves to %s, want the copied modules/%s", got[i][1], resolved, module)
		}
	}

	tagged := t.TempDir()
	main := `module "network" {
  source = "git::https://github.com/OWNER/terraform-basemachina-modules.git//modules/network?ref=` + r.Tag() + `"
}
`
	if err := os.WriteFile(filepath.Join(tagged, "main.tf"), []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Sources(tagged); err == nil || !strings.Contains(err.Error(), "40 hexadecimal digits") {
		t.Errorf("a source at the tag %s: want an error asking for the commit, got %v", r.Tag(), err)
	}
}
