package examples

import (
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"terraform-basemachina-modules/internal/diagnose"
)

// fieldNames are the JSON names of a struct's fields.
func fieldNames(v any) []string {
	var out []string
	typ := reflect.TypeOf(v)
	for i := range typ.NumField() {
		if name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ","); name != "" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// planned object fields: known ones in after, the rest marked in after_unknown.
func plannedFields(after, unknown any) []string {
	seen := map[string]bool{}
	for _, m := range []any{after, unknown} {
		if obj, ok := m.(map[string]any); ok {
			for k := range obj {
				seen[k] = true
			}
		}
	}
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Every root that calls the bridge module plans its bridgectl object as the output bridge (and
// the datastore module's as datastore) with every field bridgectl reads, and the fields known at
// plan carry the root's values: bridgectl doctor, logs and seed read nothing else.
func TestRootsPlanTheBridgectlObjects(t *testing.T) {
	forEachExample(t, func(t *testing.T, p *plannedExample) {
		calls := p.result.Plan.Config.RootModule.ModuleCalls
		if _, ok := calls["bridge"]; !ok {
			return // the bootstrap roots
		}
		want := map[string][]string{diagnose.BridgeOutput: fieldNames(diagnose.Bridge{})}
		if _, ok := calls["datastore"]; ok {
			want[diagnose.DatastoreOutput] = fieldNames(diagnose.Datastore{})
		}
		for output, fields := range want {
			oc, ok := p.result.Plan.OutputChanges[output]
			if !ok || oc == nil {
				t.Errorf("no output %s in the plan", output)
				continue
			}
			if got := plannedFields(oc.After, oc.AfterUnknown); !slices.Equal(got, fields) {
				t.Errorf("output %s plans the fields %v, bridgectl reads %v", output, got, fields)
			}
		}
		bridge, _ := p.result.Plan.OutputChanges[diagnose.BridgeOutput].After.(map[string]any)
		if region, ok := p.result.Plan.Variables["region"]; ok && bridge["region"] != region.Value {
			t.Errorf("bridge.region = %v, want the root's region %v", bridge["region"], region.Value)
		}
		if cidrs, ok := p.result.Plan.Variables["allowed_cidr_blocks"]; ok && !reflect.DeepEqual(bridge["allowed_cidr_blocks"], cidrs.Value) {
			t.Errorf("bridge.allowed_cidr_blocks = %v, want the root's %v", bridge["allowed_cidr_blocks"], cidrs.Value)
		}
		if bridge["port"] != float64(8080) || bridge["domain_name"] == nil {
			t.Errorf("bridge.port = %v and domain_name = %v, want 8080 and the root's domain", bridge["port"], bridge["domain_name"])
		}
	})
}
