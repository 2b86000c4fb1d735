// Package preview explains an offline plan of the complete example: what it creates, how traffic
// flows, which security properties hold, and what it costs.
package preview

import (
	"fmt"
	"net"
	"regexp"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/tfplan"
)

// Fact is one security property, checked against the plan.
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
	s.Facts = checkFacts(rs, l)
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

func checkFacts(rs []tfplan.Planned, l i18n.Lang) []Fact {
	var facts []Fact
	add := func(holds bool, ja, en, detail string) {
		facts = append(facts, Fact{Holds: holds, Text: l.T(ja, en), Detail: detail})
	}

	// Ingress to the ALB only from the allowed sources, none of them wider than /16 (the bridge
	// module accepts wider ones only with allow_wide_ingress, and this fact then reports the risk).
	var sources []string
	wide := false
	for _, r := range ofType(rs, "aws_vpc_security_group_ingress_rule") {
		if WideCIDR(r.Str("cidr_ipv4")) || WideCIDR(r.Str("cidr_ipv6")) {
			wide = true
		}
		if r.Name == "alb_https" || r.Name == "alb_http" {
			sources = append(sources, r.Str("cidr_ipv4"))
		}
	}
	add(!wide && len(sources) > 0, "/16 より広い送信元 (0.0.0.0/0 を含む) からの受信はなく、ALB は許可した送信元からだけ受け付ける",
		"No ingress from anything wider than /16 (0.0.0.0/0 included); the ALB accepts only the allowed sources", strings.Join(sources, ", "))

	// HTTPS with a TLS 1.2+ policy; any port 80 listener only redirects.
	httpsOK, plainForward := false, false
	policy := ""
	for _, r := range ofType(rs, "aws_lb_listener") {
		switch r.Str("protocol") {
		case "HTTPS":
			policy = r.Str("ssl_policy")
			httpsOK = TLS12Policy(policy)
		case "HTTP":
			for _, a := range r.Blocks("default_action") {
				if a["type"] != "redirect" {
					plainForward = true
				}
			}
		}
	}
	add(httpsOK && !plainForward, "通信は HTTPS のみ（TLS 1.2 以上のポリシー）。平文 HTTP で転送するリスナーはない",
		"HTTPS only (a policy whose lowest version is TLS 1.2); no listener forwards plain HTTP", policy)

	// Tasks private: no public IP, private subnets only.
	publicTask := false
	for _, r := range ofType(rs, "aws_ecs_service") {
		for _, nc := range r.Blocks("network_configuration") {
			if nc["assign_public_ip"] != false {
				publicTask = true
			}
		}
	}
	publicSubnet := false
	for _, r := range ofType(rs, "aws_subnet") {
		if r.Bool("map_public_ip_on_launch") {
			publicSubnet = true
		}
	}
	add(!publicTask && !publicSubnet, "Bridge タスクはパブリック IP を持たず、どのサブネットもパブリック IP を自動割り当てしない",
		"Bridge tasks get no public IP, and no subnet assigns public IPs automatically", "")

	// Task SG: only from the ALB's security group.
	taskFromCIDR := false
	taskRules := 0
	for _, r := range ofType(rs, "aws_vpc_security_group_ingress_rule") {
		if r.Name == "task_from_alb" {
			taskRules++
			if r.Str("cidr_ipv4") != "" {
				taskFromCIDR = true
			}
		}
	}
	add(taskRules == 1 && !taskFromCIDR, "タスクのセキュリティグループは ALB のセキュリティグループからのみ受け付ける",
		"The task security group accepts only the ALB's security group", "")

	// Circuit breaker with rollback, explicit ECS controller.
	breaker := len(ofType(rs, "aws_ecs_service")) > 0
	for _, r := range ofType(rs, "aws_ecs_service") {
		b := r.Blocks("deployment_circuit_breaker")
		c := r.Blocks("deployment_controller")
		if len(b) != 1 || b[0]["enable"] != true || b[0]["rollback"] != true || len(c) != 1 || c[0]["type"] != "ECS" {
			breaker = false
		}
	}
	add(breaker, "デプロイ失敗時はサーキットブレーカーが自動でロールバックする", "A failed deploy is rolled back by the circuit breaker", "")

	// TENANT_ID kept out of state and task definition.
	tenant := false
	for _, r := range ofType(rs, "aws_secretsmanager_secret_version") {
		if r.Name == "tenant" && r.After["secret_string"] == nil && r.After["secret_string_wo_version"] != nil {
			tenant = true
		}
	}
	add(tenant, "TENANT_ID は Secrets Manager に書き込み専用 (write-only) で保存され、Terraform の state に残らない",
		"TENANT_ID is written to Secrets Manager write-only and never stored in Terraform state", "")

	// Databases encrypted and private, password managed by RDS.
	dbOK := len(ofType(rs, "aws_db_instance")) > 0
	for _, r := range ofType(rs, "aws_db_instance") {
		if !r.Bool("storage_encrypted") || r.Bool("publicly_accessible") || !r.Bool("manage_master_user_password") {
			dbOK = false
		}
	}
	forceSSL := false
	for _, r := range ofType(rs, "aws_db_parameter_group") {
		for _, p := range r.Blocks("parameter") {
			if p["name"] == "rds.force_ssl" && p["value"] == "1" {
				forceSSL = true
			}
		}
	}
	add(dbOK && forceSSL, "PostgreSQL は暗号化・非公開・TLS 必須。マスターパスワードは RDS が Secrets Manager で管理する",
		"PostgreSQL is encrypted, private and TLS-only; RDS manages the master password in Secrets Manager", "")

	// Default SG emptied and flow logs on.
	defaultEmpty := len(ofType(rs, "aws_default_security_group")) > 0
	for _, r := range ofType(rs, "aws_default_security_group") {
		if len(r.Blocks("ingress")) > 0 || len(r.Blocks("egress")) > 0 {
			defaultEmpty = false
		}
	}
	add(defaultEmpty && len(ofType(rs, "aws_flow_log")) > 0, "VPC のデフォルトセキュリティグループは空で、フローログが有効",
		"The VPC's default security group has no rules, and flow logs are on", "")

	// Deletion protection.
	protected := true
	for _, r := range ofType(rs, "aws_lb") {
		protected = protected && r.Bool("enable_deletion_protection")
	}
	for _, r := range ofType(rs, "aws_db_instance") {
		protected = protected && r.Bool("deletion_protection")
	}
	add(protected, "ALB とデータベースは削除保護されている", "The ALB and the database are protected from deletion", "")
	return facts
}

// WideCIDR tells whether a CIDR block is wider than /16, the bound past which the bridge module asks
// for allow_wide_ingress. An empty string (no block of that family) is not wide.
func WideCIDR(cidr string) bool {
	_, n, err := net.ParseCIDR(cidr)
	if err != nil {
		return false
	}
	ones, _ := n.Mask.Size()
	return ones < 16
}

// tls12Policy matches the ELB policies whose lowest version is TLS 1.2 or 1.3; AWS names each
// policy after its lowest version, and the bridge module validates ssl_policy the same way.
var tls12Policy = regexp.MustCompile(`^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-`)

// TLS12Policy tells whether an ELB security policy accepts nothing older than TLS 1.2.
func TLS12Policy(name string) bool { return tls12Policy.MatchString(name) }
