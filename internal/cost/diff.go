package cost

import (
	"fmt"
	"io"
	"sort"

	"terraform-basemachina-modules/internal/i18n"
)

// LineChange is one priced item whose monthly cost differs between two plans.
type LineChange struct {
	Address string  `json:"address"`
	Item    string  `json:"item"`
	ItemJA  string  `json:"item_ja"`
	Old     float64 `json:"old_monthly_usd"`
	New     float64 `json:"new_monthly_usd"`
}

// Delta is the monthly change between two estimates of the same region and assumptions.
type Delta struct {
	Region   string       `json:"region"`
	OldTotal float64      `json:"old_total_monthly_usd"`
	NewTotal float64      `json:"new_total_monthly_usd"`
	Change   float64      `json:"change_monthly_usd"`
	Lines    []LineChange `json:"lines"`
}

// Diff compares two estimates line by line, a line being one item of one resource address.
func Diff(old, cur *Estimate) Delta {
	type key struct{ addr, item string }
	lines := map[key]*LineChange{}
	get := func(l Line) *LineChange {
		k := key{l.Address, l.Item}
		if lines[k] == nil {
			lines[k] = &LineChange{Address: l.Address, Item: l.Item, ItemJA: l.ItemJA}
		}
		return lines[k]
	}
	for _, l := range old.Lines {
		get(l).Old += l.Monthly
	}
	for _, l := range cur.Lines {
		get(l).New += l.Monthly
	}
	d := Delta{Region: cur.Region, OldTotal: old.Total, NewTotal: cur.Total, Change: round2(cur.Total - old.Total)}
	for _, c := range lines {
		if round2(c.New-c.Old) != 0 {
			c.Old, c.New = round2(c.Old), round2(c.New)
			d.Lines = append(d.Lines, *c)
		}
	}
	sort.Slice(d.Lines, func(i, j int) bool {
		di, dj := d.Lines[i].New-d.Lines[i].Old, d.Lines[j].New-d.Lines[j].Old
		if di != dj {
			return di > dj
		}
		return d.Lines[i].Address < d.Lines[j].Address
	})
	return d
}

// WriteDiffText prints the change for a pull-request comment: the totals, then each changed line.
func WriteDiffText(w io.Writer, d Delta, l i18n.Lang) {
	fmt.Fprintf(w, l.S("Monthly change (%s): %.2f USD -> %.2f USD (%+.2f USD)\n"), d.Region, d.OldTotal, d.NewTotal, d.Change)
	if len(d.Lines) == 0 {
		fmt.Fprintln(w, l.S("No priced item changes."))
		return
	}
	for _, c := range d.Lines {
		fmt.Fprintf(w, "  %+9.2f  %s  %s\n", round2(c.New-c.Old), l.Pick(c.ItemJA, c.Item), c.Address)
	}
}
