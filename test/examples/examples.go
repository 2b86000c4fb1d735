// Package examples plans the repository's examples offline with the inputs a newcomer would
// give, and turns the plans into the golden fixtures that bridgectl cost is tested on.
package examples

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-json/sanitize"

	"terraform-basemachina-modules/internal/certgen"
	"terraform-basemachina-modules/internal/templates"
	"terraform-basemachina-modules/internal/tfplan"
)

// PlaceholderTenantID stands in for a real tenant id in offline plans.
const PlaceholderTenantID = "00000000-0000-0000-0000-000000000000"

// Spec is one example, or one root of the customer repository template, and the least input it
// needs to plan.
type Spec struct {
	Name string
	// Template names a root under templates/live instead of examples/<Name>; it is planned through
	// templates.Localize, against the working tree's modules.
	Template string
	Vars     map[string]string
	VarFiles []string
	// CallerTags are the tags the example gives every module; every taggable resource must carry them.
	CallerTags map[string]string
	Prepare    func(dir string) error
}

// All lists every example under examples/.
func All() []Spec {
	return []Spec{
		{
			Name:       "complete",
			Vars:       map[string]string{"tenant_id": PlaceholderTenantID, "domain_name": "bridge.example.com"},
			CallerTags: map[string]string{"Project": "basemachina-bridge", "Environment": "demo", "ManagedBy": "terraform"},
			Prepare:    WriteTestCertificate,
		},
		{
			Name:       "dev",
			Vars:       map[string]string{"tenant_id": PlaceholderTenantID, "domain_name": "bridge.example.com"},
			CallerTags: map[string]string{"Project": "basemachina-bridge", "Environment": "development", "ManagedBy": "terraform"},
			Prepare:    WriteTestCertificate,
		},
		{
			Name:       "existing-vpc",
			Vars:       map[string]string{"tenant_id": PlaceholderTenantID},
			VarFiles:   []string{"example.tfvars"},
			CallerTags: map[string]string{"Project": "basemachina-bridge", "ManagedBy": "terraform"},
		},
		{
			Name:       "bootstrap",
			Vars:       map[string]string{"github_repository": "acme/infrastructure", "state_bucket_name": "acme-bridge-tfstate", "workflow_refs": `["acme/terraform-basemachina-modules/.github/workflows/terraform.yml@0123456789abcdef0123456789abcdef01234567"]`},
			CallerTags: map[string]string{"Project": "basemachina-bridge", "ManagedBy": "terraform"},
		},
		templateSpec("dev", "Environment", "dev"),
		templateSpec("production", "Environment", "production"),
		{
			Name:       "live-bootstrap",
			Template:   "bootstrap",
			VarFiles:   []string{"bootstrap.tfvars"},
			CallerTags: map[string]string{"Project": "basemachina-bridge", "ManagedBy": "terraform"},
		},
	}
}

// templateSpec plans templates/live/<env> with its own <env>.tfvars, as the workflow does; only
// the secret and the image tag, which the file leaves for you to set, are given.
func templateSpec(env string, tagKV ...string) Spec {
	return Spec{
		Name:       "live-" + env,
		Template:   env,
		Vars:       map[string]string{"tenant_id": PlaceholderTenantID, "bridge_image_tag": "1.0.0"},
		VarFiles:   []string{env + ".tfvars"},
		CallerTags: map[string]string{"Project": "basemachina-bridge", "ManagedBy": "terraform", tagKV[0]: tagKV[1]},
	}
}

// Dir is the spec's root directory, relative to the repository root.
func (s Spec) Dir() string {
	if s.Template != "" {
		return filepath.ToSlash(filepath.Join(templates.Dir, s.Template))
	}
	return "examples/" + s.Name
}

// ByName finds an example spec.
func ByName(name string) (Spec, error) {
	for _, s := range All() {
		if s.Name == name {
			return s, nil
		}
	}
	return Spec{}, fmt.Errorf("no example named %q", name)
}

// WriteTestCertificate puts a self-signed certificate where examples/complete imports it from,
// as `bridgectl cert --out certs` would.
func WriteTestCertificate(dir string) error {
	res, err := certgen.Generate(certgen.Request{
		Domains:  []string{"bridge.example.com"},
		KeyType:  certgen.ECDSAP256,
		Validity: 30 * 24 * time.Hour,
	})
	if err != nil {
		return err
	}
	certs := filepath.Join(dir, "certs")
	if err := os.MkdirAll(certs, 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(certs, "bridge.crt"), res.CertPEM, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(certs, "bridge.key"), res.KeyPEM, 0o600)
}

// Plan plans one example, or one template root, offline.
func Plan(ctx context.Context, repoRoot string, spec Spec) (*tfplan.Result, error) {
	opt := tfplan.Options{
		RepoRoot: repoRoot,
		Example:  spec.Name,
		Vars:     spec.Vars,
		VarFiles: spec.VarFiles,
		Prepare:  spec.Prepare,
		// The fixtures are what the repository holds: not a certificate or tfvars a user left there.
		Copy: tfplan.CopyRepositoryFiles,
	}
	if spec.Template != "" {
		// The localized copy is copied again by tfplan.Plan, so it can go as soon as the plan is made.
		tmp, err := os.MkdirTemp("", "bridge-template-")
		if err != nil {
			return nil, err
		}
		defer func() { _ = os.RemoveAll(tmp) }()
		// The copy holds the root's variables files, and tfplan.Plan replaces its S3 backend.
		if opt.Dir, err = templates.Localize(repoRoot, spec.Template, tmp); err != nil {
			return nil, err
		}
	}
	return tfplan.Plan(ctx, opt)
}

// FixturePath is where the golden plan of an example lives (testdata/plans).
func FixturePath(repoRoot, example string) string {
	return filepath.Join(repoRoot, "testdata", "plans", example+".json")
}

// keptOutputs are the outputs a fixture keeps, when known at plan.
var keptOutputs = map[string]bool{"trusted_claims": true, "name_prefixes": true}

// outputChange is the part of a planned output a fixture keeps.
type outputChange struct {
	Actions        []string `json:"actions"`
	After          any      `json:"after"`
	AfterUnknown   any      `json:"after_unknown"`
	AfterSensitive any      `json:"after_sensitive"`
}

// change is the part of a planned change a fixture keeps.
type change struct {
	Actions         []string       `json:"actions"`
	After           map[string]any `json:"after"`
	AfterUnknown    map[string]any `json:"after_unknown"`
	AfterSensitive  any            `json:"after_sensitive"`
	BeforeSensitive any            `json:"before_sensitive"`
}

// Fixture reduces a plan to what bridgectl cost reads, without the values that change from run
// to run or machine to machine (timestamps, Terraform version, generated keys and certificates,
// sensitive values). The result is still a plan that `bridgectl cost` and terraform-json accept.
func Fixture(planJSON []byte) ([]byte, error) {
	var raw struct {
		FormatVersion   string                     `json:"format_version"`
		ResourceChanges []json.RawMessage          `json:"resource_changes"`
		OutputChanges   map[string]json.RawMessage `json:"output_changes"`
	}
	if err := json.Unmarshal(planJSON, &raw); err != nil {
		return nil, fmt.Errorf("read plan: %w", err)
	}
	type resourceChange struct {
		Address       string `json:"address"`
		ModuleAddress string `json:"module_address,omitempty"`
		Mode          string `json:"mode"`
		Type          string `json:"type"`
		Name          string `json:"name"`
		Index         any    `json:"index,omitempty"`
		ProviderName  string `json:"provider_name"`
		Change        change `json:"change"`
	}
	out := struct {
		FormatVersion   string                  `json:"format_version"`
		ResourceChanges []resourceChange        `json:"resource_changes"`
		OutputChanges   map[string]outputChange `json:"output_changes,omitempty"`
	}{FormatVersion: raw.FormatVersion}
	// Outputs whose value is known at plan and not sensitive: the tests read some (the bootstrap's
	// trusted_claims); the others are left out.
	for name, r := range raw.OutputChanges {
		var oc outputChange
		if err := json.Unmarshal(r, &oc); err != nil {
			return nil, fmt.Errorf("read output %s: %w", name, err)
		}
		if oc.AfterUnknown == false && oc.AfterSensitive == false && oc.After != nil && keptOutputs[name] {
			if out.OutputChanges == nil {
				out.OutputChanges = map[string]outputChange{}
			}
			out.OutputChanges[name] = oc
		}
	}
	for _, r := range raw.ResourceChanges {
		var rc resourceChange
		if err := json.Unmarshal(r, &rc); err != nil {
			return nil, fmt.Errorf("read resource change: %w", err)
		}
		if err := redact(&rc.Change); err != nil {
			return nil, fmt.Errorf("redact %s: %w", rc.Address, err)
		}
		rc.Change.BeforeSensitive = false
		out.ResourceChanges = append(out.ResourceChanges, rc)
	}
	sort.Slice(out.ResourceChanges, func(i, j int) bool {
		return out.ResourceChanges[i].Address < out.ResourceChanges[j].Address
	})
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// planTime matches the plan's own timestamp (plantimestamp() formatted YYYYMMDDhhmmss), which the
// datastore module keeps as the final snapshot's suffix.
var planTime = regexp.MustCompile(`\b20[0-9]{12}\b`)

// redact replaces sensitive values, at any depth, with terraform-json's sanitizer, then PEM blobs and
// plan timestamps, which differ on every run.
func redact(c *change) error {
	// A sensitive attribute that is null says the value is absent (write-only): it stays null.
	var nulls []string
	for k, v := range c.After {
		if v == nil {
			nulls = append(nulls, k)
		}
	}
	clean, err := sanitize.SanitizeChange(&tfjson.Change{After: c.After, AfterSensitive: c.AfterSensitive}, "(sensitive)")
	if err != nil {
		return err
	}
	after, _ := clean.After.(map[string]any)
	for _, k := range nulls {
		after[k] = nil
	}
	for k, v := range after {
		if str, ok := v.(string); ok && strings.Contains(str, "-----BEGIN ") {
			after[k] = "(pem redacted)"
		} else if ok {
			after[k] = planTime.ReplaceAllString(str, "YYYYMMDDhhmmss")
		}
	}
	c.After = after
	return nil
}
