package iamsim

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// PrincipalsFromPlan reads a bootstrap plan's CI roles of the environment env as the principals
// "plan" (its plan role), "pr" (its pull request role, where it has one) and "apply" (its apply
// role), with every policy the plan attaches to them, and "operator", a role holding its operator
// policy, in account.
func PrincipalsFromPlan(path, account, env string) (map[string]Principal, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var plan struct {
		ResourceChanges []struct {
			Type, Name string
			Index      any
			Change     struct{ After map[string]any }
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal(data, &plan); err != nil {
		return nil, err
	}
	roles := map[string]string{}
	policies := map[string]json.RawMessage{}
	type link struct{ role, name string }
	var inline, attached []link
	inlineDocs := map[string]json.RawMessage{}
	for _, rc := range plan.ResourceChanges {
		a := rc.Change.After
		str := func(k string) string { s, _ := a[k].(string); return s }
		switch rc.Type {
		case "aws_iam_role":
			roles[str("name")] = str("name")
		case "aws_iam_policy":
			policies[str("name")] = json.RawMessage(str("policy"))
		case "aws_iam_role_policy":
			key := fmt.Sprintf("%s/%s", str("role"), str("name"))
			inline = append(inline, link{str("role"), str("name")})
			inlineDocs[key] = json.RawMessage(str("policy"))
		case "aws_iam_role_policy_attachment":
			idx, _ := rc.Index.(string)
			// The policy ARN is unknown at plan: the attachment's key names the policy part.
			attached = append(attached, link{str("role"), idx})
		}
	}
	principal := func(role string) (Principal, error) {
		p := Principal{ARN: "arn:aws:iam::" + account + ":role/" + role}
		for _, in := range inline {
			if in.role == role {
				p.Identity = append(p.Identity, Policy{Name: in.name, Policy: inlineDocs[in.role+"/"+in.name]})
			}
		}
		for _, at := range attached {
			if at.role != role {
				continue
			}
			attachedEnv, part, _ := strings.Cut(at.name, "/")
			for name, doc := range policies {
				if strings.HasSuffix(name, "-apply-"+attachedEnv+"-"+part) {
					p.Identity = append(p.Identity, Policy{Name: name, Policy: doc})
				}
			}
		}
		if len(p.Identity) == 0 {
			return p, fmt.Errorf("%s: no policy of role %s", path, role)
		}
		return p, nil
	}
	out := map[string]Principal{}
	for name := range roles {
		for _, kind := range []string{"plan", "pr", "apply"} {
			if strings.HasSuffix(name, "-"+kind+"-"+env) {
				if out[kind], err = principal(name); err != nil {
					return nil, err
				}
			}
		}
	}
	if out["plan"].ARN == "" || out["apply"].ARN == "" {
		return nil, fmt.Errorf("%s: found the roles %v, want the plan and apply roles of %s", path, out, env)
	}
	// The operator is whoever runs bridgectl, with the bootstrap's operator policy attached.
	for name, doc := range policies {
		if strings.HasSuffix(name, "-operator-"+env) {
			out["operator"] = Principal{ARN: "arn:aws:iam::" + account + ":role/operator", Identity: []Policy{{Name: name, Policy: doc}}}
		}
	}
	if _, ok := out["operator"]; !ok {
		return nil, fmt.Errorf("%s: no operator policy of %s", path, env)
	}
	return out, nil
}

// PolicyFromPlan is the document of the managed policy whose name ends in suffix, in a plan.
func PolicyFromPlan(path, suffix string) (json.RawMessage, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var plan struct {
		ResourceChanges []struct {
			Type   string
			Change struct{ After map[string]any }
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal(data, &plan); err != nil {
		return nil, err
	}
	for _, rc := range plan.ResourceChanges {
		name, _ := rc.Change.After["name"].(string)
		doc, _ := rc.Change.After["policy"].(string)
		if rc.Type == "aws_iam_policy" && strings.HasSuffix(name, suffix) && doc != "" {
			return json.RawMessage(doc), nil
		}
	}
	return nil, fmt.Errorf("%s: no policy named *%s", path, suffix)
}
