// Package iampolicy evaluates identity-based IAM policy documents for one request, so tests can
// prove what a role can and cannot do from the policies a plan would attach to it. It follows the
// documented evaluation logic for one account: an explicit Deny wins, else an Allow is needed
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html). It
// knows the parts of the policy language these modules write: Action, NotAction, Resource and
// the String, Arn and Bool condition operators; anything else is an error, never a silent match.
package iampolicy

import (
	"encoding/json"
	"fmt"
	"path"
	"strings"
)

// Document is one policy document.
type Document struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement is one statement; single strings and lists both decode into the lists.
type Statement struct {
	Sid       string                         `json:"Sid"`
	Effect    string                         `json:"Effect"`
	Action    strings1                       `json:"Action"`
	NotAction strings1                       `json:"NotAction"`
	Resource  strings1                       `json:"Resource"`
	Condition map[string]map[string]strings1 `json:"Condition"`
}

type strings1 []string

func (s *strings1) UnmarshalJSON(data []byte) error {
	var one string
	if err := json.Unmarshal(data, &one); err == nil {
		*s = []string{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(data, &many); err != nil {
		return err
	}
	*s = many
	return nil
}

// Parse reads a policy document.
func Parse(doc string) (Document, error) {
	var d Document
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		return d, fmt.Errorf("not a policy document: %w", err)
	}
	return d, nil
}

// Request is one API call: the action, the resource ARN and the request's condition keys.
type Request struct {
	Action   string
	Resource string
	Context  map[string]string
}

// Decision is the outcome of an evaluation.
type Decision string

// The possible decisions.
const (
	Allowed       Decision = "allowed"
	ExplicitDeny  Decision = "explicitly denied"
	ImplicitDeny  Decision = "implicitly denied"
	DecisionError Decision = "error"
)

// Evaluate decides the request against every document attached to the principal.
func Evaluate(docs []Document, r Request) (Decision, error) {
	allowed := false
	for _, d := range docs {
		for _, s := range d.Statement {
			ok, err := s.matches(r)
			if err != nil {
				return DecisionError, fmt.Errorf("statement %q: %w", s.Sid, err)
			}
			if !ok {
				continue
			}
			if s.Effect == "Deny" {
				return ExplicitDeny, nil
			}
			allowed = true
		}
	}
	if allowed {
		return Allowed, nil
	}
	return ImplicitDeny, nil
}

func (s Statement) matches(r Request) (bool, error) {
	switch {
	case len(s.Action) > 0 && !anyMatch(s.Action, r.Action, true):
		return false, nil
	case len(s.NotAction) > 0 && anyMatch(s.NotAction, r.Action, true):
		return false, nil
	case !anyMatch(s.Resource, r.Resource, false):
		return false, nil
	}
	for op, keys := range s.Condition {
		for key, values := range keys {
			ok, err := condition(op, r.Context[key], hasKey(r.Context, key), values)
			if err != nil {
				return false, err
			}
			if !ok {
				return false, nil
			}
		}
	}
	return true, nil
}

func hasKey(ctx map[string]string, key string) bool {
	_, ok := ctx[key]
	return ok
}

// condition applies one operator; a key the request lacks matches no positive operator and every
// negated one, as IAM does.
func condition(op, value string, present bool, want []string) (bool, error) {
	base := strings.TrimSuffix(op, "IfExists")
	if !present && base != op {
		return true, nil
	}
	switch base {
	case "StringEquals", "ArnEquals", "Bool":
		return present && contains(want, value, false), nil
	case "StringNotEquals", "ArnNotEquals":
		return !present || !contains(want, value, false), nil
	case "StringLike", "ArnLike":
		return present && anyMatch(want, value, false), nil
	case "StringNotLike", "ArnNotLike":
		return !present || !anyMatch(want, value, false), nil
	}
	return false, fmt.Errorf("condition operator %s is not supported by this evaluator", op)
}

func contains(list []string, v string, fold bool) bool {
	for _, x := range list {
		if x == v || (fold && strings.EqualFold(x, v)) {
			return true
		}
	}
	return false
}

// anyMatch matches IAM wildcards (* and ?); actions compare without case, as IAM does.
func anyMatch(patterns []string, v string, fold bool) bool {
	for _, p := range patterns {
		if fold {
			p, v = strings.ToLower(p), strings.ToLower(v)
		}
		// path.Match treats / specially; IAM does not, so match on a /-free rewrite.
		ok, err := path.Match(strings.ReplaceAll(escape(p), "/", "\x00"), strings.ReplaceAll(v, "/", "\x00"))
		if err == nil && ok {
			return true
		}
	}
	return false
}

// escape keeps path.Match from reading [ and \ as pattern syntax: IAM has only * and ?.
func escape(p string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`).Replace(p)
}
