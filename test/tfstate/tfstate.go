// Package tfstate reads a Terraform state as `terraform state pull` prints it (format version 4)
// into the resources bridgectl check's rules judge, as tfplan.Applied does from `terraform show
// -json`. The emulator cycles judge the applied state after every apply: `show -json` loads the
// AWS provider's schema each time (about 3.5 CPU-seconds), `state pull` does not (docs/performance.md).
// The values are the ones Terraform stored, which is what `show -json` prints, except that a
// dynamically typed attribute is stored with its type ({"value": ..., "type": ...}); the stacks'
// hashicorp/aws resources have none, and the existing-VPC emulator cycle compares the two readings
// of a whole applied stack (assertStateReadsAsShown).
package tfstate

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"terraform-basemachina-modules/internal/tfplan"
)

// raw is the part of state format version 4 the rules need.
type raw struct {
	Version   int `json:"version"`
	Resources []struct {
		Module    string `json:"module"` // "" for the root module, else "module.a[0].module.b"
		Mode      string `json:"mode"`
		Type      string `json:"type"`
		Name      string `json:"name"`
		Instances []struct {
			IndexKey   any            `json:"index_key"`
			Attributes map[string]any `json:"attributes"`
		} `json:"instances"`
	} `json:"resources"`
}

// Managed lists the managed resource instances of a raw state, with the addresses and values
// `terraform show -json` gives them.
func Managed(state []byte) ([]tfplan.Planned, error) {
	var s raw
	if err := json.Unmarshal(state, &s); err != nil {
		return nil, fmt.Errorf("reading the state: %w", err)
	}
	if s.Version != 4 {
		return nil, fmt.Errorf("state format version %d, want 4", s.Version)
	}
	var out []tfplan.Planned
	for _, r := range s.Resources {
		if r.Mode != string(tfjson.ManagedResourceMode) {
			continue
		}
		prefix := r.Type + "." + r.Name
		if r.Module != "" {
			prefix = r.Module + "." + prefix
		}
		for _, in := range r.Instances {
			key, err := indexSuffix(in.IndexKey)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", prefix, err)
			}
			out = append(out, tfplan.Planned{Address: prefix + key, Type: r.Type, Name: r.Name, Module: r.Module,
				After: in.Attributes, Action: tfjson.Actions{tfjson.ActionNoop}})
		}
	}
	return out, nil
}

// indexSuffix is an instance key as Terraform writes it in an address: [0] for count, ["a"] for
// for_each, nothing for a single instance.
func indexSuffix(key any) (string, error) {
	switch k := key.(type) {
	case nil:
		return "", nil
	case float64:
		return "[" + strconv.FormatFloat(k, 'f', -1, 64) + "]", nil
	case string:
		var quoted strings.Builder
		enc := json.NewEncoder(&quoted)
		enc.SetEscapeHTML(false) // Terraform writes <, > and & as they are
		err := enc.Encode(k)
		return "[" + strings.TrimSuffix(quoted.String(), "\n") + "]", err
	default:
		return "", fmt.Errorf("index key %v of type %T", key, key)
	}
}

// Find returns the stored values of the resource at address.
func Find(resources []tfplan.Planned, address string) (map[string]any, bool) {
	for _, r := range resources {
		if r.Address == address {
			return r.After, true
		}
	}
	return nil, false
}
