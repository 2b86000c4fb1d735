// Package preview explains an offline plan of any root module: what it creates, how traffic flows
// (when it has a load balancer or a service to draw), which security properties hold, what it
// costs, and what to do next. Everything it says is read from the plan; what the plan does not
// hold is not drawn.
package preview

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/rules"
	"terraform-basemachina-modules/internal/tfplan"
)

// Fact is one security rule (internal/rules), checked against the plan; Detail lists what breaks
// it, or why it does not apply.
type Fact struct {
	ID      string `json:"id"`
	Holds   bool   `json:"holds"`
	Applies bool   `json:"applies"` // false: the rule judged nothing; Detail says why
	Text    string `json:"text"`
	Detail  string `json:"detail,omitempty"`
}

// Flow is the traffic path read from the plan.
type Flow struct {
	AllowedSources []string `json:"allowed_sources"`
	LoadBalancer   bool     `json:"load_balancer"` // the plan creates a load balancer
	ListenerPort   int      `json:"listener_port"` // 0: no HTTPS listener
	TLSPolicy      string   `json:"tls_policy"`
	Service        bool     `json:"service"` // the plan creates an ECS service
	TaskPort       int      `json:"task_port"`
	// PrivateSubnets counts the subnets the tasks run in: the IDs the service is given (an
	// existing VPC's, passed in as variables) or the private subnets the plan creates. 0: unknown.
	PrivateSubnets  int      `json:"private_subnets"`
	ExistingSubnets bool     `json:"existing_subnets"` // the service's subnets are IDs the plan is given
	TasksPublicIP   bool     `json:"tasks_public_ip"`
	NATGateways     int      `json:"nat_gateways"`
	NATInstances    int      `json:"nat_instances"` // forwarding interfaces of NAT instances (modules/network nat_mode = "instance")
	VPCCreated      bool     `json:"vpc_created"`   // false: the stack goes into an existing VPC, whose egress the plan does not show
	APIURL          string   `json:"api_url"`
	DataPorts       []string `json:"data_ports"`
}

// What a root makes, as its plan tells (Summary.Kind).
const (
	KindBridge      = "bridge"       // a Bridge service
	KindCIBootstrap = "ci-bootstrap" // GitHub Actions' OIDC roles (examples/bootstrap)
	KindOther       = "other"
)

// Summary is what the preview prints.
type Summary struct {
	Counts map[string]map[string]int `json:"counts"` // category -> resource type -> count
	Total  int                       `json:"total"`
	Kind   string                    `json:"kind"`
	Flow   *Flow                     `json:"flow,omitempty"` // nil: no load balancer and no service
	Facts  []Fact                    `json:"facts"`
	Rules  rules.Tally               `json:"rules"`
}

// EgressComparable tells whether pricing the stack with each egress design (cost.Compare) says
// something true: the plan runs the Bridge in a VPC it creates. A bootstrap has no Bridge to
// reach anything, and an existing VPC's egress is not this plan's to choose.
func (s Summary) EgressComparable() bool {
	return s.Flow != nil && s.Flow.Service && s.Flow.VPCCreated
}

// Summarize reads a plan of any root module.
func Summarize(plan *tfjson.Plan, categorize func(string) string, l i18n.Lang) Summary {
	rs := tfplan.Managed(plan)
	s := Summary{Counts: map[string]map[string]int{}, Kind: kind(rs)}
	for _, r := range rs {
		c := categorize(r.Type)
		if s.Counts[c] == nil {
			s.Counts[c] = map[string]int{}
		}
		s.Counts[c][r.Type]++
		s.Total++
	}
	s.Flow = readFlow(plan, rs, l)
	results := rules.Apply(plan, l)
	for _, r := range results {
		detail := strings.Join(r.Violations, "; ")
		if !r.Applies {
			detail = rules.ReasonText(r.Reason, l)
		}
		s.Facts = append(s.Facts, Fact{ID: r.ID, Holds: r.Holds, Applies: r.Applies, Text: r.Text, Detail: detail})
	}
	s.Rules = rules.Count(results)
	return s
}

// kind tells a Bridge stack (it has a service) from a bootstrap of CI roles (a GitHub OIDC
// provider, or roles that trust GitHub's tokens) and anything else.
func kind(rs []tfplan.Planned) string {
	if len(ofType(rs, "aws_ecs_service")) > 0 {
		return KindBridge
	}
	const github = "token.actions.githubusercontent.com"
	for _, r := range ofType(rs, "aws_iam_openid_connect_provider") {
		if strings.Contains(r.Str("url"), github) {
			return KindCIBootstrap
		}
	}
	for _, r := range ofType(rs, "aws_iam_role") {
		if strings.Contains(r.Str("assume_role_policy"), github) {
			return KindCIBootstrap
		}
	}
	return KindOther
}

func ofType(rs []tfplan.Planned, t string) []tfplan.Planned {
	var out []tfplan.Planned
	for _, r := range rs {
		if r.Type == t {
			out = append(out, r)
		}
	}
	return out
}

// readFlow draws the path only from what the plan holds: nil when it has neither a load balancer
// nor a service. The data sources' labels are in the language.
func readFlow(plan *tfjson.Plan, rs []tfplan.Planned, l i18n.Lang) *Flow {
	f := &Flow{
		LoadBalancer: len(ofType(rs, "aws_lb"))+len(ofType(rs, "aws_alb")) > 0,
		Service:      len(ofType(rs, "aws_ecs_service")) > 0,
		VPCCreated:   len(ofType(rs, "aws_vpc")) > 0,
	}
	if !f.LoadBalancer && !f.Service {
		return nil
	}
	for _, r := range ofType(rs, "aws_vpc_security_group_ingress_rule") {
		if r.Name == "alb_https" {
			f.AllowedSources = append(f.AllowedSources, r.Str("cidr_ipv4"))
		}
	}
	sort.Strings(f.AllowedSources)
	for _, r := range ofType(rs, "aws_lb_listener") {
		if r.Str("protocol") == "HTTPS" {
			f.ListenerPort = int(r.Num("port"))
			f.TLSPolicy = r.Str("ssl_policy")
		}
	}
	for _, r := range ofType(rs, "aws_lb_target_group") {
		f.TaskPort = int(r.Num("port"))
	}
	// The subnets the service is given: known IDs are existing subnets (examples/existing-vpc
	// passes them in as variables); subnets the plan creates are known only after apply.
	given := map[string]bool{}
	for _, svc := range ofType(rs, "aws_ecs_service") {
		for _, nc := range svc.Blocks("network_configuration") {
			if list, ok := nc["subnets"].([]any); ok {
				for _, id := range list {
					if s, ok := id.(string); ok && s != "" {
						given[s] = true
					}
				}
			}
			if nc["assign_public_ip"] == true {
				f.TasksPublicIP = true
			}
		}
	}
	if len(given) > 0 {
		f.PrivateSubnets, f.ExistingSubnets = len(given), true
	} else {
		for _, r := range ofType(rs, "aws_subnet") {
			if strings.HasPrefix(r.Name, "private") {
				f.PrivateSubnets++
			}
		}
	}
	f.NATGateways = len(ofType(rs, "aws_nat_gateway"))
	for _, eni := range ofType(rs, "aws_network_interface") {
		if check, ok := eni.After["source_dest_check"].(bool); ok && !check {
			f.NATInstances++
		}
	}
	for _, r := range ofType(rs, "aws_vpc_security_group_egress_rule") {
		if r.Name == "task_data_sources" {
			f.DataPorts = append(f.DataPorts, fmt.Sprintf("%s:%d", dataSourceLabel(r, l), int(r.Num("from_port"))))
		}
	}
	sort.Strings(f.DataPorts)
	f.APIURL = apiURL(plan)
	return f
}

// dataSourceLabel names a data source's egress rule on the path: by the description the caller
// gave it, else by the data source's name (the rule's for_each key) in the language. The bridge
// module's own description, when the caller gives none, is English ("Data source <name>",
// modules/bridge/security_groups.tf); the plan holds it as if given, so it is recognised here and
// said in the language instead of printed as it is.
func dataSourceLabel(r tfplan.Planned, l i18n.Lang) string {
	description := r.Str("description")
	name, ok := forEachKey(r.Address)
	if !ok || description != "" && description != i18n.English.Sprintf("Data source %s", name) {
		return description
	}
	return l.Sprintf("Data source %s", name)
}

// forEachKey is the string key of a resource instance created by for_each (`x.y["key"]`).
func forEachKey(address string) (string, bool) {
	i := strings.LastIndex(address, `["`)
	if i < 0 || !strings.HasSuffix(address, "]") {
		return "", false
	}
	key, err := strconv.Unquote(address[i+1 : len(address)-1])
	return key, err == nil
}

// apiURL is the BaseMachina API the Bridge calls, as far as the plan tells: the root's output, or
// the constant a module call gives basemachina_api_url, or that variable's default; "" otherwise.
func apiURL(plan *tfjson.Plan) string {
	if oc, ok := plan.OutputChanges["basemachina_api_url"]; ok && oc != nil {
		if s, _ := oc.After.(string); s != "" {
			return s
		}
	}
	if plan.Config == nil {
		return ""
	}
	const name = "basemachina_api_url"
	var walk func(m *tfjson.ConfigModule) string
	walk = func(m *tfjson.ConfigModule) string {
		if m == nil {
			return ""
		}
		calls := make([]string, 0, len(m.ModuleCalls))
		for k := range m.ModuleCalls {
			calls = append(calls, k)
		}
		sort.Strings(calls)
		for _, k := range calls {
			call := m.ModuleCalls[k]
			if call == nil {
				continue
			}
			if e, ok := call.Expressions[name]; ok {
				if e != nil && e.ExpressionData != nil {
					if s, ok := e.ConstantValue.(string); ok {
						return s
					}
				}
				continue // set from an expression the plan's configuration does not resolve
			}
			if call.Module != nil {
				if v, ok := call.Module.Variables[name]; ok && v != nil {
					if s, ok := v.Default.(string); ok && s != "" {
						return s
					}
				}
			}
			if s := walk(call.Module); s != "" {
				return s
			}
		}
		return ""
	}
	return walk(plan.Config.RootModule)
}
