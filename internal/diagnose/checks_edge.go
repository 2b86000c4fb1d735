package diagnose

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
)

func (d *Doctor) checkPullThroughCache(ctx context.Context) Result {
	const name = "pull-through-cache"
	if d.Stack.PullThroughCachePrefix == "" {
		return Result{Check: name, Status: Skip, Summary: d.Lang.S("Skipped: no pull-through cache in use")}
	}
	out, err := d.Clients.ECR.DescribePullThroughCacheRules(ctx, &ecr.DescribePullThroughCacheRulesInput{
		EcrRepositoryPrefixes: []string{d.Stack.PullThroughCachePrefix},
	})
	var notFound *ecrtypes.PullThroughCacheRuleNotFoundException
	if errors.As(err, &notFound) || (err == nil && len(out.PullThroughCacheRules) == 0) {
		return Result{Check: name, Status: Fail,
			Summary:     d.Lang.S("No pull-through cache rule for prefix: ") + d.Stack.PullThroughCachePrefix,
			Remediation: d.Lang.S("Create it with create_pull_through_cache_rule = true, or set pull_through_cache_prefix to an existing rule's prefix.")}
	}
	if err != nil {
		return d.apiError(name, err)
	}
	rule := out.PullThroughCacheRules[0]
	if aws.ToString(rule.UpstreamRegistryUrl) != "public.ecr.aws" {
		return Result{Check: name, Status: Fail,
			Summary:     fmt.Sprintf(d.Lang.S("Prefix %s caches %s, not public.ecr.aws"), d.Stack.PullThroughCachePrefix, aws.ToString(rule.UpstreamRegistryUrl)),
			Remediation: d.Lang.S("The Bridge image lives on public.ecr.aws: use another prefix.")}
	}
	return Result{Check: name, Status: Pass, Summary: d.Lang.S("Pull-through cache for public.ecr.aws: ") + d.Stack.PullThroughCachePrefix}
}

func (d *Doctor) checkCertificate(ctx context.Context) Result {
	const name = "certificate"
	if d.Stack.CertificateARN == "" {
		return Result{Check: name, Status: Skip, Summary: d.Lang.S("Skipped: certificate_arn not given")}
	}
	out, err := d.Clients.ACM.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String(d.Stack.CertificateARN)})
	if err != nil {
		return d.apiError(name, err)
	}
	c := out.Certificate
	switch c.Status {
	case acmtypes.CertificateStatusIssued:
	case acmtypes.CertificateStatusPendingValidation:
		return Result{Check: name, Status: Fail,
			Summary:     d.Lang.S("The certificate is pending DNS validation"),
			Remediation: d.Lang.S("Check that the Route 53 zone is authoritative for domain_name (the registrar's NS records); the module creates the validation record.")}
	default:
		return Result{Check: name, Status: Fail,
			Summary:     fmt.Sprintf(d.Lang.S("The certificate status is %s"), c.Status),
			Remediation: d.Lang.S("Issue or import a new certificate and apply.")}
	}
	if c.NotAfter != nil {
		left := c.NotAfter.Sub(d.now())
		days := int(left.Hours() / 24)
		if left <= 0 {
			return Result{Check: name, Status: Fail, Summary: d.Lang.S("The certificate has expired"),
				Remediation: d.Lang.S("Make a new one with `bridgectl cert`, or switch to an ACM-issued certificate (domain_name and route53_zone_id).")}
		}
		if left < 30*24*time.Hour && c.Type == acmtypes.CertificateTypeImported {
			return Result{Check: name, Status: Warn, Summary: fmt.Sprintf(d.Lang.S("The imported certificate expires in %d days"), days),
				Remediation: d.Lang.S("Imported certificates do not renew: remake it with `bridgectl cert --force`.")}
		}
		return Result{Check: name, Status: Pass, Summary: fmt.Sprintf(d.Lang.S("The certificate is valid (%d days left)"), days)}
	}
	return Result{Check: name, Status: Pass, Summary: d.Lang.S("The certificate is issued")}
}

func (d *Doctor) checkDNS(ctx context.Context) Result {
	const name = "dns-alias"
	if d.Stack.Route53ZoneID == "" || d.Stack.DomainName == "" {
		return Result{Check: name, Status: Skip, Summary: d.Lang.S("Skipped: no Route 53 record in use")}
	}
	out, err := d.Clients.Route53.ListResourceRecordSets(ctx, &route53.ListResourceRecordSetsInput{
		HostedZoneId: aws.String(d.Stack.Route53ZoneID), StartRecordName: aws.String(d.Stack.DomainName), StartRecordType: "A", MaxItems: aws.Int32(1),
	})
	if err != nil {
		return d.apiError(name, err)
	}
	normalize := func(s string) string {
		return strings.TrimPrefix(strings.TrimSuffix(strings.ToLower(s), "."), "dualstack.")
	}
	for _, rr := range out.ResourceRecordSets {
		if normalize(aws.ToString(rr.Name)) != normalize(d.Stack.DomainName) || rr.AliasTarget == nil {
			continue
		}
		if normalize(aws.ToString(rr.AliasTarget.DNSName)) == normalize(d.Stack.ALBDNSName) {
			return Result{Check: name, Status: Pass, Summary: d.Stack.DomainName + " -> " + d.Stack.ALBDNSName}
		}
		return Result{Check: name, Status: Fail,
			Summary:     fmt.Sprintf(d.Lang.S("%s points at %s instead"), d.Stack.DomainName, aws.ToString(rr.AliasTarget.DNSName)),
			Remediation: d.Lang.S("Look for a record changed by hand and restore it with terraform apply.")}
	}
	return Result{Check: name, Status: Fail,
		Summary:     fmt.Sprintf(d.Lang.S("No A alias record for %s"), d.Stack.DomainName),
		Remediation: d.Lang.S("Apply with create_route53_record = true.")}
}

// knownLogErrors are Bridge log fragments with what they mean.
func (d *Doctor) knownLogErrors() []struct{ pattern, meaning string } {
	return []struct{ pattern, meaning string }{
		{"pubkey", d.Lang.S("public-key fetch or refresh failed (egress to api.basemachina.com or BASEMACHINA_API_URL)")},
		{"tenant", d.Lang.S("tenant id mismatch (the TENANT_ID value)")},
		{"i/o timeout", d.Lang.S("connection timeout (security groups or the route to the data source)")},
		{"connection refused", d.Lang.S("connection refused (the data source's port or listener)")},
	}
}

func (d *Doctor) checkLogs(ctx context.Context) Result {
	const name = "logs"
	if d.Stack.LogGroupName == "" {
		return Result{Check: name, Status: Skip, Summary: d.Lang.S("Skipped: log_group_name not given")}
	}
	start := d.now().Add(-30 * time.Minute).UnixMilli()
	var details []string
	for _, k := range d.knownLogErrors() {
		out, err := d.Clients.Logs.FilterLogEvents(ctx, &cloudwatchlogs.FilterLogEventsInput{
			LogGroupName: aws.String(d.Stack.LogGroupName), StartTime: aws.Int64(start),
			FilterPattern: aws.String(fmt.Sprintf("%q", k.pattern)), Limit: aws.Int32(5),
		})
		if err != nil {
			return d.apiError(name, err)
		}
		for _, e := range out.Events {
			details = append(details, fmt.Sprintf("%s: %s", k.meaning, strings.TrimSpace(aws.ToString(e.Message))))
		}
	}
	if len(details) > 0 {
		return Result{Check: name, Status: Warn,
			Summary:     fmt.Sprintf(d.Lang.S("%d known error line(s) in the last 30 minutes of logs"), len(details)),
			Details:     details,
			Remediation: d.Lang.S("Follow each meaning: NAT egress, the TENANT_ID value, or the security groups to the data source.")}
	}
	return Result{Check: name, Status: Pass, Summary: d.Lang.S("No known error in the last 30 minutes of logs")}
}
