package emulator

import "sort"

// analyzerNames lists the IAM Access Analyzer analyzers the front holds (moto 5.2.1 has no Access
// Analyzer, so they exist nowhere else), for the leftover check.
func (f *Front) analyzerNames() []string {
	a := &f.analyzers
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []string
	for _, an := range a.byArn {
		if name, ok := an["name"].(string); ok {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}
