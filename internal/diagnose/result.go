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
	// Failure is the classified error of an AWS call the check could not make; nil when AWS answered.
	Failure *Failure `json:"failure,omitempty"`
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

// apiError reports a check whose AWS call failed, by the failure's class: the network (the
// machine does not reach AWS), the credentials (AWS does not accept them), the authorization (the
// role may not make the call: the operator policy names what it needs), or another error, whose
// text is AWS's. Only the last shows the SDK's chain in the summary; English output keeps it as a
// detail of every class, and the JSON output in the failure's error.
func (d *Doctor) apiError(check string, err error) Result {
	f := ClassifyError(err)
	r := Result{Check: check, Status: Fail, Failure: f}
	l := d.Lang
	switch f.Class {
	case Network:
		r.Summary = l.Sprintf("Cannot reach AWS (network): %v", f.Cause())
		r.Remediation = l.Sprintf("Check the proxy (HTTPS_PROXY, NO_PROXY), the VPN, AWS_ENDPOINT_URL and the region (%s): this machine must reach the AWS endpoints over HTTPS.", d.Stack.Region)
		if f.Kind == KindTLS {
			r.Remediation += " " + l.S("A proxy that inspects TLS needs its certificate authority in AWS_CA_BUNDLE.")
		}
	case Credentials:
		r.Summary = l.Sprintf("The AWS credentials failed: %v", f.Cause())
		r.Remediation = l.S("Log in again (`aws sso login`), or check AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: the session may have expired, or the access key been deleted or mistyped.")
	case Authorization:
		r.Summary = l.Sprintf("Access denied: %v", f.Cause())
		if f.Principal != "" {
			r.Details = append(r.Details, l.Sprintf("caller: %s", f.Principal))
		}
		r.Remediation = l.S("Attach the bootstrap's operator policy `<name>-operator-<environment>` (the bootstrap output operator_policy_arns) to the role or permission set you run bridgectl with: it allows every call of doctor, logs and seed on that environment's stacks, whose names begin with its name_prefix.")
	default:
		r.Summary = l.S("The AWS API call failed: ") + err.Error()
		r.Remediation = l.S("Read AWS's answer above: a resource the outputs name may be gone, or the region may not be the stack's.")
		return r
	}
	if l == i18n.English {
		r.Details = append(r.Details, err.Error())
	}
	return r
}
