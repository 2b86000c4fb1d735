package tfplan

import (
	tfjson "github.com/hashicorp/terraform-json"
)

// Planned is one managed resource instance the plan creates, updates or keeps.
type Planned struct {
	Address string
	Type    string
	Name    string
	Module  string         // module address, "" for the root module
	After   map[string]any // planned attribute values; unknown ones are absent
	Unknown map[string]any // after_unknown: true where a value is known only after apply
	Action  tfjson.Actions
}

// Managed lists the managed resources that exist after the plan (deleted ones are left out).
func Managed(plan *tfjson.Plan) []Planned {
	var out []Planned
	for _, rc := range plan.ResourceChanges {
		if rc == nil || rc.Mode != tfjson.ManagedResourceMode || rc.Change == nil {
			continue
		}
		if rc.Change.Actions.Delete() {
			continue
		}
		after, _ := rc.Change.After.(map[string]any)
		unknown, _ := rc.Change.AfterUnknown.(map[string]any)
		out = append(out, Planned{
			Address: rc.Address,
			Type:    rc.Type,
			Name:    rc.Name,
			Module:  rc.ModuleAddress,
			After:   after,
			Unknown: unknown,
			Action:  rc.Change.Actions,
		})
	}
	return out
}

// Applied lists the managed resources of a state (`terraform show -json` without a plan file),
// every value known: what the rules judge after an apply, where a plan left IAM documents and
// container definitions unknown.
func Applied(state *tfjson.State) []Planned {
	var out []Planned
	var walk func(m *tfjson.StateModule)
	walk = func(m *tfjson.StateModule) {
		if m == nil {
			return
		}
		for _, r := range m.Resources {
			if r == nil || r.Mode != tfjson.ManagedResourceMode {
				continue
			}
			out = append(out, Planned{Address: r.Address, Type: r.Type, Name: r.Name, Module: m.Address, After: r.AttributeValues, Action: tfjson.Actions{tfjson.ActionNoop}})
		}
		for _, c := range m.ChildModules {
			walk(c)
		}
	}
	if state != nil && state.Values != nil {
		walk(state.Values.RootModule)
	}
	return out
}

// Str returns a string attribute, or "" when it is absent, null or unknown.
func (p Planned) Str(key string) string {
	s, _ := p.After[key].(string)
	return s
}

// Bool returns a bool attribute, or false when it is absent.
func (p Planned) Bool(key string) bool {
	b, _ := p.After[key].(bool)
	return b
}

// Num returns a number attribute, or 0 when it is absent.
func (p Planned) Num(key string) float64 {
	f, _ := p.After[key].(float64)
	return f
}

// Blocks returns a nested block list attribute as maps.
func (p Planned) Blocks(key string) []map[string]any {
	raw, _ := p.After[key].([]any)
	out := make([]map[string]any, 0, len(raw))
	for _, r := range raw {
		if m, ok := r.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// Strings returns a list or set of strings attribute.
func (p Planned) Strings(key string) []string {
	raw, _ := p.After[key].([]any)
	out := make([]string, 0, len(raw))
	for _, r := range raw {
		if s, ok := r.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// IsUnknown reports whether an attribute is known only after apply.
func (p Planned) IsUnknown(key string) bool {
	b, _ := p.Unknown[key].(bool)
	return b
}

// Prior returns the plan as it would look had it changed nothing: every resource the plan starts
// from (its change's before), unchanged, and nothing it would create. Pricing Prior and the plan
// itself gives the monthly change one plan makes, without a second plan of the old configuration.
func Prior(plan *tfjson.Plan) *tfjson.Plan {
	prior := *plan
	prior.ResourceChanges = nil
	for _, rc := range plan.ResourceChanges {
		if rc == nil || rc.Change == nil || rc.Change.Before == nil {
			continue
		}
		kept := *rc
		change := *rc.Change
		change.Actions = tfjson.Actions{tfjson.ActionNoop}
		change.After, change.AfterUnknown, change.AfterSensitive = change.Before, nil, change.BeforeSensitive
		kept.Change = &change
		prior.ResourceChanges = append(prior.ResourceChanges, &kept)
	}
	return &prior
}
