package preview

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"terraform-basemachina-modules/internal/cost"
	"terraform-basemachina-modules/internal/i18n"
)

var categoryOrder = []string{"network", "load_balancer", "compute", "data", "security", "observability"}

// Root is the root module a preview planned.
type Root struct {
	Dir string // as the user gave it
	// Example is one of this repository's examples/, whose offline checks `make test` runs.
	Example  bool
	PlanPath string // where the plan JSON was written
}

// Write prints the summary and the cost estimate of a root module for people.
func Write(w io.Writer, root Root, s Summary, e *cost.Estimate, l i18n.Lang) {
	fmt.Fprintf(w, l.S("== Offline preview of %s (BaseMachina Bridge) ==\n"), root.Dir)
	fmt.Fprintln(w, l.S("This is a real terraform plan made without an AWS account. Nothing was created."))
	fmt.Fprintln(w)

	fmt.Fprintf(w, "%s (%d)\n", l.S("■ What would be created"), s.Total)
	for _, c := range categoryOrder {
		types := s.Counts[c]
		if len(types) == 0 {
			continue
		}
		n := 0
		names := make([]string, 0, len(types))
		for t, k := range types {
			n += k
			names = append(names, fmt.Sprintf("%s x%d", strings.TrimPrefix(t, "aws_"), k))
		}
		sort.Strings(names)
		fmt.Fprintf(w, "  %s %3d  %s\n", i18n.PadRight(cost.CategoryLabel(c, l), 16), n, strings.Join(names, ", "))
	}
	fmt.Fprintln(w)

	fmt.Fprintln(w, l.S("■ Traffic path"))
	if s.Flow == nil {
		fmt.Fprintln(w, "  "+l.S("None: the plan creates no load balancer and no service."))
	} else {
		writeFlow(w, s.Flow, l)
	}
	fmt.Fprintln(w)

	fmt.Fprintln(w, l.S("■ Security properties checked in the plan"))
	for _, fact := range s.Facts {
		mark := "OK"
		switch {
		case !fact.Applies:
			mark = "--"
		case !fact.Holds:
			mark = "NG"
		}
		line := fmt.Sprintf("  [%s] %s", mark, fact.Text)
		if fact.Detail != "" {
			line += " (" + fact.Detail + ")"
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w, "  "+l.Sprintf("%d rules: %d passed, %d failed, %d not applicable.", len(s.Facts), s.Rules.Passed, s.Rules.Failed, s.Rules.NotApplicable))
	fmt.Fprintln(w)

	fmt.Fprintln(w, l.S("■ Monthly cost (bridgectl cost, assuming no traffic)"))
	in := &indent{w: w}
	cost.WriteText(in, e, l)
	if s.EgressComparable() {
		cost.WriteCompareText(in, e, l)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%s %s\n", l.S("Plan JSON:"), root.PlanPath)
	fmt.Fprintln(w, Next(root, s.Kind, l))
}

// writeFlow draws the parts of the path the plan holds, each hop with what the plan says of it.
func writeFlow(w io.Writer, f *Flow, l i18n.Lang) {
	pad := "  "
	if f.LoadBalancer {
		source := "BaseMachina"
		if len(f.AllowedSources) > 0 {
			source += " (" + strings.Join(f.AllowedSources, ", ") + ")"
		}
		hop := "-->"
		if f.ListenerPort > 0 {
			hop = fmt.Sprintf("--HTTPS:%d [%s]-->", f.ListenerPort, f.TLSPolicy)
		}
		fmt.Fprintf(w, "  %s %s ALB (%s)\n", source, hop, l.S("public subnets"))
		pad = "    "
	}
	if !f.Service {
		return
	}
	tasks := l.S("Bridge tasks (private subnets, no public IP)")
	switch {
	case f.TasksPublicIP:
		tasks = l.S("Bridge tasks (with public IPs)")
	case f.ExistingSubnets:
		tasks = l.Sprintf("Bridge tasks (%d existing private subnets, no public IP)", f.PrivateSubnets)
	case f.PrivateSubnets > 0:
		tasks = l.Sprintf("Bridge tasks (%d private subnets, no public IP)", f.PrivateSubnets)
	}
	switch {
	case !f.LoadBalancer:
		fmt.Fprintf(w, "%s%s\n", pad, tasks)
	case f.TaskPort > 0:
		fmt.Fprintf(w, "%s--HTTP:%d--> %s\n", pad, f.TaskPort, tasks)
	default:
		fmt.Fprintf(w, "%s--> %s\n", pad, tasks)
	}
	var egress string
	switch {
	case f.NATInstances > 0:
		egress = fmt.Sprintf("NAT %s x%d", l.S("instance"), f.NATInstances)
	case f.NATGateways > 0:
		egress = fmt.Sprintf("NAT %s x%d", l.S("gateway"), f.NATGateways)
	case f.VPCCreated:
		egress = l.S("no NAT in this plan")
	default:
		egress = l.S("the existing VPC's egress (not in this plan)")
	}
	api := f.APIURL
	if api == "" {
		api = l.S("BaseMachina's API")
	}
	fmt.Fprintf(w, "    --HTTPS:443--> %s --> %s\n", egress, api)
	for _, d := range f.DataPorts {
		fmt.Fprintf(w, "  Bridge --%s--> %s\n", d, l.S("data source (security group to security group)"))
	}
}

// Next is what to do after the preview, for the kind of root it planned.
func Next(root Root, kind string, l i18n.Lang) string {
	switch {
	case kind == KindCIBootstrap:
		return l.Sprintf("Next: apply this root once per AWS account with administrator credentials (`terraform apply` in %s), then give its outputs to your environments' backends and your CI's variables.", root.Dir)
	case kind == KindBridge && root.Example:
		return l.Sprintf("Next: `make test` runs every offline check; with credentials, `terraform apply` in %s.", root.Dir)
	case kind == KindBridge:
		return l.S("Next, in your repository: commit this root and let your CI plan it, gate the plan with `bridgectl check PLAN.json` (terraform show -json tfplan > PLAN.json), and apply that plan.")
	}
	return l.Sprintf("Next: `terraform apply` in %s with credentials, or through your CI.", root.Dir)
}

// indent prefixes every line with two spaces, however the writes split the lines.
type indent struct {
	w       io.Writer
	midLine bool
}

func (i *indent) Write(p []byte) (int, error) {
	var b strings.Builder
	for _, c := range string(p) {
		if !i.midLine {
			b.WriteString("  ")
		}
		b.WriteRune(c)
		i.midLine = c != '\n'
	}
	if _, err := io.WriteString(i.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}
