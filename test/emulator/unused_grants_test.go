//go:build emulator

package emulator_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"terraform-basemachina-modules/test/iamsim"
)

// unusedGrantsFile holds, for every grant of the CI roles that no call of any cycle uses, why it
// stays: a path the emulator cannot run (DNS validation of a certificate, a scale-in, a
// replacement), or an action AWS checks without the provider calling it. A grant nobody uses and
// nobody explains is a candidate to remove, so it fails the run; so does an explanation of a grant
// some call now uses, or that no role holds any more.
const unusedGrantsFile = "test/emulator/unused_grants.json"

// justification is one reason and the grants ("<Sid>: <action pattern>") it covers.
type justification struct {
	Why    string   `json:"why"`
	Grants []string `json:"grants"`
}

// unusedGrants are the grants no principal of the run used, over every principal that holds them
// (the same statement in dev's and production's policies is one grant).
func (u *usageReport) unusedGrants() (map[string]bool, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	held, used := map[string]bool{}, map[string]bool{}
	for name, p := range u.principals {
		grants, err := iamsim.Grants(name, p)
		if err != nil {
			return nil, err
		}
		for _, g := range grants {
			key := g.Sid + ": " + g.Pattern
			held[key] = true
			if u.used[strings.Join([]string{name, g.Policy, g.Sid, g.Pattern}, "|")] {
				used[key] = true
			}
		}
	}
	unused := map[string]bool{}
	for k := range held {
		if !used[k] {
			unused[k] = true
		}
	}
	return unused, nil
}

// checkUnusedGrants compares the run's unused grants with the explanations in unusedGrantsFile.
// Only a run of every cycle that passed sees every call, so only such a run is compared.
func (u *usageReport) checkUnusedGrants(root string) []string {
	unused, err := u.unusedGrants()
	if err != nil {
		return []string{err.Error()}
	}
	data, err := os.ReadFile(filepath.Join(root, unusedGrantsFile))
	if err != nil {
		return []string{err.Error()}
	}
	var reasons []justification
	if err := json.Unmarshal(data, &reasons); err != nil {
		return []string{fmt.Sprintf("%s: %v", unusedGrantsFile, err)}
	}
	explained := map[string]bool{}
	var problems []string
	for _, r := range reasons {
		if strings.TrimSpace(r.Why) == "" {
			problems = append(problems, fmt.Sprintf("%s: %v has no reason", unusedGrantsFile, r.Grants))
		}
		for _, g := range r.Grants {
			explained[g] = true
			if !unused[g] {
				problems = append(problems, fmt.Sprintf("%s explains %q, which a call now uses or no role holds: remove it from the file", unusedGrantsFile, g))
			}
		}
	}
	for g := range unused {
		if !explained[g] {
			problems = append(problems, fmt.Sprintf("no call of any cycle uses the grant %q: remove it from the policy, or say in %s why it stays", g, unusedGrantsFile))
		}
	}
	sort.Strings(problems)
	return problems
}

// writeUnused lists the run's unused grants next to the report, in the file's form, so a change
// that adds or stops using a grant can copy what to explain.
func (u *usageReport) writeUnused(path string) error {
	if len(u.cycles) == 0 {
		return nil
	}
	unused, err := u.unusedGrants()
	if err != nil {
		return err
	}
	keys := make([]string, 0, len(unused))
	for k := range unused {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	data, err := json.MarshalIndent(keys, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}
