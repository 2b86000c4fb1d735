package moduleapi

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// moduleConfig is one module's locals and resource attributes, parsed from its .tf files, enough
// to follow which resources an argument's value comes from.
type moduleConfig struct {
	locals    map[string]hclsyntax.Expression
	resources map[string]*hclsyntax.Body // "type.name" -> body
}

func readModule(t *testing.T, module string) moduleConfig {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "modules", module, "*.tf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("modules/%s: no .tf files (%v)", module, err)
	}
	m := moduleConfig{locals: map[string]hclsyntax.Expression{}, resources: map[string]*hclsyntax.Body{}}
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		for _, b := range f.Body.(*hclsyntax.Body).Blocks {
			switch b.Type {
			case "locals":
				for name, a := range b.Body.Attributes {
					m.locals[name] = a.Expr
				}
			case "resource":
				m.resources[b.Labels[0]+"."+b.Labels[1]] = b.Body
			}
		}
	}
	return m
}

// sources are the resources ("type.name") an argument of resource reads, through any locals, and
// those it names in depends_on: what Terraform must finish before it creates the resource.
func (m moduleConfig) sources(t *testing.T, resource, argument string) []string {
	t.Helper()
	body, ok := m.resources[resource]
	if !ok {
		t.Fatalf("no resource %s", resource)
	}
	attr, ok := body.Attributes[argument]
	if !ok {
		t.Fatalf("%s sets no %s", resource, argument)
	}
	found, seen := map[string]bool{}, map[string]bool{}
	var follow func(hclsyntax.Expression)
	follow = func(e hclsyntax.Expression) {
		for _, tr := range e.Variables() {
			root := tr.RootName()
			switch {
			case root == "local" && len(tr) > 1:
				name := tr[1].(hcl.TraverseAttr).Name
				if !seen[name] {
					seen[name] = true
					if l, ok := m.locals[name]; ok {
						follow(l)
					}
				}
			case strings.HasPrefix(root, "aws_") && len(tr) > 1:
				found[root+"."+tr[1].(hcl.TraverseAttr).Name] = true
			}
		}
	}
	follow(attr.Expr)
	if d, ok := body.Attributes["depends_on"]; ok {
		follow(d.Expr)
	}
	out := make([]string, 0, len(found))
	for r := range found {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// Orderings AWS needs that values alone do not show: with mock providers and in plans, the
// validation's certificate_arn is the certificate's ARN, so a listener wired to the certificate
// itself passes every value check, and on AWS is created before ACM has issued the certificate:
// CreateListener fails with UnsupportedCertificate (cloudposse/terraform-aws-acm-request-certificate#58;
// the provider's aws_acm_certificate_validation is the resource that waits for the issue). An ALB
// whose access logs are turned on before the bucket policy exists fails with
// "InvalidConfigurationRequest: Access Denied for bucket" (terraform-aws-modules/terraform-aws-s3-bucket#98).
func TestResourcesWaitForWhatAWSNeedsFirst(t *testing.T) {
	bridge := readModule(t, "bridge")
	for _, c := range []struct {
		resource, argument string
		want, notWant      string
		why                string
	}{
		{"aws_lb_listener.https", "certificate_arn", "aws_acm_certificate_validation.this", "aws_acm_certificate.this",
			"the HTTPS listener takes a DNS-validated certificate only after its validation"},
		{"aws_lb.this", "depends_on", "aws_s3_bucket_policy.access_logs", "",
			"the load balancer turns access logs on only after the bucket policy lets ELB write (ELB checks the bucket when logging is set)"},
	} {
		got := bridge.sources(t, c.resource, c.argument)
		has := func(r string) bool {
			return sort.SearchStrings(got, r) < len(got) && got[sort.SearchStrings(got, r)] == r
		}
		if !has(c.want) || c.notWant != "" && has(c.notWant) {
			t.Errorf("%s.%s reads %v: %s, so it must read %s%s", c.resource, c.argument, got, c.why, c.want,
				map[bool]string{true: " and not " + c.notWant, false: ""}[c.notWant != ""])
		}
	}
}
