// Package alarmmath evaluates the part of CloudWatch metric math the modules' alarms use (IF, FILL,
// comparisons, numbers and metric ids) and the alarm's M-of-N rule, so a test can run a planned
// alarm over a simulated timeline. Semantics follow the CloudWatch User Guide, "Using metric math":
// comparisons give 1 or 0, IF(c, a, b) is a where c is non-zero, FILL(m, v) gives v where m has no
// data point. Anything else is refused rather than guessed.
package alarmmath

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Missing marks a period without a data point.
var Missing = math.NaN()

// Expr is a parsed expression.
type Expr interface {
	// Eval gives the value for one period; Missing where the expression has no data point.
	Eval(values map[string]float64) float64
}

type number float64
type metric string
type fill struct{ x, v Expr }
type ifExpr struct{ cond, then, other Expr }
type compare struct {
	op   string
	l, r Expr
}

func (n number) Eval(map[string]float64) float64 { return float64(n) }

func (m metric) Eval(values map[string]float64) float64 {
	v, ok := values[string(m)]
	if !ok {
		return Missing
	}
	return v
}

func (f fill) Eval(values map[string]float64) float64 {
	if x := f.x.Eval(values); !math.IsNaN(x) {
		return x
	}
	return f.v.Eval(values)
}

func (i ifExpr) Eval(values map[string]float64) float64 {
	c := i.cond.Eval(values)
	if math.IsNaN(c) {
		return Missing
	}
	if c != 0 {
		return i.then.Eval(values)
	}
	return i.other.Eval(values)
}

func (c compare) Eval(values map[string]float64) float64 {
	l, r := c.l.Eval(values), c.r.Eval(values)
	if math.IsNaN(l) || math.IsNaN(r) {
		return Missing
	}
	var holds bool
	switch c.op {
	case "<":
		holds = l < r
	case "<=":
		holds = l <= r
	case ">":
		holds = l > r
	case ">=":
		holds = l >= r
	case "==":
		holds = l == r
	case "!=":
		holds = l != r
	}
	if holds {
		return 1
	}
	return 0
}

// Parse reads an expression of the supported subset.
func Parse(s string) (Expr, error) {
	p := &parser{src: s}
	e, err := p.comparison()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos != len(p.src) {
		return nil, fmt.Errorf("unexpected %q at %d in %q", p.src[p.pos:], p.pos, s)
	}
	return e, nil
}

type parser struct {
	src string
	pos int
}

func (p *parser) space() {
	for p.pos < len(p.src) && p.src[p.pos] == ' ' {
		p.pos++
	}
}

func (p *parser) comparison() (Expr, error) {
	l, err := p.operand()
	if err != nil {
		return nil, err
	}
	p.space()
	for _, op := range []string{"<=", ">=", "==", "!=", "<", ">"} {
		if strings.HasPrefix(p.src[p.pos:], op) {
			p.pos += len(op)
			r, err := p.operand()
			if err != nil {
				return nil, err
			}
			return compare{op: op, l: l, r: r}, nil
		}
	}
	return l, nil
}

func (p *parser) operand() (Expr, error) {
	p.space()
	start := p.pos
	for p.pos < len(p.src) && (unicode.IsLetter(rune(p.src[p.pos])) || unicode.IsDigit(rune(p.src[p.pos])) || p.src[p.pos] == '_' || p.src[p.pos] == '.') {
		p.pos++
	}
	word := p.src[start:p.pos]
	if word == "" {
		return nil, fmt.Errorf("expected an operand at %d in %q", start, p.src)
	}
	if n, err := strconv.ParseFloat(word, 64); err == nil {
		return number(n), nil
	}
	p.space()
	if p.pos >= len(p.src) || p.src[p.pos] != '(' {
		return metric(word), nil
	}
	p.pos++
	var args []Expr
	for {
		a, err := p.comparison()
		if err != nil {
			return nil, err
		}
		args = append(args, a)
		p.space()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.src) && p.src[p.pos] == ')' {
			p.pos++
			break
		}
		return nil, fmt.Errorf("expected , or ) at %d in %q", p.pos, p.src)
	}
	switch {
	case word == "IF" && len(args) == 3:
		return ifExpr{args[0], args[1], args[2]}, nil
	case word == "FILL" && len(args) == 2:
		return fill{args[0], args[1]}, nil
	}
	return nil, fmt.Errorf("%s with %d arguments is not in the supported subset", word, len(args))
}

// Alarm is the evaluation rule of a metric alarm.
type Alarm struct {
	Threshold         float64
	Comparison        string // GreaterThanOrEqualToThreshold, LessThanThreshold, ...
	EvaluationPeriods int
	DatapointsToAlarm int    // 0 means EvaluationPeriods
	TreatMissing      string // notBreaching, breaching, ignore, missing
}

// breaches tells whether one period's value breaches the threshold.
func (a Alarm) breaches(v float64) bool {
	if math.IsNaN(v) {
		return a.TreatMissing == "breaching"
	}
	switch a.Comparison {
	case "GreaterThanOrEqualToThreshold":
		return v >= a.Threshold
	case "GreaterThanThreshold":
		return v > a.Threshold
	case "LessThanThreshold":
		return v < a.Threshold
	case "LessThanOrEqualToThreshold":
		return v <= a.Threshold
	}
	return false
}

// Firing returns, for each period, whether the alarm is in ALARM after it: at least
// DatapointsToAlarm of the last EvaluationPeriods periods breach.
func (a Alarm) Firing(series []float64) []bool {
	m := a.DatapointsToAlarm
	if m == 0 {
		m = a.EvaluationPeriods
	}
	out := make([]bool, len(series))
	for i := range series {
		if i+1 < a.EvaluationPeriods {
			continue
		}
		n := 0
		for _, v := range series[i+1-a.EvaluationPeriods : i+1] {
			if a.breaches(v) {
				n++
			}
		}
		out[i] = n >= m
	}
	return out
}
