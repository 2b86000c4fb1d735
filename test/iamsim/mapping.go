package iamsim

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// operations.json maps each API operation the stacks call to the IAM requests AWS authorizes it
// on. An entry holds:
//   - action: the IAM action, when it is not <service prefix>:<Operation>;
//   - resource: the resource ARN, as a template (below); absent means "*", for the actions that
//     take no resource-level permission;
//   - context: condition keys the request carries, as templates;
//   - also: further requests the same call needs (iam:PassRole for a role it passes,
//     ec2:CreateTags for tags on a create, ssm:GetParameters for a resolve:ssm: image), each with
//     `when`, a template that must not be empty for it to apply;
//   - source: where the mapping comes from, when it is not the API's own name;
//   - skip: why the call needs no evaluation (no permission is checked, or its failure is
//     expected and handled).
//
// Templates replace {Param} with the call's parameter (query keys such as TagSpecification.1.Key
// as they are, JSON members by dotted path), {Param?text} with text when the parameter is absent,
// {Param:last} with the part after the last "/" or ":" (a name given as an ARN), and {Param*} with
// each value of a list (Param.1, Param.2, ... or a JSON list), one request per value. Other
// modifiers: :family (a task definition's family from family:revision or its ARN), :ec2arn (an
// EC2 id's ARN, its type read from the id's prefix), :ssm (the parameter of a resolve:ssm: image,
// nothing for a plain AMI id), :lb (a load balancer ARN's name/id), :secretname (a secret's name
// with its six-character suffix, from an ARN or a name). {region}, {account} and {partition} are
// the call's; {_tags} is "yes" when the call carries tags. A parameter a template needs and the
// call lacks is an error: the mapping no longer fits the call. Parameters starting with _ are the
// front's additions (what AWS reads from the resources a call names: a task definition's roles,
// a launch template's instance profile and image, a role's boundary).
//
//go:embed operations.json
var operationsJSON []byte

// Operation is one entry of operations.json.
type Operation struct {
	Action   string            `json:"action"`
	Resource string            `json:"resource"`
	Context  map[string]string `json:"context"`
	Also     []Also            `json:"also"`
	Source   string            `json:"source"`
	Skip     string            `json:"skip"`
	// Unvalidated says why the request's ARN cannot be checked against iam-data's formats.
	Unvalidated string `json:"unvalidated"`
}

// Also is a further request one call needs.
type Also struct {
	When        string            `json:"when"`
	Action      string            `json:"action"`
	Resource    string            `json:"resource"`
	Context     map[string]string `json:"context"`
	Unvalidated string            `json:"unvalidated"`
}

type mapping struct {
	// Prefixes are the IAM service prefixes of the signing names that differ (CloudWatch signs as
	// monitoring).
	Prefixes   map[string]string    `json:"prefixes"`
	Operations map[string]Operation `json:"operations"`
}

var operations = func() mapping {
	var m mapping
	if err := json.Unmarshal(operationsJSON, &m); err != nil {
		panic("test/iamsim/operations.json: " + err.Error())
	}
	return m
}()

// Known lists the mapped operations, as service.Operation.
func Known() []string {
	out := make([]string, 0, len(operations.Operations))
	for k := range operations.Operations {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Call is what the mapping needs of a recorded call.
type Call struct {
	Service, Operation, Region string
	Params                     map[string]any
}

// ErrUnmapped is returned for an operation operations.json does not hold.
type ErrUnmapped struct{ Operation string }

func (e ErrUnmapped) Error() string {
	return fmt.Sprintf("no IAM mapping for %s: add it to test/iamsim/operations.json", e.Operation)
}

// Requests turns one call into the IAM requests AWS makes for it, signed by principal in account.
// A call the mapping skips gives no request.
func Requests(c Call, principal, principalARN, account string) ([]Request, error) {
	name := c.Service + "." + c.Operation
	op, ok := operations.Operations[name]
	if !ok {
		return nil, ErrUnmapped{name}
	}
	if op.Skip != "" {
		return nil, nil
	}
	prefix := c.Service
	if p, ok := operations.Prefixes[c.Service]; ok {
		prefix = p
	}
	action := op.Action
	if action == "" {
		action = prefix + ":" + c.Operation
	}
	vars := templateVars{call: c, account: account}
	base := requestContext(c, principalARN, account)
	var out []Request
	add := func(action, resource string, context map[string]string, why string, unvalidated bool) error {
		resources := []string{"*"}
		if resource != "" {
			var err error
			if resources, err = vars.expand(resource); err != nil {
				return fmt.Errorf("%s: %s: %w", name, action, err)
			}
		}
		ctx := map[string]any{}
		for k, v := range base {
			ctx[k] = v
		}
		for k, tmpl := range context {
			values, err := vars.expand(tmpl)
			if err != nil {
				return fmt.Errorf("%s: %s context %s: %w", name, action, k, err)
			}
			switch {
			case len(values) == 1 && values[0] == "":
				// an optional key the call does not carry
			case len(values) == 1:
				ctx[k] = values[0]
			case len(values) > 1:
				ctx[k] = values
			}
		}
		for _, r := range resources {
			rctx := withResourceTags(ctx, c.Params, r)
			out = append(out, Request{Principal: principal, Action: action, Resource: r, Account: account, Context: rctx, Why: why, Unvalidated: unvalidated})
		}
		return nil
	}
	if err := add(action, op.Resource, op.Context, name, op.Unvalidated != ""); err != nil {
		return nil, err
	}
	for _, a := range op.Also {
		values, err := vars.expandOptional(a.When)
		if err != nil {
			return nil, fmt.Errorf("%s: also %s: %w", name, a.Action, err)
		}
		if len(values) == 0 {
			continue
		}
		if err := add(a.Action, a.Resource, a.Context, name+" (implicit)", a.Unvalidated != ""); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// requestContext holds the keys AWS sets on every request: the caller, the region, TLS (the SDKs
// call over HTTPS), and the tags the request carries (aws:RequestTag, aws:TagKeys).
func requestContext(c Call, principalARN, account string) map[string]any {
	ctx := map[string]any{
		"aws:SecureTransport":  "true",
		"aws:RequestedRegion":  c.Region,
		"aws:PrincipalArn":     principalARN,
		"aws:PrincipalAccount": account,
	}
	tags := requestTags(c.Params)
	if len(tags) > 0 {
		keys := make([]string, 0, len(tags))
		for k, v := range tags {
			ctx["aws:RequestTag/"+k] = v
			keys = append(keys, k)
		}
		sort.Strings(keys)
		ctx["aws:TagKeys"] = keys
	}
	return ctx
}

// withResourceTags adds aws:ResourceTag/<key> for the tags the named resource held when the call
// came (the front reads them into _resourceTags: EC2 by id, others by ARN). A request on a
// resource the front did not look up (a create's "*", a service it does not read) gets none.
func withResourceTags(ctx map[string]any, params map[string]any, resource string) map[string]any {
	all, _ := params["_resourceTags"].(map[string]any)
	if len(all) == 0 || strings.HasSuffix(resource, "/*") {
		return ctx
	}
	key := resource
	if strings.Contains(resource, ":ec2:") {
		key = resource[strings.LastIndex(resource, "/")+1:]
	}
	tags, ok := all[key].(map[string]any)
	if !ok {
		return ctx
	}
	out := make(map[string]any, len(ctx)+len(tags))
	for k, v := range ctx {
		out[k] = v
	}
	for k, v := range tags {
		out["aws:ResourceTag/"+k] = v
	}
	return out
}

// flatTagKey matches the query-protocol forms of a tag key: Tags.member.1.Key (IAM, ELB, Auto
// Scaling, CloudWatch), Tags.Tag.1.Key (RDS, ElastiCache), TagSpecification.1.Tag.1.Key (EC2).
var flatTagKey = regexp.MustCompile(`^(.*(?:Tags?|TagSpecification\.\d+\.Tag)(?:\.member|\.Tag)?\.\d+)\.Key$`)

// requestTags reads the tags a request carries, in any of the forms the services use.
func requestTags(params map[string]any) map[string]string {
	out := map[string]string{}
	for k, v := range params {
		if m := flatTagKey.FindStringSubmatch(k); m != nil {
			key, _ := v.(string)
			value, _ := params[m[1]+".Value"].(string)
			out[key] = value
		}
	}
	for _, name := range []string{"tags", "Tags"} {
		switch t := params[name].(type) {
		case map[string]any:
			for k, v := range t {
				s, _ := v.(string)
				out[k] = s
			}
		case []any:
			for _, e := range t {
				tag, _ := e.(map[string]any)
				k, _ := firstString(tag, "key", "Key")
				v, _ := firstString(tag, "value", "Value")
				if k != "" {
					out[k] = v
				}
			}
		}
	}
	// EC2's JSON-less TagSpecifications in a launch template's data are tags too.
	return out
}

func firstString(m map[string]any, keys ...string) (string, bool) {
	for _, k := range keys {
		if s, ok := m[k].(string); ok {
			return s, true
		}
	}
	return "", false
}

type templateVars struct {
	call    Call
	account string
}

var placeholder = regexp.MustCompile(`\{([^{}]+)\}`)

// expand fills a template; a missing parameter without a default is an error.
func (v templateVars) expand(tmpl string) ([]string, error) { return v.fill(tmpl, false) }

// expandOptional fills a template and returns nothing when a parameter is missing.
func (v templateVars) expandOptional(tmpl string) ([]string, error) {
	out, err := v.fill(tmpl, true)
	if err != nil {
		return nil, err
	}
	var kept []string
	for _, s := range out {
		if s != "" {
			kept = append(kept, s)
		}
	}
	return kept, nil
}

func (v templateVars) fill(tmpl string, optional bool) ([]string, error) {
	results := []string{""}
	rest := tmpl
	for {
		loc := placeholder.FindStringSubmatchIndex(rest)
		if loc == nil {
			for i := range results {
				results[i] += rest
			}
			return results, nil
		}
		literal, expr := rest[:loc[0]], rest[loc[2]:loc[3]]
		rest = rest[loc[1]:]
		values, err := v.value(expr)
		if err != nil {
			if optional {
				return nil, nil
			}
			return nil, err
		}
		var next []string
		for _, r := range results {
			for _, val := range values {
				next = append(next, r+literal+val)
			}
		}
		results = next
	}
}

func (v templateVars) value(expr string) ([]string, error) {
	name, def, hasDefault := strings.Cut(expr, "?")
	name, modifier, _ := strings.Cut(name, ":")
	many := strings.HasSuffix(name, "*")
	name = strings.TrimSuffix(name, "*")
	var values []string
	switch name {
	case "region":
		values = []string{v.call.Region}
	case "account":
		values = []string{v.account}
	case "partition":
		values = []string{"aws"}
	case "_tags":
		if len(requestTags(v.call.Params)) > 0 {
			values = []string{"yes"}
		}
	default:
		values = lookup(v.call.Params, name, many)
	}
	if len(values) == 0 {
		if hasDefault {
			return []string{def}, nil
		}
		return nil, fmt.Errorf("the call has no parameter %s", name)
	}
	var out []string
	for _, s := range values {
		if m, ok := v.modify(modifier, s); ok {
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the call's %s (%v) has no %s", name, values, modifier)
	}
	return out, nil
}

// ec2Types are the resource types of EC2 ids, by their prefix.
var ec2Types = map[string]string{
	"vpc": "vpc", "subnet": "subnet", "sg": "security-group", "sgr": "security-group-rule", "igw": "internet-gateway",
	"rtb": "route-table", "eipalloc": "elastic-ip", "nat": "natgateway", "vpce": "vpc-endpoint", "fl": "vpc-flow-log",
	"eni": "network-interface", "lt": "launch-template", "i": "instance", "acl": "network-acl", "pl": "prefix-list",
}

// modify applies one modifier; false drops the value (a plain AMI id has no SSM parameter).
func (v templateVars) modify(modifier, s string) (string, bool) {
	switch modifier {
	case "":
		return s, true
	case "last":
		if j := strings.LastIndexAny(s, "/:"); j >= 0 {
			return s[j+1:], true
		}
		return s, true
	case "family":
		s = s[strings.LastIndex(s, "/")+1:]
		family, _, _ := strings.Cut(s, ":")
		return family, true
	case "lb":
		_, rest, ok := strings.Cut(s, ":loadbalancer/app/")
		return rest, ok
	case "secretname":
		if strings.HasPrefix(s, "arn:") {
			_, name, ok := strings.Cut(s, ":secret:")
			return name, ok
		}
		return s + "-??????", true
	case "ssm":
		p, ok := strings.CutPrefix(s, "resolve:ssm:")
		return p, ok
	case "ec2arn":
		prefix, _, _ := strings.Cut(s, "-")
		t, ok := ec2Types[prefix]
		if !ok {
			return "", false
		}
		return fmt.Sprintf("arn:aws:ec2:%s:%s:%s/%s", v.call.Region, v.account, t, s), true
	}
	return "", false
}

// lookup finds a parameter: a flat query key as it is, else a dotted path through JSON members;
// many collects Name.1, Name.2, ... or the elements of a JSON list.
func lookup(params map[string]any, name string, many bool) []string {
	if many {
		var out []string
		for i := 1; ; i++ {
			s, ok := params[name+"."+strconv.Itoa(i)].(string)
			if !ok {
				break
			}
			out = append(out, s)
		}
		if len(out) > 0 {
			return out
		}
	}
	if s, ok := params[name].(string); ok && s != "" {
		return []string{s}
	}
	var cur any = params
	for _, part := range strings.Split(name, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	switch x := cur.(type) {
	case string:
		if x != "" {
			return []string{x}
		}
	case float64:
		return []string{strconv.FormatFloat(x, 'f', -1, 64)}
	case bool:
		return []string{strconv.FormatBool(x)}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		if many || len(out) == 1 {
			return out
		}
		return out[:min(len(out), 1)]
	}
	return nil
}
