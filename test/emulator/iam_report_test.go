//go:build emulator

package emulator_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"terraform-basemachina-modules/test/iamsim"
)

// usage gathers, over every test of the run, what the IAM evaluation saw: per cycle the calls,
// requests and denials; per principal the action patterns its allowed requests used, so the report
// can list the grants no call used (candidates to remove).
var usage = &usageReport{used: map[string]bool{}, actions: map[string]map[string]bool{}, principals: map[string]iamsim.Principal{}}

type usageReport struct {
	mu         sync.Mutex
	cycles     []string
	used       map[string]bool            // principal|policy|sid|pattern
	actions    map[string]map[string]bool // principal -> distinct actions requested
	principals map[string]iamsim.Principal
}

func (u *usageReport) add(q iamsim.Request, r iamsim.Result) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.actions[q.Principal] == nil {
		u.actions[q.Principal] = map[string]bool{}
	}
	u.actions[q.Principal][q.Action] = true
	for _, s := range r.Allow {
		for _, a := range s.Actions {
			u.used[strings.Join([]string{q.Principal, s.Policy, s.Sid, a}, "|")] = true
		}
	}
}

func (u *usageReport) addWorld(test string, calls, requests, denied int, principals map[string]iamsim.Principal) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.cycles = append(u.cycles, fmt.Sprintf("| %s | %d | %d | %d |", test, calls, requests, denied))
	for name, p := range principals {
		u.principals[name] = p
	}
}

// write puts the report where scripts/emulator.sh prints it from; a run that evaluated nothing
// writes nothing.
func (u *usageReport) write(path string) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.cycles) == 0 {
		return nil
	}
	var b strings.Builder
	sort.Strings(u.cycles)
	b.WriteString("IAM evaluation of the emulator cycles (test/iamsim, @cloud-copilot/iam-simulate)\n\n")
	b.WriteString("| cycle | calls by CI principals | IAM requests | denied |\n|---|---:|---:|---:|\n")
	b.WriteString(strings.Join(u.cycles, "\n") + "\n\n")
	var names []string
	for n := range u.principals {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		grants, err := iamsim.Grants(n, u.principals[n])
		if err != nil {
			return err
		}
		var unused []string
		for _, g := range grants {
			if !u.used[strings.Join([]string{n, g.Policy, g.Sid, g.Pattern}, "|")] {
				unused = append(unused, fmt.Sprintf("  %s %s: %s", g.Policy, g.Sid, g.Pattern))
			}
		}
		fmt.Fprintf(&b, "%s: %d distinct actions requested; %d of %d granted action patterns used by no call:\n%s\n\n",
			n, len(u.actions[n]), len(unused), len(grants), strings.Join(unused, "\n"))
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
