package diagnose

import (
	"context"
	"time"

	"terraform-basemachina-modules/internal/i18n"
)

// Status of one check.
type Status string

// Check outcomes.
const (
	Pass Status = "pass"
	Warn Status = "warn"
	Fail Status = "fail"
	Skip Status = "skip"
)

// Result is one check's verdict, with what to do when it did not pass.
type Result struct {
	Check       string   `json:"check"`
	Status      Status   `json:"status"`
	Summary     string   `json:"summary"`
	Details     []string `json:"details,omitempty"`
	Remediation string   `json:"remediation,omitempty"`
}

// Doctor runs the checks.
type Doctor struct {
	Clients Clients
	Stack   Stack
	Lang    i18n.Lang
	Now     func() time.Time
}

func (d *Doctor) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// Run performs every check in order: service, stopped tasks, targets, security groups, routes,
// endpoints, pull-through cache, certificate, DNS, logs.
func (d *Doctor) Run(ctx context.Context) []Result {
	checks := []func(context.Context) Result{
		d.checkService,
		d.checkStoppedTasks,
		d.checkTargets,
		d.checkSecurityGroups,
		d.checkRoutes,
		d.checkEndpoints,
		d.checkPullThroughCache,
		d.checkCertificate,
		d.checkDNS,
		d.checkLogs,
	}
	results := make([]Result, 0, len(checks))
	for _, c := range checks {
		results = append(results, c(ctx))
	}
	return results
}

// Healthy runs only the checks that tell whether the Bridge serves: service and targets (--wait).
func (d *Doctor) Healthy(ctx context.Context) (bool, []Result) {
	rs := []Result{d.checkService(ctx), d.checkTargets(ctx)}
	return rs[0].Status == Pass && rs[1].Status == Pass, rs
}

// Failed reports whether any result failed.
func Failed(rs []Result) bool {
	for _, r := range rs {
		if r.Status == Fail {
			return true
		}
	}
	return false
}

func (d *Doctor) apiError(check string, err error) Result {
	return Result{Check: check, Status: Fail,
		Summary:     d.Lang.S("The AWS API call failed: ") + err.Error(),
		Remediation: d.Lang.S("Check the credentials, the region and read permissions (for example ReadOnlyAccess)."),
	}
}
