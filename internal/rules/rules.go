// Package rules holds the security rules a plan of a Bridge stack must keep, in one place: the
// preview renders them, the plan tests apply them to every example, and `bridgectl check` applies
// them to any plan. Each rule finds resources by what they do (their type and attributes), never by
// the names the modules give them, so renaming a resource cannot flip a result.
package rules

import (
	"net"
	"regexp"
	"sort"

	tfjson "github.com/hashicorp/terraform-json"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/tfplan"
)

// Rule is one property of a safe stack.
type Rule struct {
	ID   string
	Text string // English; the catalog (internal/i18n) holds the Japanese
	// Check lists the violations in the language: one sentence each from the catalog, naming the
	// resource address.
	Check func(rs []tfplan.Planned, l i18n.Lang) []string
	// Unjudged says why the rule judges nothing in the plan (NothingToJudge, KnownAfterApply), or
	// "" when it has something to judge. Such a rule is reported as not applicable, never as
	// holding: a bootstrap root must not read as a checked Bridge stack.
	Unjudged func(rs []tfplan.Planned) string
	// ProductionOnly rules do not apply to a stack the bridge module marks as development
	// (stage = "development"), which gives them up on purpose.
	ProductionOnly bool
}

// Result is a rule applied to one plan.
type Result struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	Holds bool   `json:"holds"` // false only when the rule is broken: true when it does not apply
	// Applies is false when the rule judged nothing; Reason says why.
	Applies    bool     `json:"applies"`
	Reason     string   `json:"reason,omitempty"`
	Violations []string `json:"violations,omitempty"`
}

// Why a rule does not apply (Result.Reason).
const (
	// NothingToJudge: the plan holds none of what the rule judges.
	NothingToJudge = "nothing-to-judge"
	// KnownAfterApply: the plan holds what the rule judges, but not its values yet (IAM documents
	// built from ARNs created in the same apply); the applied state has them.
	KnownAfterApply = "known-after-apply"
	// DevelopmentStage: a production rule on a stack the bridge module marks as development.
	DevelopmentStage = "development"
)

// Mark is the result as people scan it: OK, NG (broken), or -- (not applicable).
func (r Result) Mark() string {
	switch {
	case !r.Applies:
		return "--"
	case !r.Holds:
		return "NG"
	}
	return "OK"
}

// ReasonText says in the language why a rule does not apply.
func ReasonText(reason string, l i18n.Lang) string {
	switch reason {
	case DevelopmentStage:
		return l.S("not applied: the stack is marked stage = \"development\"")
	case KnownAfterApply:
		return l.S("not judged: the plan knows these values only after apply")
	}
	return l.S("not applicable: nothing in the plan to judge")
}

// Tally counts results the way people read them: rules that passed, failed, or did not apply.
type Tally struct {
	Passed int `json:"passed"`
	Failed int `json:"failed"`
	// NotApplicable counts the rules that judged nothing, whatever the reason.
	NotApplicable int `json:"not_applicable"`
}

// Count tallies results.
func Count(results []Result) Tally {
	var t Tally
	for _, r := range results {
		switch {
		case !r.Applies:
			t.NotApplicable++
		case r.Holds:
			t.Passed++
		default:
			t.Failed++
		}
	}
	return t
}

// StageTag is the tag the bridge module puts on its ECS service with its stage input.
const StageTag = "bridge-stage"

// Development reports whether the plan's Bridge service is marked as a development stack.
func Development(rs []tfplan.Planned) bool {
	for _, r := range ofType(rs, "aws_ecs_service") {
		if tags, ok := r.After["tags"].(map[string]any); ok && tags[StageTag] == "development" {
			return true
		}
	}
	return false
}

// Apply runs every rule over a plan.
func Apply(plan *tfjson.Plan, l i18n.Lang) []Result { return ApplyTo(tfplan.Managed(plan), l) }

// ApplyTo runs every rule over resources: a plan's (tfplan.Managed) or an applied state's, where
// every document is known (tfplan.Applied from `show -json`; the emulator cycles read `state pull`).
func ApplyTo(rs []tfplan.Planned, l i18n.Lang) []Result {
	development := Development(rs)
	out := make([]Result, 0, len(All))
	for _, r := range All {
		if reason := r.Unjudged(rs); reason != "" {
			out = append(out, Result{ID: r.ID, Text: l.S(r.Text), Holds: true, Reason: reason})
			continue
		}
		if r.ProductionOnly && development {
			out = append(out, Result{ID: r.ID, Text: l.S(r.Text), Holds: true, Reason: DevelopmentStage})
			continue
		}
		v := r.Check(rs, l)
		out = append(out, Result{ID: r.ID, Text: l.S(r.Text), Holds: len(v) == 0, Applies: true, Violations: v})
	}
	return out
}

// Violated reports whether any result does not hold.
func Violated(results []Result) bool {
	for _, r := range results {
		if !r.Holds {
			return true
		}
	}
	return false
}

// All is every rule, in the order people read them.
var All = []Rule{
	{
		ID:       "ingress-narrow",
		Text:     "No ingress from anything wider than /16 (0.0.0.0/0 included)",
		Check:    ingressNarrow,
		Unjudged: noIngress,
	},
	{
		ID:       "ranges-on-web-ports-only",
		Text:     "Address ranges reach only HTTPS (443) and the HTTP redirect (80); every other port admits security groups only",
		Check:    rangesOnWebPortsOnly,
		Unjudged: noIngress,
	},
	{
		ID:       "https-only",
		Text:     "HTTPS only (a policy whose lowest version is TLS 1.2); no listener forwards plain HTTP",
		Check:    httpsOnly,
		Unjudged: without("aws_lb_listener", "aws_alb_listener"),
	},
	{
		ID:       "nothing-public",
		Text:     "Tasks and databases get no public IP, and no subnet assigns public IPs automatically",
		Check:    nothingPublic,
		Unjudged: without("aws_subnet", "aws_ecs_service", "aws_db_instance", "aws_rds_cluster_instance"),
	},
	{
		ID:       "rollback",
		Text:     "A failed deploy is rolled back by the circuit breaker",
		Check:    rollback,
		Unjudged: without("aws_ecs_service"),
	},
	{
		ID:       "secrets-write-only",
		Text:     "Secret values are written write-only, kept out of state, and absent from tasks' plain environment",
		Check:    secretsWriteOnly,
		Unjudged: noSecretsOrContainers,
	},
	{
		ID:       "data-encrypted-private",
		Text:     "Databases, caches and buckets are encrypted and private; PostgreSQL requires TLS and RDS manages its password",
		Check:    dataEncryptedPrivate,
		Unjudged: without("aws_db_instance", "aws_elasticache_replication_group", "aws_s3_bucket"),
	},
	{
		ID:       "vpc-hardened",
		Text:     "Every VPC created has an empty default security group and flow logs",
		Check:    vpcHardened,
		Unjudged: without("aws_vpc"),
	},
	{
		ID:             "deletion-protection",
		Text:           "Load balancers and databases are protected from deletion",
		Check:          deletionProtection,
		Unjudged:       without("aws_lb", "aws_alb", "aws_db_instance"),
		ProductionOnly: true,
	},
	{
		ID:       "no-admin-statement",
		Text:     "No IAM statement allows every action (*)",
		Check:    noAdminStatement,
		Unjudged: noPolicyDocument,
	},
	{
		ID:       "iam-quotas",
		Text:     "IAM policies, roles and names fit IAM's quotas (policy sizes, managed policies per role, name lengths)",
		Check:    iamQuotas,
		Unjudged: noIAMUsage,
	},
}

func ofType(rs []tfplan.Planned, types ...string) []tfplan.Planned {
	var out []tfplan.Planned
	for _, r := range rs {
		for _, t := range types {
			if r.Type == t {
				out = append(out, r)
			}
		}
	}
	return out
}

// without: nothing to judge in a plan that holds no resource of the types.
func without(types ...string) func(rs []tfplan.Planned) string {
	return func(rs []tfplan.Planned) string {
		if len(ofType(rs, types...)) == 0 {
			return NothingToJudge
		}
		return ""
	}
}

func noIngress(rs []tfplan.Planned) string {
	if len(ingressRules(rs)) == 0 {
		return NothingToJudge
	}
	return ""
}

// noSecretsOrContainers: a secret version is judged as planned; a task definition only once its
// containers are known.
func noSecretsOrContainers(rs []tfplan.Planned) string {
	if len(ofType(rs, "aws_secretsmanager_secret_version")) > 0 {
		return ""
	}
	defs := ofType(rs, "aws_ecs_task_definition")
	for _, r := range defs {
		if r.Str("container_definitions") != "" {
			return ""
		}
	}
	if len(defs) > 0 {
		return KnownAfterApply
	}
	return NothingToJudge
}

// noPolicyDocument: the rule reads the policy documents the plan knows; unknown ones wait for apply.
func noPolicyDocument(rs []tfplan.Planned) string {
	reason := NothingToJudge
	for _, r := range rs {
		for _, attr := range policyAttributes[r.Type] {
			if r.Str(attr) != "" {
				return ""
			}
			reason = KnownAfterApply
		}
	}
	return reason
}

func noIAMUsage(rs []tfplan.Planned) string {
	usage, unjudged := IAMUsage(rs)
	switch {
	case len(usage) > 0:
		return ""
	case len(unjudged) > 0:
		return KnownAfterApply
	}
	return NothingToJudge
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

func sorted(v []string) []string {
	sort.Strings(v)
	return v
}
