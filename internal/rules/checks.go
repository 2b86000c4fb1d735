package rules

import (
	"encoding/json"
	"regexp"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/tfplan"
)

// ingressRule is one inbound permission, whichever of the three AWS resource forms holds it.
type ingressRule struct {
	address  string
	cidrs    []string
	fromPort int
	toPort   int
}

func ingressRules(rs []tfplan.Planned) []ingressRule {
	var out []ingressRule
	for _, r := range rs {
		switch r.Type {
		case "aws_vpc_security_group_ingress_rule":
			var cidrs []string
			for _, k := range []string{"cidr_ipv4", "cidr_ipv6"} {
				if c := r.Str(k); c != "" {
					cidrs = append(cidrs, c)
				}
			}
			out = append(out, ingressRule{r.Address, cidrs, int(r.Num("from_port")), int(r.Num("to_port"))})
		case "aws_security_group_rule":
			if r.Str("type") == "ingress" {
				out = append(out, ingressRule{r.Address, append(r.Strings("cidr_blocks"), r.Strings("ipv6_cidr_blocks")...), int(r.Num("from_port")), int(r.Num("to_port"))})
			}
		case "aws_security_group", "aws_default_security_group":
			for _, in := range r.Blocks("ingress") {
				var cidrs []string
				for _, k := range []string{"cidr_blocks", "ipv6_cidr_blocks"} {
					list, _ := in[k].([]any)
					for _, c := range list {
						if s, ok := c.(string); ok {
							cidrs = append(cidrs, s)
						}
					}
				}
				from, _ := in["from_port"].(float64)
				to, _ := in["to_port"].(float64)
				out = append(out, ingressRule{r.Address, cidrs, int(from), int(to)})
			}
		}
	}
	return out
}

func ingressNarrow(rs []tfplan.Planned, l i18n.Lang) []string {
	var v []string
	for _, in := range ingressRules(rs) {
		for _, c := range in.cidrs {
			if WideCIDR(c) {
				v = append(v, l.Sprintf("%s admits %s, wider than /16", in.address, c))
			}
		}
	}
	return sorted(v)
}

func rangesOnWebPortsOnly(rs []tfplan.Planned, l i18n.Lang) []string {
	var v []string
	for _, in := range ingressRules(rs) {
		web := in.fromPort == in.toPort && (in.fromPort == 443 || in.fromPort == 80)
		if len(in.cidrs) > 0 && !web {
			v = append(v, l.Sprintf("%s admits %v on ports %d-%d", in.address, in.cidrs, in.fromPort, in.toPort))
		}
	}
	return sorted(v)
}

func httpsOnly(rs []tfplan.Planned, l i18n.Lang) []string {
	var v []string
	for _, r := range ofType(rs, "aws_lb_listener", "aws_alb_listener") {
		switch r.Str("protocol") {
		case "HTTPS", "TLS":
			if p := r.Str("ssl_policy"); !TLS12Policy(p) {
				v = append(v, l.Sprintf("%s uses %q, which allows TLS older than 1.2", r.Address, p))
			}
		default:
			for _, a := range r.Blocks("default_action") {
				if a["type"] != "redirect" {
					v = append(v, l.Sprintf("%s forwards plain %s", r.Address, r.Str("protocol")))
				}
			}
		}
	}
	return sorted(v)
}

func nothingPublic(rs []tfplan.Planned, l i18n.Lang) []string {
	var v []string
	for _, r := range rs {
		switch r.Type {
		case "aws_subnet":
			if r.Bool("map_public_ip_on_launch") {
				v = append(v, l.Sprintf("%s maps public IPs on launch", r.Address))
			}
		case "aws_ecs_service":
			for _, nc := range r.Blocks("network_configuration") {
				if nc["assign_public_ip"] != false {
					v = append(v, l.Sprintf("%s gives its tasks public IPs", r.Address))
				}
			}
		case "aws_db_instance", "aws_rds_cluster_instance":
			if r.Bool("publicly_accessible") {
				v = append(v, l.Sprintf("%s is publicly accessible", r.Address))
			}
		}
	}
	return sorted(v)
}

func rollback(rs []tfplan.Planned, l i18n.Lang) []string {
	var v []string
	for _, r := range ofType(rs, "aws_ecs_service") {
		b, c := r.Blocks("deployment_circuit_breaker"), r.Blocks("deployment_controller")
		if len(b) != 1 || b[0]["enable"] != true || b[0]["rollback"] != true || len(c) != 1 || c[0]["type"] != "ECS" {
			v = append(v, l.Sprintf("%s has no circuit breaker with rollback under the ECS deployment controller", r.Address))
		}
	}
	return v
}

var secretish = regexp.MustCompile(`(?i)(TENANT|PASSWORD|SECRET|TOKEN|PRIVATE_KEY|API_KEY)`)

func secretsWriteOnly(rs []tfplan.Planned, l i18n.Lang) []string {
	var v []string
	for _, r := range ofType(rs, "aws_secretsmanager_secret_version") {
		// A write-only version keeps secret_string empty in state ("" after apply, null in a plan).
		if r.Str("secret_string") != "" || r.Str("secret_binary") != "" {
			v = append(v, l.Sprintf("%s keeps its value in state (use secret_string_wo)", r.Address))
		}
	}
	for _, r := range ofType(rs, "aws_ecs_task_definition") {
		var defs []struct {
			Name        string `json:"name"`
			Environment []struct {
				Name string `json:"name"`
			} `json:"environment"`
		}
		if doc := r.Str("container_definitions"); doc != "" && json.Unmarshal([]byte(doc), &defs) == nil {
			for _, d := range defs {
				for _, e := range d.Environment {
					if secretish.MatchString(e.Name) {
						v = append(v, l.Sprintf("%s: container %s has %s in plain environment (use secrets)", r.Address, d.Name, e.Name))
					}
				}
			}
		}
	}
	return sorted(v)
}

func dataEncryptedPrivate(rs []tfplan.Planned, l i18n.Lang) []string {
	var v []string
	dbs := ofType(rs, "aws_db_instance")
	for _, r := range dbs {
		if !r.Bool("storage_encrypted") {
			v = append(v, l.Sprintf("%s stores unencrypted", r.Address))
		}
		if !r.Bool("manage_master_user_password") {
			v = append(v, l.Sprintf("%s has a master password Terraform knows (use manage_master_user_password)", r.Address))
		}
	}
	if len(dbs) > 0 {
		forceSSL := false
		for _, r := range ofType(rs, "aws_db_parameter_group") {
			for _, p := range r.Blocks("parameter") {
				forceSSL = forceSSL || p["name"] == "rds.force_ssl" && p["value"] == "1"
			}
		}
		if !forceSSL {
			v = append(v, l.S("no DB parameter group sets rds.force_ssl = 1"))
		}
	}
	for _, r := range ofType(rs, "aws_elasticache_replication_group") {
		if r.After["at_rest_encryption_enabled"] != "true" && r.After["at_rest_encryption_enabled"] != true {
			v = append(v, l.Sprintf("%s is not encrypted at rest", r.Address))
		}
		if !r.Bool("transit_encryption_enabled") {
			v = append(v, l.Sprintf("%s is not encrypted in transit", r.Address))
		}
	}
	// A bucket is paired with its settings by the module it is declared in and its name.
	buckets, encrypted, blocked := map[string]string{}, map[string]bool{}, map[string]bool{}
	for _, r := range rs {
		key := r.Module + "/" + r.Name
		switch r.Type {
		case "aws_s3_bucket":
			buckets[key] = r.Address
		case "aws_s3_bucket_server_side_encryption_configuration":
			encrypted[key] = true
		case "aws_s3_bucket_public_access_block":
			blocked[key] = r.Bool("block_public_acls") && r.Bool("block_public_policy") && r.Bool("ignore_public_acls") && r.Bool("restrict_public_buckets")
		}
	}
	for key, addr := range buckets {
		if !encrypted[key] || !blocked[key] {
			v = append(v, l.Sprintf("%s lacks default encryption or one of the four public access blocks", addr))
		}
	}
	return sorted(v)
}

func vpcHardened(rs []tfplan.Planned, l i18n.Lang) []string {
	vpcs := ofType(rs, "aws_vpc")
	if len(vpcs) == 0 {
		return nil
	}
	var v []string
	defaults := ofType(rs, "aws_default_security_group")
	if len(defaults) < len(vpcs) {
		v = append(v, l.Sprintf("%d VPCs but %d managed default security groups: an unmanaged default group keeps AWS's allow-all rules", len(vpcs), len(defaults)))
	}
	for _, r := range defaults {
		if len(r.Blocks("ingress")) > 0 || len(r.Blocks("egress")) > 0 {
			v = append(v, l.Sprintf("%s keeps rules", r.Address))
		}
	}
	if flows := ofType(rs, "aws_flow_log"); len(flows) < len(vpcs) {
		v = append(v, l.Sprintf("%d VPCs but %d flow logs", len(vpcs), len(flows)))
	}
	return v
}

func deletionProtection(rs []tfplan.Planned, l i18n.Lang) []string {
	var v []string
	for _, r := range ofType(rs, "aws_lb", "aws_alb") {
		if !r.Bool("enable_deletion_protection") {
			v = append(v, l.Sprintf("%s has no deletion protection", r.Address))
		}
	}
	for _, r := range ofType(rs, "aws_db_instance") {
		if !r.Bool("deletion_protection") {
			v = append(v, l.Sprintf("%s has no deletion protection", r.Address))
		}
	}
	return sorted(v)
}

// policyAttributes are the attributes that hold IAM policy documents.
var policyAttributes = map[string][]string{
	"aws_iam_role":         {"assume_role_policy"},
	"aws_iam_role_policy":  {"policy"},
	"aws_iam_policy":       {"policy"},
	"aws_s3_bucket_policy": {"policy"},
}

// PolicyAttributes lists, for a resource type, the attributes holding IAM policy documents.
func PolicyAttributes(resourceType string) []string { return policyAttributes[resourceType] }

// Statement is the part of an IAM policy statement the rules read.
type Statement struct {
	Sid    string
	Effect string
	Action []string
}

// Statements reads the statements of a policy document; Action may be a string or a list.
func Statements(doc string) ([]Statement, error) {
	var raw struct {
		Statement []map[string]any `json:"Statement"`
	}
	if err := json.Unmarshal([]byte(doc), &raw); err != nil {
		return nil, err
	}
	out := make([]Statement, 0, len(raw.Statement))
	for _, s := range raw.Statement {
		st := Statement{}
		st.Sid, _ = s["Sid"].(string)
		st.Effect, _ = s["Effect"].(string)
		switch a := s["Action"].(type) {
		case string:
			st.Action = []string{a}
		case []any:
			for _, x := range a {
				if str, ok := x.(string); ok {
					st.Action = append(st.Action, str)
				}
			}
		}
		out = append(out, st)
	}
	return out, nil
}

func noAdminStatement(rs []tfplan.Planned, l i18n.Lang) []string {
	var v []string
	for _, r := range rs {
		for _, attr := range policyAttributes[r.Type] {
			doc := r.Str(attr)
			if doc == "" {
				continue // unknown until apply: the module's own tests assert on it
			}
			sts, err := Statements(doc)
			if err != nil {
				v = append(v, l.Sprintf("%s.%s is not a policy document: %v", r.Address, attr, err))
				continue
			}
			for _, st := range sts {
				for _, a := range st.Action {
					if st.Effect == "Allow" && (a == "*" || a == "*:*") {
						v = append(v, l.Sprintf("%s: statement %q allows every action", r.Address, st.Sid))
					}
				}
			}
		}
	}
	return sorted(v)
}
