package alarmmath

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

func TestTheSubsetEvaluatesAsCloudWatchDocuments(t *testing.T) {
	e, err := Parse("IF(FILL(desired, 0) > 0, IF(FILL(healthy, 0) < 1, 1, 0), 0)")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		values map[string]float64
		want   float64
	}{
		{map[string]float64{"desired": 1, "healthy": 0}, 1},
		{map[string]float64{"desired": 1}, 1}, // no healthy data point: FILL gives 0
		{map[string]float64{"desired": 1, "healthy": 1}, 0},
		{map[string]float64{"desired": 0, "healthy": 0}, 0},
		{map[string]float64{}, 0}, // neither metric reports: no tasks desired
	}
	for _, c := range cases {
		if got := e.Eval(c.values); got != c.want {
			t.Errorf("with %v the expression gives %v, want %v", c.values, got, c.want)
		}
	}
	if got := (Alarm{Threshold: 1, Comparison: "LessThanThreshold", EvaluationPeriods: 2, TreatMissing: "breaching"}).Firing([]float64{1, math.NaN(), math.NaN()}); got[0] || got[1] || !got[2] {
		t.Errorf("missing data treated as breaching fires after two periods; got %v", got)
	}
}

func TestFunctionsOutsideTheSubsetAreRefused(t *testing.T) {
	for _, expr := range []string{"SUM(METRICS())", "IF(a, b)", "FILL(a, 0", "a +", "RATE(m1)"} {
		if _, err := Parse(expr); err == nil {
			t.Errorf("Parse(%q) succeeded; an unsupported expression must be refused, not guessed", expr)
		}
	}
}

// plannedAlarm reads an alarm from an example's offline plan (testdata/plans, make fixtures).
func plannedAlarm(t *testing.T, plan, address string) (Alarm, map[string]any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "plans", plan))
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				After map[string]any `json:"after"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	for _, rc := range p.ResourceChanges {
		if rc.Address != address {
			continue
		}
		v := rc.Change.After
		a := Alarm{Comparison: v["comparison_operator"].(string), TreatMissing: v["treat_missing_data"].(string)}
		a.Threshold, _ = v["threshold"].(float64)
		periods, _ := v["evaluation_periods"].(float64)
		a.EvaluationPeriods = int(periods)
		if m, ok := v["datapoints_to_alarm"].(float64); ok {
			a.DatapointsToAlarm = int(m)
		}
		return a, v
	}
	t.Fatalf("%s is not in %s", address, plan)
	return Alarm{}, nil
}

// returnedExpression is the metric query whose data the alarm evaluates.
func returnedExpression(t *testing.T, v map[string]any) Expr {
	t.Helper()
	queries, _ := v["metric_query"].([]any)
	for _, q := range queries {
		m := q.(map[string]any)
		if m["return_data"] == true {
			e, err := Parse(m["expression"].(string))
			if err != nil {
				t.Fatal(err)
			}
			return e
		}
	}
	t.Fatal("the alarm returns no metric math expression")
	return nil
}

// minute is one period of the simulated timeline: what each metric reported (absent = no data).
type minute map[string]float64

func run(t *testing.T, a Alarm, e Expr, timeline []minute) []bool {
	t.Helper()
	series := make([]float64, len(timeline))
	for i, m := range timeline {
		series[i] = e.Eval(m)
	}
	return a.Firing(series)
}

// TestTheWorkingHoursOutageAlarmStaysQuietAtTheMorningStart runs examples/dev's planned
// no-healthy-targets alarm (working hours) over a morning: stopped overnight, the start action at
// 09:00, the first task healthy five minutes later (Spot placement, image pull, 60 s grace, two
// health checks 10 s apart). It must stay quiet, and must fire for a real outage in the day.
func TestTheWorkingHoursOutageAlarmStaysQuietAtTheMorningStart(t *testing.T) {
	a, v := plannedAlarm(t, "dev.json", "module.bridge.aws_cloudwatch_metric_alarm.no_healthy_targets[0]")
	e := returnedExpression(t, v)

	var morning []minute
	for i := 0; i < 10; i++ { // 08:50-08:59: nothing desired; the target group has no targets
		morning = append(morning, minute{"desired": 0})
	}
	for i := 0; i < 5; i++ { // 09:00-09:04: one task desired, not yet healthy
		morning = append(morning, minute{"desired": 1, "healthy": 0})
	}
	for i := 0; i < 20; i++ { // from 09:05: healthy
		morning = append(morning, minute{"desired": 1, "healthy": 1})
	}
	for i, firing := range run(t, a, e, morning) {
		if firing {
			t.Fatalf("the alarm fires at minute %d of a normal morning start (%+v)", i, a)
		}
	}

	var outage []minute
	for i := 0; i < 10; i++ {
		outage = append(outage, minute{"desired": 1, "healthy": 1})
	}
	for i := 0; i < 15; i++ { // the task is gone and nothing replaces it healthily
		outage = append(outage, minute{"desired": 1, "healthy": 0})
	}
	fired := run(t, a, e, outage)
	if !fired[len(fired)-1] {
		t.Fatalf("the alarm stays quiet through 15 minutes without a healthy task (%+v)", a)
	}
	for i := 0; i < 10+a.EvaluationPeriods-1; i++ {
		if fired[i] {
			t.Errorf("the alarm fires at minute %d, before %d minutes of outage", i, a.EvaluationPeriods)
		}
	}
}

// TestTheAroundTheClockAlarmFiresWhenTargetsStopReporting: without working hours, no data means no
// target reports in, which is the outage itself.
func TestTheAroundTheClockAlarmFiresWhenTargetsStopReporting(t *testing.T) {
	a, v := plannedAlarm(t, "complete.json", "module.bridge.aws_cloudwatch_metric_alarm.no_healthy_targets[0]")
	if v["metric_name"] != "HealthyHostCount" {
		t.Fatalf("the around-the-clock alarm watches %v, want HealthyHostCount", v["metric_name"])
	}
	series := []float64{1, 1, 1, Missing, Missing, Missing}
	fired := a.Firing(series)
	if !fired[len(fired)-1] {
		t.Errorf("the alarm stays quiet when HealthyHostCount stops reporting (%+v)", a)
	}
}
