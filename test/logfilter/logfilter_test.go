package logfilter

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
)

// Lines as the Bridge prints them (zap JSON, keys severity/time/caller/message); the messages are
// verbatim from its source (cmd/bridge/fetch.go, internal/auth/auth.go), see shared BRIDGE.md.
var bridgeLines = map[string]string{
	"KeyRefreshFailures": `{"severity":"Error","time":"2026-11-23T01:02:03.456Z","caller":"bridge/fetch.go:91","message":"failed to refresh public-key","error":"Get \"https://api.basemachina.com/v1/bridge_authn_pubkey\": context deadline exceeded"}`,
	"TenantMismatches":   `{"severity":"Info","time":"2026-11-23T01:02:03.456Z","caller":"auth/auth.go:101","message":"mismatch tenant ID","tenant-1":"tenant-2"}`,
	"UnauthorizedTokens": `{"severity":"Error","time":"2026-11-23T01:02:03.456Z","caller":"auth/auth.go:88","message":"jwt unauthorized error","error":"token is expired"}`,
}

// Lines no alarm may count.
var quietLines = []string{
	`{"severity":"Info","time":"2026-11-23T01:00:00Z","caller":"bridge/main.go:80","message":"worker is started and waiting for ready..."}`,
	`{"severity":"Info","time":"2026-11-23T01:00:01Z","caller":"bridge/main.go:90","message":"worker is ready"}`,
	`{"severity":"Info","time":"2026-11-23T01:00:01Z","caller":"bridge/main.go:95","message":"http server is booting..."}`,
	`error: failed to refresh public-key`, // plain text on stderr: not JSON, so no selector matches
}

// defaultPatterns reads the default of alarms.log_patterns from the bridge module's type
// constraint itself, so the test checks what users get.
func defaultPatterns(t *testing.T) map[string]string {
	t.Helper()
	path := filepath.Join("..", "..", "modules", "bridge", "variables.tf")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, diags := hclparse.NewParser().ParseHCL(src, path)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	content, _, _ := f.Body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "variable", LabelNames: []string{"name"}}}})
	for _, b := range content.Blocks {
		if b.Labels[0] != "alarms" {
			continue
		}
		attrs, _ := b.Body.JustAttributes()
		_, defaults, diags := typeexpr.TypeConstraintWithDefaults(attrs["type"].Expr)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		v, ok := defaults.DefaultValues["log_patterns"]
		if !ok {
			t.Fatal("alarms.log_patterns has no default in modules/bridge/variables.tf")
		}
		out := map[string]string{}
		for k, p := range v.AsValueMap() {
			if p.Type() != cty.String {
				t.Fatalf("pattern %s is not a string", k)
			}
			out[k] = p.AsString()
		}
		return out
	}
	t.Fatal("no variable alarms in modules/bridge/variables.tf")
	return nil
}

func TestEachDefaultPatternSelectsOnlyItsBridgeLine(t *testing.T) {
	patterns := defaultPatterns(t)
	if len(patterns) != len(bridgeLines) {
		t.Fatalf("wanted a sample line for each of the %d default patterns, have %d", len(patterns), len(bridgeLines))
	}
	for name, pattern := range patterns {
		f, err := Compile(pattern)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for lineName, line := range bridgeLines {
			if got, want := f.Match(line), lineName == name; got != want {
				t.Errorf("%s (%s) on the %s line: wanted match=%v, got %v", name, pattern, lineName, want, got)
			}
		}
		for _, line := range quietLines {
			if f.Match(line) {
				t.Errorf("%s (%s) wrongly selects %s", name, pattern, line)
			}
		}
	}
}

func TestCompile(t *testing.T) {
	cases := []struct {
		pattern, line string
		match         bool
	}{
		{`{ $.message = "a b" }`, `{"message":"a b"}`, true},
		{`{ $.message = "a b" }`, `{"message":"a b c"}`, false},
		{`{ $.message = "a*" }`, `{"message":"a b c"}`, true},
		{`{ $.message != "a" }`, `{"message":"b"}`, true},
		{`{ $.message = "a" }`, `{"msg":"a"}`, false},
		{`{ $.a.b = "x" }`, `{"a":{"b":"x"}}`, true},
		{`{ $.severity = "Error" && $.message = "x" }`, `{"severity":"Error","message":"x"}`, true},
		{`{ $.severity = "Error" && $.message = "x" }`, `{"severity":"Info","message":"x"}`, false},
		{`{ $.severity = "Error" || $.message = "x" }`, `{"severity":"Info","message":"x"}`, true},
	}
	for _, c := range cases {
		f, err := Compile(c.pattern)
		if err != nil {
			t.Fatalf("%s: %v", c.pattern, err)
		}
		if got := f.Match(c.line); got != c.match {
			t.Errorf("%s on %s: wanted %v, got %v", c.pattern, c.line, c.match, got)
		}
	}
	for _, bad := range []string{`%(a|b)%`, `{ $.a = "x" && $.b = "y" || $.c = "z" }`, `{ ($.a = "x") }`, `{ message = "x" }`} {
		if _, err := Compile(bad); err == nil {
			t.Errorf("wanted %q refused", bad)
		}
	}
}
