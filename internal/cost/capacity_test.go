package cost

import (
	"strings"
	"testing"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/tfplan"
	"terraform-basemachina-modules/test/testfiles"
)

func service(strategy ...map[string]any) tfplan.Planned {
	blocks := make([]any, len(strategy))
	for i, s := range strategy {
		blocks[i] = s
	}
	return tfplan.Planned{Type: "aws_ecs_service", After: map[string]any{"capacity_provider_strategy": blocks}}
}

func TestSpotShareFollowsBaseThenWeights(t *testing.T) {
	cases := []struct {
		name  string
		svc   tfplan.Planned
		tasks float64
		want  float64
	}{
		{"launch type", service(), 2, 0},
		{"spot alone", service(map[string]any{"capacity_provider": "FARGATE_SPOT", "base": 0.0, "weight": 1.0}), 1, 1},
		{"one on-demand base, rest on spot", service(
			map[string]any{"capacity_provider": "FARGATE", "base": 1.0, "weight": 0.0},
			map[string]any{"capacity_provider": "FARGATE_SPOT", "base": 0.0, "weight": 1.0}), 4, 0.75},
		{"base covers every task", service(
			map[string]any{"capacity_provider": "FARGATE", "base": 2.0, "weight": 1.0},
			map[string]any{"capacity_provider": "FARGATE_SPOT", "base": 0.0, "weight": 3.0}), 2, 0},
		{"even split", service(
			map[string]any{"capacity_provider": "FARGATE", "base": 0.0, "weight": 1.0},
			map[string]any{"capacity_provider": "FARGATE_SPOT", "base": 0.0, "weight": 1.0}), 2, 0.5},
	}
	for _, c := range cases {
		if got := spotShare(c.svc, c.tasks); got != c.want {
			t.Errorf("%s: spot share %g, want %g", c.name, got, c.want)
		}
	}
}

func TestWeeklyHoursOfAWorkingHoursSchedule(t *testing.T) {
	cases := []struct {
		start, stop string
		want        float64
		ok          bool
	}{
		{"cron(0 9 ? * MON-FRI *)", "cron(0 20 ? * MON-FRI *)", 55, true},
		{"cron(30 8 ? * MON,WED,FRI *)", "cron(0 18 ? * MON,WED,FRI *)", 28.5, true},
		{"cron(0 0 ? * * *)", "cron(0 12 ? * * *)", 84, true},
		{"cron(0 9 ? * MON-FRI *)", "cron(0 20 ? * MON-THU *)", 0, false}, // different days
		{"cron(0 20 ? * MON-FRI *)", "cron(0 9 ? * MON-FRI *)", 0, false}, // overnight is not read
		{"cron(0 9 1 * ? *)", "cron(0 20 1 * ? *)", 0, false},             // day of month
	}
	for _, c := range cases {
		got, ok := weeklyHours(c.start, c.stop)
		if ok != c.ok || got != c.want {
			t.Errorf("weeklyHours(%s, %s) = %g, %v; want %g, %v", c.start, c.stop, got, ok, c.want, c.ok)
		}
	}
}

// The development profile's plan is priced with its NAT instance, its Spot task for the scheduled
// hours, and no NAT gateway.
func TestDevProfilePricesTheNATInstanceSpotAndSchedule(t *testing.T) {
	plan, err := testfiles.LoadPlan("dev")
	if err != nil {
		t.Fatal(err)
	}
	e, err := FromPlan(plan, "ap-northeast-1", DefaultAssumptions())
	if err != nil {
		t.Fatal(err)
	}
	p := Prices().Regions["ap-northeast-1"]
	want := map[string]float64{
		"EC2 t4g.nano x1 (NAT instance)": round2(p.EC2InstanceHour["t4g.nano"] * 730),
		"EBS gp3 8 GB x1":                round2(8 * p.EBSGP3GBMonth),
		// 0.25 vCPU and 0.5 GB at 30 % of the on-demand price for 55 of 168 hours.
		"Fargate Spot 1 task(s) x 0.25 vCPU / 0.5 GB, 70 % off (assumed), 55 h/week (schedule)": round2((0.25*p.FargateVCPUHour + 0.5*p.FargateGBHour) * 730 * 0.3 * 55 / 168),
	}
	found := map[string]bool{}
	for _, l := range e.Lines {
		if w, ok := want[l.Item]; ok {
			found[l.Item] = true
			if l.Monthly != w {
				t.Errorf("%s: %.2f USD, want %.2f", l.Item, l.Monthly, w)
			}
		}
		if l.Type == "aws_nat_gateway" || strings.HasPrefix(l.Item, "Fargate 1 task") {
			t.Errorf("the development profile has no NAT gateway or on-demand task, got %s", l.Item)
		}
	}
	for item := range want {
		if !found[item] {
			t.Errorf("no line %q in the estimate", item)
		}
	}
	var buf strings.Builder
	WriteText(&buf, e, i18n.Japanese)
	if !strings.Contains(buf.String(), "NAT インスタンス") || !strings.Contains(buf.String(), "週 55 時間") {
		t.Errorf("wanted the Japanese lines for the NAT instance and the schedule, got:\n%s", buf.String())
	}
}
