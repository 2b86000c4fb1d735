package cli

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/logging"

	"terraform-basemachina-modules/internal/diagnose"
	"terraform-basemachina-modules/internal/i18n"
)

type langKey struct{}

// withLang carries the output language to code that has only a context, such as the AWS loader.
func withLang(ctx context.Context, l i18n.Lang) context.Context {
	return context.WithValue(ctx, langKey{}, l)
}

func langOf(ctx context.Context) i18n.Lang {
	if l, ok := ctx.Value(langKey{}).(i18n.Lang); ok {
		return l
	}
	return i18n.Japanese
}

// credentialTimeout bounds the credential chain (profiles, SSO, web identity, container, IMDS).
const credentialTimeout = 10 * time.Second

// loadAWSConfig loads the default configuration and proves, before any AWS call, that it has a
// region and credentials. Without them every check would fail with the same long SDK chain, so
// this stops first with one sentence naming the fix, as a usage error (exit 2). The SDK's own
// logging (such as the IMDSv1 fallback warning) is silenced: the sentence says what matters.
func loadAWSConfig(ctx context.Context, region string) (aws.Config, error) {
	l := langOf(ctx)
	opts := []func(*config.LoadOptions) error{config.WithLogger(logging.Nop{}), config.WithClientLogMode(0)}
	if region != "" {
		opts = append(opts, config.WithRegion(region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, usagef("Cannot read the AWS configuration (%v): check ~/.aws/config and AWS_PROFILE.", firstLine(err))
	}
	if cfg.Region == "" {
		return aws.Config{}, usagef("No AWS region: add --region, or set AWS_REGION (or the profile's region).")
	}
	rctx, cancel := context.WithTimeout(ctx, credentialTimeout)
	defer cancel()
	if _, err := cfg.Credentials.Retrieve(rctx); err != nil {
		return aws.Config{}, credentialError(err, l)
	}
	return cfg, nil
}

// credentialError turns a failed credential chain into the one fix that applies. A chain that
// failed because it could not reach AWS (SSO's portal, STS, a container's credential endpoint
// behind a proxy or a VPN that is down) is a network problem, said as such: logging in again
// would not fix it. Instance metadata that does not answer is not one (diagnose.ClassifyError):
// off EC2 it only means that no other link of the chain had credentials.
func credentialError(err error, l i18n.Lang) error {
	if f := diagnose.ClassifyError(err); f.Class == diagnose.Network {
		return usagef("Cannot reach AWS for the credentials (network): %v. Check the proxy (HTTPS_PROXY, NO_PROXY), the VPN and AWS_ENDPOINT_URL.", f.Cause())
	}
	msg := strings.ToLower(err.Error())
	if strings.Contains(msg, "sso") {
		return usagef("Your AWS SSO session has expired or never started: run `aws sso login` (with `--profile <name>` for a profile), then run this again.")
	}
	if errors.Is(err, context.DeadlineExceeded) || strings.Contains(msg, "expired") {
		return usagef("The AWS credentials could not be fetched (expired or no answer): log in again with `aws sso login`, or check AWS_PROFILE.")
	}
	return usagef("No AWS credentials found: run `aws sso login --profile <name>` and set AWS_PROFILE=<name>, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.")
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}
