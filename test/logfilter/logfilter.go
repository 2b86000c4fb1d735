// Package logfilter evaluates the subset of CloudWatch Logs filter-pattern syntax the Bridge's
// alarms use: JSON selectors comparing one field with a string, such as
// `{ $.message = "mismatch tenant ID" }`, joined by && or ||. It lets tests (and bridgectl) show
// which log lines a pattern selects without calling CloudWatch.
//
// Semantics follow https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html:
// a selector matches only JSON log events, `=` is an exact comparison unless the value ends in `*`
// (a prefix match), and a missing field never matches `=`.
package logfilter

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Filter reports whether a log line is selected.
type Filter interface {
	Match(line string) bool
}

type comparison struct {
	path   []string
	negate bool
	value  string
	prefix bool
}

type joined struct {
	and   bool
	parts []Filter
}

var term = regexp.MustCompile(`^\$((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*(=|!=)\s*(?:"((?:[^"\\]|\\.)*)"|([^\s"&|()]+))$`)

// Compile reads a JSON-selector pattern. Other pattern forms (terms, regex, space-delimited)
// are refused with an error that says so.
func Compile(pattern string) (Filter, error) {
	p := strings.TrimSpace(pattern)
	if !strings.HasPrefix(p, "{") || !strings.HasSuffix(p, "}") {
		return nil, fmt.Errorf("pattern %q is not a JSON selector ({ $.field = \"value\" })", pattern)
	}
	body := strings.TrimSpace(p[1 : len(p)-1])
	if strings.ContainsAny(body, "()") {
		return nil, fmt.Errorf("pattern %q groups with parentheses, which this evaluator does not read", pattern)
	}
	hasAnd, hasOr := strings.Contains(body, "&&"), strings.Contains(body, "||")
	if hasAnd && hasOr {
		return nil, fmt.Errorf("pattern %q mixes && and || without parentheses", pattern)
	}
	sep := "&&"
	if hasOr {
		sep = "||"
	}
	j := joined{and: !hasOr}
	for _, part := range strings.Split(body, sep) {
		c, err := compileTerm(strings.TrimSpace(part))
		if err != nil {
			return nil, fmt.Errorf("pattern %q: %w", pattern, err)
		}
		j.parts = append(j.parts, c)
	}
	return j, nil
}

func compileTerm(s string) (Filter, error) {
	m := term.FindStringSubmatch(s)
	if m == nil {
		return nil, fmt.Errorf("%q is not a comparison of a $.field with a string", s)
	}
	value := m[3]
	if m[4] != "" {
		value = m[4]
	}
	value = strings.ReplaceAll(value, `\"`, `"`)
	c := comparison{path: strings.Split(m[1][1:], "."), negate: m[2] == "!=", value: value}
	if strings.HasSuffix(c.value, "*") {
		c.prefix, c.value = true, strings.TrimSuffix(c.value, "*")
	}
	return c, nil
}

func (c comparison) Match(line string) bool {
	var doc map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(line)), &doc); err != nil {
		return false // selectors match JSON events only
	}
	var cur any = doc
	for _, key := range c.path {
		obj, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = obj[key]; !ok {
			return false
		}
	}
	var got string
	switch v := cur.(type) {
	case string:
		got = v
	default:
		b, _ := json.Marshal(v)
		got = string(b)
	}
	eq := got == c.value || (c.prefix && strings.HasPrefix(got, c.value))
	return eq != c.negate
}

func (j joined) Match(line string) bool {
	for _, p := range j.parts {
		if p.Match(line) != j.and {
			return !j.and
		}
	}
	return j.and
}
