// Package moduleapi checks the modules' public interface as a user meets it: how many inputs each
// has, and whether every validation message shows what was given.
package moduleapi

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// quietMessages may not show the value they reject, with the reason.
var quietMessages = map[string]string{
	"bridge/tenant_id": "the value is sensitive and ephemeral: Terraform refuses a message that refers to it",
}

// maxInputs is the interface budget per module: each input is one choice a user can explain.
// bridge's 40th is deployment_timeout: how long an apply waits for the service is its own choice
// (terraform-aws-modules/ecs modules/service keeps its `timeouts` apart from wait_for_steady_state), and folding it into
// wait_for_steady_state would change that bool's type within 1.x.
var maxInputs = map[string]int{"bridge": 40, "datastore": 31, "network": 13, "vpc-endpoints": 12, "bootstrap": 10, "profile": 1}

type variable struct {
	name     string
	messages []hclsyntax.Expression
}

func readVariables(t *testing.T, module string) []variable {
	t.Helper()
	path := filepath.Join("..", "..", "modules", module, "variables.tf")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var out []variable
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		if b.Type != "variable" {
			continue
		}
		v := variable{name: b.Labels[0]}
		for _, vb := range b.Body.Blocks {
			if vb.Type == "validation" {
				v.messages = append(v.messages, vb.Body.Attributes["error_message"].Expr)
			}
		}
		out = append(out, v)
	}
	return out
}

func TestEveryInputBudget(t *testing.T) {
	for module, limit := range maxInputs {
		if n := len(readVariables(t, module)); n > limit {
			t.Errorf("modules/%s has %d inputs, more than its budget of %d: group related choices into one object", module, n, limit)
		}
	}
}

// A message that interpolates nothing cannot say what the user gave.
func TestEveryValidationMessageShowsTheGivenValue(t *testing.T) {
	for module := range maxInputs {
		for _, v := range readVariables(t, module) {
			key := module + "/" + v.name
			for _, msg := range v.messages {
				if _, literal := msg.(*hclsyntax.TemplateExpr); literal && len(msg.Variables()) == 0 {
					if _, quiet := quietMessages[key]; !quiet {
						rng := msg.Range()
						t.Errorf("%s:%d: the message of %s shows no given value: add \"got ...\"", rng.Filename, rng.Start.Line, key)
					}
				}
			}
		}
	}
	for key := range quietMessages {
		module, name, _ := strings.Cut(key, "/")
		found := false
		for _, v := range readVariables(t, module) {
			found = found || v.name == name
		}
		if !found {
			t.Errorf("quietMessages names %s, which no longer exists", key)
		}
	}
}
