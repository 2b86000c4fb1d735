package templates

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"terraform-basemachina-modules/internal/i18n"
)

// BootstrapName is the bootstrap module's `name` as the template leaves it (its default in
// modules/bootstrap/variables.tf): the stacks' permissions boundaries are named
// <BootstrapName>-boundary-<environment>, and no environment's name prefix may begin with it.
const BootstrapName = "bridge-cicd"

// Answers are what a customer's repository needs that the template leaves as placeholders.
type Answers struct {
	Repository   string        // the customer's repository on GitHub, owner/name
	ModulesOwner string        // the owner of terraform-basemachina-modules the roots and workflows call (OWNER)
	ImageTag     string        // the Bridge image tag or digest every environment runs
	Environments []Environment // one per environment root of the template, in its order
}

// Environment is one environment root and the account it is deployed in.
type Environment struct {
	Name        string // the template's directory, and the GitHub environment
	AccountID   string
	Region      string
	AZs         []string
	Domain      string
	ZoneID      string
	NamePrefix  string // the `name` of its stacks, and its name_prefix in the bootstrap
	StateBucket string // the state bucket of its account
	StateRegion string // the region of StateBucket
	// OIDCProviderARN is the account's existing GitHub OIDC provider; "" lets the bootstrap create it.
	OIDCProviderARN string
}

// Bootstrap is one bootstrap root of the written repository: one per AWS account.
type Bootstrap struct {
	Dir             string // slash-separated path in the repository
	AccountID       string
	StateBucket     string
	StateRegion     string
	OIDCProviderARN string
	Environments    []string
}

// Bootstraps groups the environments by account. One account gets the template's bootstrap/;
// several get bootstrap/<environment>/ each, since a bootstrap root keeps its own state (local
// first, then in its account's bucket) and so serves one account.
func (a Answers) Bootstraps() []Bootstrap {
	var out []Bootstrap
	for _, e := range a.Environments {
		i := slices.IndexFunc(out, func(b Bootstrap) bool { return b.AccountID == e.AccountID })
		if i < 0 {
			out = append(out, Bootstrap{AccountID: e.AccountID, StateBucket: e.StateBucket, StateRegion: e.StateRegion, OIDCProviderARN: e.OIDCProviderARN})
			i = len(out) - 1
		}
		out[i].Environments = append(out[i].Environments, e.Name)
	}
	for i := range out {
		out[i].Dir = "bootstrap"
		if len(out) > 1 {
			out[i].Dir = "bootstrap/" + out[i].Environments[0]
		}
	}
	return out
}

// placeholderRepository is how the template's sources, workflows and workflow_refs name the
// modules' repository; init replaces OWNER in them (README step 1).
const placeholderRepository = "OWNER/terraform-basemachina-modules"

// skipped reports whether a file of a template root is left out of a written repository: what the
// template's .gitignore keeps out of a customer's repository too (state, plans, overrides,
// .terraform/), and Go files (the template's embedding).
func skipped(p string) bool {
	name := path.Base(p)
	for _, dir := range strings.Split(path.Dir(p), "/") {
		if dir == ".terraform" {
			return true
		}
	}
	return strings.HasSuffix(name, ".go") || strings.HasSuffix(name, ".tfstate") || strings.Contains(name, ".tfstate.") ||
		name == "tfplan" || strings.HasSuffix(name, ".tfplan") || name == "plan.json" || name == "plan.txt" ||
		name == "override.tf" || strings.HasSuffix(name, "_override.tf") || name == "crash.log"
}

// mismatch is the error of a template that no longer has what Render replaces: a change to
// templates/live that init has not followed. The tests of this package render the template, so
// they fail first.
func mismatch(file, what string) error {
	return i18n.Errorf("The built-in template does not match bridgectl init: %s has no %s.", file, what)
}

// Render writes the customer's repository from the template: every file of the template, with the
// placeholders replaced in the files that hold them (the roots' sources, backends and variables
// files, the workflows) and the READMEs and lock files as they are. It returns the files by their
// slash-separated paths in the repository.
func Render(template fs.FS, a Answers) (map[string][]byte, error) {
	envs := map[string]Environment{}
	for _, e := range a.Environments {
		envs[e.Name] = e
	}
	refs, err := workflowRefs(template, a.ModulesOwner)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	err = fs.WalkDir(template, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || skipped(p) {
			return err
		}
		data, err := fs.ReadFile(template, p)
		if err != nil {
			return err
		}
		top, rest, inRoot := strings.Cut(p, "/")
		switch {
		case !inRoot || top == ".github":
			if strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml") {
				data = replaceOwner(data, a.ModulesOwner)
			}
			out[p] = data
		case top == "bootstrap":
			for _, b := range a.Bootstraps() {
				rendered, err := renderBootstrapFile(rest, data, a, b, envs, refs)
				if err != nil {
					return err
				}
				out[b.Dir+"/"+rest] = rendered
			}
		default:
			e, ok := envs[top]
			if !ok {
				return mismatch(".", top+" (an environment of bridgectl init)")
			}
			rendered, err := renderEnvironmentFile(rest, data, a, e)
			if err != nil {
				return err
			}
			out[p] = rendered
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, e := range a.Environments {
		if _, ok := out[e.Name+"/versions.tf"]; !ok {
			return nil, mismatch(".", e.Name+"/versions.tf")
		}
	}
	return out, nil
}

func replaceOwner(data []byte, owner string) []byte {
	return bytes.ReplaceAll(data, []byte(placeholderRepository), []byte(owner+"/terraform-basemachina-modules"))
}

func renderBootstrapFile(name string, data []byte, a Answers, b Bootstrap, envs map[string]Environment, refs []workflowRef) ([]byte, error) {
	switch {
	case name == "bootstrap.tfvars":
		return renderBootstrapVars("bootstrap/"+name, data, a, b, envs, refs)
	case strings.HasSuffix(name, ".tf"):
		return replaceOwner(data, a.ModulesOwner), nil
	}
	return data, nil
}

func renderEnvironmentFile(name string, data []byte, a Answers, e Environment) ([]byte, error) {
	switch {
	case name == e.Name+".tfvars":
		return setAttributes(data, e.Name+"/"+name, [][2]string{
			{"region", quote(e.Region)},
			{"name", quote(e.NamePrefix)},
			{"azs", quoteList(e.AZs)},
			{"domain_name", quote(e.Domain)},
			{"route53_zone_id", quote(e.ZoneID)},
			{"bridge_image_tag", quote(a.ImageTag)},
			{"iam_permissions_boundary", quote(BoundaryARN(e))},
		})
	case name == "versions.tf":
		return setBackend(e.Name+"/"+name, replaceOwner(data, a.ModulesOwner), e)
	case strings.HasSuffix(name, ".tf"):
		return replaceOwner(data, a.ModulesOwner), nil
	}
	return data, nil
}

// BoundaryARN is the permissions boundary the bootstrap makes for an environment (its output
// stack_permissions_boundary_arns): its roles create no role without it.
func BoundaryARN(e Environment) string {
	return fmt.Sprintf("arn:aws:iam::%s:policy/%s-boundary-%s", e.AccountID, BootstrapName, e.Name)
}

// edit replaces one expression of a file.
type edit struct {
	rng  hcl.Range
	text string
}

// apply replaces the expressions, leaving every other byte of the file (its comments, its
// alignment) as it was.
func apply(data []byte, edits []edit) []byte {
	slices.SortFunc(edits, func(a, b edit) int { return b.rng.Start.Byte - a.rng.Start.Byte })
	out := slices.Clone(data)
	for _, e := range edits {
		out = slices.Concat(out[:e.rng.Start.Byte], []byte(e.text), out[e.rng.End.Byte:])
	}
	return out
}

func parse(data []byte, name string) (*hclsyntax.Body, error) {
	f, diags := hclsyntax.ParseConfig(data, name, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	return f.Body.(*hclsyntax.Body), nil
}

// setAttributes gives existing top-level attributes new values; an attribute the template no
// longer has is an error, never a silent addition.
func setAttributes(data []byte, name string, values [][2]string) ([]byte, error) {
	body, err := parse(data, name)
	if err != nil {
		return nil, err
	}
	var edits []edit
	for _, v := range values {
		attr, ok := body.Attributes[v[0]]
		if !ok {
			return nil, mismatch(name, v[0])
		}
		edits = append(edits, edit{attr.Expr.Range(), v[1]})
	}
	return apply(data, edits), nil
}

// setBackend points the environment's S3 backend at its account's state bucket; the key stays
// the one the bootstrap gives the environment's roles.
func setBackend(file string, data []byte, e Environment) ([]byte, error) {
	body, err := parse(data, file)
	if err != nil {
		return nil, err
	}
	var edits []edit
	for _, tf := range body.Blocks {
		for _, b := range tf.Body.Blocks {
			if tf.Type != "terraform" || b.Type != "backend" || len(b.Labels) != 1 || b.Labels[0] != "s3" {
				continue
			}
			bucket, okBucket := b.Body.Attributes["bucket"]
			region, okRegion := b.Body.Attributes["region"]
			if okBucket && okRegion {
				edits = append(edits, edit{bucket.Expr.Range(), quote(e.StateBucket)}, edit{region.Expr.Range(), quote(e.StateRegion)})
			}
		}
	}
	if len(edits) != 2 {
		return nil, mismatch(file, `backend "s3" { bucket, region }`)
	}
	return apply(data, edits), nil
}

// renderBootstrapVars writes one account's bootstrap.tfvars: the repository, the bucket, the
// account's environments (keeping what the template sets for each, such as dev's
// plan_pull_requests), the workflows the roles trust, the bucket's region and the existing OIDC
// provider.
func renderBootstrapVars(file string, data []byte, a Answers, b Bootstrap, envs map[string]Environment, refs []workflowRef) ([]byte, error) {
	planPRs, err := templatePlanPullRequests(file, data)
	if err != nil {
		return nil, err
	}
	width := 0
	for _, name := range b.Environments {
		width = max(width, len(name))
	}
	var envText strings.Builder
	envText.WriteString("{\n")
	for _, name := range b.Environments {
		e := envs[name]
		// One line per environment, aligned as terraform fmt aligns them.
		envText.WriteString("  " + name + strings.Repeat(" ", width-len(name)) + " = { name_prefix = " + quote(e.NamePrefix))
		if planPRs[name] {
			envText.WriteString(", plan_pull_requests = true")
		}
		envText.WriteString(", dns_names = [" + quote(e.Domain) + "] }\n")
	}
	envText.WriteString("}")
	// One line per workflow, its release in a comment aligned as terraform fmt aligns them.
	refWidth := 0
	for _, r := range refs {
		refWidth = max(refWidth, len(quote(r.Ref)))
	}
	var refText strings.Builder
	refText.WriteString("[\n")
	for _, r := range refs {
		fmt.Fprintf(&refText, "  %s,%s # %s\n", quote(r.Ref), strings.Repeat(" ", refWidth-len(quote(r.Ref))), r.Version)
	}
	refText.WriteString("]")
	out, err := setAttributes(data, file, [][2]string{
		{"github_repository", quote(a.Repository)},
		{"state_bucket_name", quote(b.StateBucket)},
		{"environments", envText.String()},
		{"workflow_refs", refText.String()},
	})
	if err != nil {
		return nil, err
	}
	out = append(bytes.TrimRight(out, "\n"), '\n')
	out = fmt.Appendf(out, "\n# The region of the state bucket: each environment's backend block names it too.\nregion = %s\n", quote(b.StateRegion))
	if b.OIDCProviderARN != "" {
		out = fmt.Appendf(out, "\n# The account's GitHub OIDC provider, which exists already: the roles trust it, and the bootstrap\n# neither creates nor deletes it.\noidc_provider_arn = %s\n", quote(b.OIDCProviderARN))
	}
	return out, nil
}

// templatePlanPullRequests reads which environments the template lets pull requests plan.
func templatePlanPullRequests(file string, data []byte) (map[string]bool, error) {
	body, err := parse(data, file)
	if err != nil {
		return nil, err
	}
	attr, ok := body.Attributes["environments"]
	if !ok {
		return nil, mismatch(file, "environments")
	}
	v, diags := attr.Expr.Value(nil)
	if diags.HasErrors() || !v.CanIterateElements() {
		return nil, mismatch(file, "environments = { ... }")
	}
	out := map[string]bool{}
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if e.Type().IsObjectType() && e.Type().HasAttribute("plan_pull_requests") {
			p := e.GetAttr("plan_pull_requests")
			out[k.AsString()] = p.Type() == cty.Bool && p.True()
		}
	}
	return out, nil
}

// quote writes s as an HCL string literal: Go's quoting, with template sequences escaped.
func quote(s string) string {
	q := strconv.Quote(s)
	q = strings.ReplaceAll(q, "${", "$${")
	return strings.ReplaceAll(q, "%{", "%%{")
}

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// workflowUses matches a workflow's call of a reusable workflow of the modules' repository, pinned
// to a release commit with the version in a comment (tools/release).
var workflowUses = regexp.MustCompile(`uses:\s*` + regexp.QuoteMeta(placeholderRepository) + `/(\.github/workflows/[A-Za-z0-9._-]+\.ya?ml)@([0-9a-f]{40})[ \t]+#[ \t]*(v[0-9]+\.[0-9]+\.[0-9]+)\b`)

// workflowRef is one entry of the bootstrap's workflow_refs and the release it names.
type workflowRef struct {
	Ref     string // <owner>/terraform-basemachina-modules/.github/workflows/<file>@<commit>
	Version string // v<version>, the comment of the template's uses:
}

// workflowRefs are the job_workflow_ref claims of the reusable workflows the template's workflows
// call, as the bootstrap's workflow_refs wants them: the workflow at the commit uses: pins
// (modules/bootstrap, github_trust).
func workflowRefs(template fs.FS, owner string) ([]workflowRef, error) {
	files, err := fs.Glob(template, ".github/workflows/*.yml")
	if err != nil {
		return nil, err
	}
	var refs []workflowRef
	for _, p := range files {
		data, err := fs.ReadFile(template, p)
		if err != nil {
			return nil, err
		}
		pinned := workflowUses.FindAllStringSubmatch(string(data), -1)
		if calls := strings.Count(string(data), "uses: "+placeholderRepository+"/"); calls != len(pinned) {
			return nil, mismatch(p, "uses: "+placeholderRepository+"/.github/workflows/<workflow>@<commit> # v<version> in each of its calls")
		}
		for _, m := range pinned {
			r := workflowRef{Ref: owner + "/terraform-basemachina-modules/" + m[1] + "@" + m[2], Version: m[3]}
			if !slices.Contains(refs, r) {
				refs = append(refs, r)
			}
		}
	}
	if len(refs) == 0 {
		return nil, mismatch(".github/workflows", "uses: "+placeholderRepository+"/.github/workflows/<workflow>@<commit> # v<version>")
	}
	return refs, nil
}
