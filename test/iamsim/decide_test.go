package iamsim

import (
	"encoding/json"
	"errors"
	"testing"
)

// The simulator runs once per distinct question: the same principals and requests again are
// answered from the first run, a changed policy or request runs it again, and a failed run is
// not kept.
func TestTheSimulatorRunsOncePerDistinctQuestion(t *testing.T) {
	real := runSimulator
	t.Cleanup(func() { runSimulator = real })
	runs := 0
	fail := false
	runSimulator = func(input []byte) ([]Result, error) {
		runs++
		if fail {
			return nil, errors.New("node failed")
		}
		var in struct {
			Requests []Request `json:"requests"`
		}
		if err := json.Unmarshal(input, &in); err != nil {
			t.Fatal(err)
		}
		out := make([]Result, len(in.Requests))
		for i, r := range in.Requests {
			out[i] = Result{ID: r.ID, Decision: "Allowed"}
		}
		return out, nil
	}
	principals := func(action string) map[string]Principal {
		return map[string]Principal{"execution": {ARN: "arn:aws:iam::123456789012:role/decide-test", Identity: []Policy{{Name: "p",
			Policy: json.RawMessage(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"` + action + `","Resource":"*"}]}`)}}}}
	}
	reqs := []Request{{ID: 7, Principal: "execution", Action: "ecr:GetAuthorizationToken", Resource: "*"}}

	for i := 0; i < 3; i++ {
		got, err := Simulate(principals("ecr:GetAuthorizationToken"), reqs)
		if err != nil || len(got) != 1 || got[0].ID != 7 || got[0].Decision != "Allowed" {
			t.Fatalf("answer %d: %+v %v", i, got, err)
		}
	}
	if runs != 1 {
		t.Errorf("the same question three times ran the simulator %d times, want 1", runs)
	}
	if _, err := Simulate(principals("ecr:*"), reqs); err != nil || runs != 2 {
		t.Errorf("a changed policy ran the simulator %d times in all (err %v), want 2", runs, err)
	}
	other := []Request{{ID: 7, Principal: "execution", Action: "logs:CreateLogStream", Resource: "*"}}
	fail = true
	if _, err := Simulate(principals("ecr:*"), other); err == nil {
		t.Fatal("a failed run gave an answer")
	}
	fail = false
	if _, err := Simulate(principals("ecr:*"), other); err != nil || runs != 4 {
		t.Errorf("after a failed run the question ran the simulator %d times in all (err %v), want 4", runs, err)
	}
}
