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

// Write prints the summary and the cost estimate of the root module at root for people.
func Write(w io.Writer, root string, s Summary, e *cost.Estimate, planPath string, l i18n.Lang) {
	fmt.Fprintf(w, l.S("== Offline preview of %s (BaseMachina Bridge) ==\n"), root)
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

	f := s.Flow
	fmt.Fprintln(w, l.S("■ Traffic path"))
	fmt.Fprintf(w, "  BaseMachina (%s) --HTTPS:%d [%s]--> ALB (%s)\n", strings.Join(f.AllowedSources, ", "), f.ListenerPort, f.TLSPolicy, l.S("public subnets"))
	fmt.Fprintf(w, "    --HTTP:%d--> %s\n", f.TaskPort, l.Sprintf("Bridge tasks (%d private subnets, no public IP)", f.PrivateSubnets))
	if f.NATInstances > 0 {
		fmt.Fprintf(w, "    --HTTPS:443--> NAT %s x%d --> %s\n", l.S("instance"), f.NATInstances, f.APIURL)
	} else {
		fmt.Fprintf(w, "    --HTTPS:443--> NAT %s x%d --> %s\n", l.S("gateway"), f.NATGateways, f.APIURL)
	}
	for _, d := range f.DataPorts {
		fmt.Fprintf(w, "  Bridge --%s--> %s\n", d, l.S("data source (security group to security group)"))
	}
	fmt.Fprintln(w)

	fmt.Fprintln(w, l.S("■ Security properties checked in the plan"))
	for _, fact := range s.Facts {
		mark := "OK"
		if !fact.Holds {
			mark = "NG"
		}
		line := fmt.Sprintf("  [%s] %s", mark, fact.Text)
		if fact.Detail != "" {
			line += " (" + fact.Detail + ")"
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w)

	fmt.Fprintln(w, l.S("■ Monthly cost (bridgectl cost, assuming no traffic)"))
	in := &indent{w: w}
	cost.WriteText(in, e, l)
	cost.WriteCompareText(in, e, l)
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%s %s\n", l.S("Plan JSON:"), planPath)
	fmt.Fprintln(w, l.S("Next: `make test` runs every offline check; with credentials, `terraform apply` in examples/complete."))
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
