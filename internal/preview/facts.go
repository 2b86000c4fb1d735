// Package preview explains an offline plan of the complete example: what it creates, how traffic
// flows, which security properties hold, and what it costs.
package preview

import (
	"fmt"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/rules"
	"terraform-basemachina-modules/internal/tfplan"
)

// Fact is one security rule (internal/rules), checked against the plan; Detail lists what breaks it.
type Fact struct {
	Holds  bool   `json:"holds"`
	Text   string `json:"text"`
	Detail string `json:"detail,omitempty"`
}

// Flow is the traffic path read from the plan.
type Flow struct {
	AllowedSources []string `json:"allowed_sources"`
	ListenerPort   int      `json:"listener_port"`
	TLSPolicy      string   `json:"tls_policy"`
	TaskPort       int      `json:"task_port"`
	PrivateSubnets int      `json:"private_subnets"`
	NATGateways    int      `json:"nat_gateways"`
	NATInstances   int      `json:"nat_instances"` // forwarding interfaces of NAT instances (modules/network nat_mode = "instance")
	APIURL         string   `json:"api_url"`
	DataPorts      []string `json:"data_ports"`
}

// Summary is what the preview prints.
type Summary struct {
	Counts map[string]map[string]int `json:"counts"` // category -> resource type -> count
	Total  int                       `json:"total"`
	Flow   Flow                      `json:"flow"`
	Facts  []Fact                    `json:"facts"`
}

// Summarize reads a plan of the complete example.
func Summarize(plan *tfjson.Plan, categorize func(string) string, l i18n.Lang) Summary {
	rs := tfplan.Managed(plan)
	s := Summary{Counts: map[string]map[string]int{}}
	for _, r := range rs {
		c := categorize(r.Type)
		if s.Counts[c] == nil {
			s.Counts[c] = map[string]int{}
		}
		s.Counts[c][r.Type]++
		s.Total++
	}
	s.Flow = readFlow(plan, rs)
	for _, r := range rules.Apply(plan, l) {
		detail := strings.Join(r.Violations, "; ")
		if !r.Applies {
			detail = l.S("not applied: the stack is marked stage = \"development\"")
		}
		s.Facts = append(s.Facts, Fact{Holds: r.Holds, Text: r.Text, Detail: detail})
	}
	return s
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

func readFlow(plan *tfjson.Plan, rs []tfplan.Planned) Flow {
	f := Flow{}
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
	for _, r := range ofType(rs, "aws_subnet") {
		if strings.HasPrefix(r.Name, "private") {
			f.PrivateSubnets++
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
			f.DataPorts = append(f.DataPorts, fmt.Sprintf("%s:%d", r.Str("description"), int(r.Num("from_port"))))
		}
	}
	sort.Strings(f.DataPorts)
	if oc, ok := plan.OutputChanges["basemachina_api_url"]; ok && oc != nil {
		f.APIURL, _ = oc.After.(string)
	}
	return f
}
