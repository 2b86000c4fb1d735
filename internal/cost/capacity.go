package cost

import (
	"regexp"
	"strconv"
	"strings"

	"terraform-basemachina-modules/internal/tfplan"
)

// spotShare is the expected share of a service's tasks on FARGATE_SPOT: the base tasks go first to
// the provider that has the base, the rest split by weight (the ECS capacity provider strategy).
func spotShare(svc tfplan.Planned, tasks float64) float64 {
	strategy := svc.Blocks("capacity_provider_strategy")
	if len(strategy) == 0 || tasks <= 0 {
		return 0
	}
	var spotBase, otherBase, spotWeight, totalWeight float64
	for _, s := range strategy {
		base, weight := parseNum(s["base"]), parseNum(s["weight"])
		if s["capacity_provider"] == "FARGATE_SPOT" {
			spotBase, spotWeight = base, weight
		} else {
			otherBase += base
		}
		totalWeight += weight
	}
	based := min(tasks, spotBase+otherBase)
	spot := min(spotBase, based)
	if rest := tasks - based; rest > 0 && totalWeight > 0 {
		spot += rest * spotWeight / totalWeight
	}
	return spot / tasks
}

// scheduledShare is the share of the week a scheduled service runs, read from the start and stop
// scheduled actions of its module, and whether a schedule was found and understood.
func scheduledShare(resources []tfplan.Planned, svc tfplan.Planned) (share float64, found, understood bool) {
	var start, stop string
	for _, r := range resources {
		if r.Type != "aws_appautoscaling_scheduled_action" || r.Module != svc.Module {
			continue
		}
		for _, t := range r.Blocks("scalable_target_action") {
			if parseNum(t["max_capacity"]) == 0 {
				stop = r.Str("schedule")
			} else {
				start = r.Str("schedule")
			}
		}
	}
	if start == "" || stop == "" {
		return 1, false, false
	}
	h, ok := weeklyHours(start, stop)
	if !ok {
		return 1, true, false
	}
	return h / (7 * 24), true, true
}

var cronExpr = regexp.MustCompile(`^cron\((\d+) (\d+) \? \* ([A-Z,\-*]+) \*\)$`)

// weeklyHours reads the common form of a working-hours pair, "cron(M H ? * DAYS *)" for start and
// stop on the same days: hours a day times the days in a week.
func weeklyHours(start, stop string) (float64, bool) {
	a, b := cronExpr.FindStringSubmatch(start), cronExpr.FindStringSubmatch(stop)
	if a == nil || b == nil || a[3] != b[3] {
		return 0, false
	}
	at := func(m []string) float64 {
		mm, _ := strconv.Atoi(m[1])
		hh, _ := strconv.Atoi(m[2])
		return float64(hh) + float64(mm)/60
	}
	daily := at(b) - at(a)
	days := countDays(a[3])
	if daily <= 0 || days == 0 {
		return 0, false
	}
	return daily * float64(days), true
}

var weekdays = map[string]int{"SUN": 0, "MON": 1, "TUE": 2, "WED": 3, "THU": 4, "FRI": 5, "SAT": 6}

func countDays(field string) int {
	if field == "*" {
		return 7
	}
	days := map[int]bool{}
	for _, part := range strings.Split(field, ",") {
		from, to, isRange := strings.Cut(part, "-")
		f, ok1 := weekdays[from]
		if !isRange {
			if !ok1 {
				return 0
			}
			days[f] = true
			continue
		}
		t, ok2 := weekdays[to]
		if !ok1 || !ok2 || t < f {
			return 0
		}
		for d := f; d <= t; d++ {
			days[d] = true
		}
	}
	return len(days)
}

// launchTemplateFor finds the launch template an Auto Scaling group of the same module uses.
func launchTemplateFor(resources []tfplan.Planned, asg tfplan.Planned) (tfplan.Planned, bool) {
	for _, r := range resources {
		if r.Type == "aws_launch_template" && r.Module == asg.Module {
			return r, true
		}
	}
	return tfplan.Planned{}, false
}
