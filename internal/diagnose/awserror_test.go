package diagnose

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/ec2rolecreds"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/test/leakcheck"
)

// sdkSendFailure wraps a transport error the way the SDK does when a request cannot be sent:
// operation, retries, the HTTP response error with status 0, the send error and net/http's
// *url.Error, so that the classifier meets the chain it meets in the field.
func sdkSendFailure(service, operation, host string, cause error) error {
	return &smithy.OperationError{ServiceID: service, OperationName: operation, Err: &retry.MaxAttemptsError{Attempt: 3,
		Err: &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{
			Response: &smithyhttp.Response{Response: &http.Response{}},
			Err:      &smithyhttp.RequestSendError{Err: &url.Error{Op: "Post", URL: "https://" + host + "/", Err: cause}},
		}}}}
}

// sdkAPIFailure wraps an error AWS answered with, as the SDK does.
func sdkAPIFailure(service, operation string, status int, api smithy.APIError) error {
	return &smithy.OperationError{ServiceID: service, OperationName: operation,
		Err: &awshttp.ResponseError{RequestID: "req-1", ResponseError: &smithyhttp.ResponseError{
			Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}}, Err: api,
		}}}
}

const ecsHost = "ecs.ap-northeast-1.amazonaws.com"

func dial(err error) *net.OpError {
	return &net.OpError{Op: "dial", Net: "tcp", Addr: &net.TCPAddr{IP: net.IPv4(52, 119, 160, 1), Port: 443}, Err: err}
}

// One case per class and kind, each with the error values the SDK and the standard library build.
func TestClassifyErrorTellsEachClass(t *testing.T) {
	imdsDown := fmt.Errorf("get identity: get credentials: failed to refresh cached credentials, no EC2 IMDS role found, %w",
		&smithy.OperationError{ServiceID: "ec2imds", OperationName: "GetMetadata",
			Err: &url.Error{Op: "Get", URL: "http://169.254.169.254/latest/meta-data/iam/security-credentials/", Err: dial(syscall.EHOSTUNREACH)}})
	ssoDown := fmt.Errorf("get identity: get credentials: failed to refresh cached credentials, %w",
		sdkSendFailure("SSO", "GetRoleCredentials", "portal.sso.ap-northeast-1.amazonaws.com",
			&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "portal.sso.ap-northeast-1.amazonaws.com", IsNotFound: true}}))
	cases := []struct {
		name   string
		err    error
		class  Class
		kind   string
		host   string
		code   string
		action string
	}{
		{"DNS name not found", sdkSendFailure("ECS", "DescribeServices", ecsHost,
			&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: ecsHost, IsNotFound: true}}),
			Network, KindDNS, ecsHost, "", ""},
		{"DNS timeout", sdkSendFailure("ECS", "DescribeServices", ecsHost,
			&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "i/o timeout", Name: ecsHost, IsTimeout: true}}),
			Network, KindDNSTimeout, ecsHost, "", ""},
		{"connection refused", sdkSendFailure("ECS", "DescribeServices", "localhost:4566", dial(os.NewSyscallError("connect", syscall.ECONNREFUSED))),
			Network, KindRefused, "localhost:4566", "", ""},
		{"no route", sdkSendFailure("EC2", "DescribeRouteTables", "ec2.ap-northeast-1.amazonaws.com", dial(os.NewSyscallError("connect", syscall.ENETUNREACH))),
			Network, KindUnreachable, "ec2.ap-northeast-1.amazonaws.com", "", ""},
		{"no route to the host", sdkSendFailure("ECS", "DescribeServices", ecsHost, dial(os.NewSyscallError("connect", syscall.EHOSTUNREACH))),
			Network, KindUnreachable, ecsHost, "", ""},
		{"connection reset", sdkSendFailure("ECS", "DescribeServices", ecsHost, &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}),
			Network, KindReset, ecsHost, "", ""},
		// os.ErrDeadlineExceeded is net's own timeout of an I/O past its deadline.
		{"connection timeout", sdkSendFailure("ECS", "DescribeServices", ecsHost, dial(os.ErrDeadlineExceeded)),
			Network, KindTimeout, ecsHost, "", ""},
		// ETIMEDOUT is the kernel giving up on the connection, not a deadline of Go's.
		{"connection timed out by the system", sdkSendFailure("ECS", "DescribeServices", ecsHost, dial(os.NewSyscallError("connect", syscall.ETIMEDOUT))),
			Network, KindTimeout, ecsHost, "", ""},
		// A request that failed on its way with no cause of the other kinds is said as not sent.
		{"request not sent", sdkSendFailure("ECS", "DescribeServices", ecsHost, errors.New("http: server gave HTTP response to HTTPS client")),
			Network, KindSend, ecsHost, "", ""},
		{"unreachable proxy", sdkSendFailure("ECS", "DescribeServices", ecsHost,
			&net.OpError{Op: "proxyconnect", Net: "tcp", Err: &net.OpError{Op: "dial", Net: "tcp", Addr: &net.TCPAddr{IP: net.IPv4(10, 0, 0, 8), Port: 3128}, Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}}),
			Network, KindProxy, "10.0.0.8:3128", "", ""},
		{"TLS inspected by a proxy", sdkSendFailure("ECS", "DescribeServices", ecsHost, x509.UnknownAuthorityError{}),
			Network, KindTLS, ecsHost, "", ""},
		{"endpoint not resolved", &smithy.OperationError{ServiceID: "ECS", OperationName: "DescribeServices",
			Err: fmt.Errorf("failed to resolve service endpoint, %w", errors.New("endpoint rule error, Invalid Configuration: Missing Region"))},
			Network, KindEndpoint, "", "", ""},
		// SSO's portal not answering is the network, not an expired session: logging in would not help.
		{"SSO portal unreachable", ssoDown, Network, KindDNS, "portal.sso.ap-northeast-1.amazonaws.com", "", ""},
		// Instance metadata not answering off EC2 is the end of the credential chain, not the network.
		{"no credentials (instance metadata)", imdsDown, Credentials, "", "", "", ""},
		{"static credentials empty", &smithy.OperationError{ServiceID: "ECS", OperationName: "DescribeServices",
			Err: fmt.Errorf("get identity: get credentials: failed to refresh cached credentials, %w", &credentials.StaticCredentialsEmptyError{})},
			Credentials, "", "", "", ""},
		{"profile not found", &smithy.OperationError{ServiceID: "ECS", OperationName: "DescribeServices",
			Err: config.SharedConfigProfileNotExistError{Profile: "missing"}},
			Credentials, "", "", "", ""},
		{"credentials not retrieved (words only)", &smithy.OperationError{ServiceID: "ECS", OperationName: "DescribeServices",
			Err: errors.New("failed to retrieve credentials, the provider gave none")},
			Credentials, "", "", "", ""},
		{"expired token", sdkAPIFailure("ECS", "DescribeServices", 400, &smithy.GenericAPIError{Code: "ExpiredTokenException", Message: "The security token included in the request is expired"}),
			Credentials, "", "", "ExpiredTokenException", ""},
		{"unknown access key", sdkAPIFailure("EC2", "DescribeSubnets", 401, &smithy.GenericAPIError{Code: "AuthFailure", Message: "AWS was not able to validate the provided access credentials"}),
			Credentials, "", "", "AuthFailure", ""},
		{"invalid client token", sdkAPIFailure("Elastic Load Balancing v2", "DescribeTargetHealth", 403, &smithy.GenericAPIError{Code: "InvalidClientTokenId", Message: "The security token included in the request is invalid."}),
			Credentials, "", "", "InvalidClientTokenId", ""},
		{"signature does not match", sdkAPIFailure("Route 53", "ListResourceRecordSets", 403, &smithy.GenericAPIError{Code: "SignatureDoesNotMatch"}),
			Credentials, "", "", "SignatureDoesNotMatch", ""},
		{"access denied names the action", sdkAPIFailure("ECS", "DescribeServices", 400, &smithy.GenericAPIError{Code: "AccessDeniedException",
			Message: "User: arn:aws:sts::123456789012:assumed-role/operator/me is not authorized to perform: ecs:DescribeServices on resource: arn:aws:ecs:ap-northeast-1:123456789012:service/demo/demo-bridge because no identity-based policy allows the ecs:DescribeServices action"}),
			Authorization, "", "", "AccessDeniedException", "ecs:DescribeServices"},
		{"EC2 unauthorized operation", sdkAPIFailure("EC2", "DescribeRouteTables", 403, &smithy.GenericAPIError{Code: "UnauthorizedOperation",
			Message: "You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/me is not authorized to perform: ec2:DescribeRouteTables because no identity-based policy allows the ec2:DescribeRouteTables action"}),
			Authorization, "", "", "UnauthorizedOperation", "ec2:DescribeRouteTables"},
		// S3 says only "Access Denied": the action comes from the operation the SDK was making.
		{"access denied without an action", sdkAPIFailure("S3", "PutObject", 403, &smithy.GenericAPIError{Code: "AccessDenied", Message: "Access Denied"}),
			Authorization, "", "", "AccessDenied", "s3:PutObject"},
		{"authorization error", sdkAPIFailure("CloudWatch Logs", "FilterLogEvents", 403, &smithy.GenericAPIError{Code: "AuthorizationError"}),
			Authorization, "", "", "AuthorizationError", "logs:FilterLogEvents"},
		{"a resource that is gone", sdkAPIFailure("ECS", "DescribeServices", 400, &smithy.GenericAPIError{Code: "ClusterNotFoundException", Message: "Cluster not found."}),
			Other, "", "", "ClusterNotFoundException", ""},
		{"cancelled", &smithy.OperationError{ServiceID: "ECS", OperationName: "DescribeServices", Err: &smithy.CanceledError{Err: context.DeadlineExceeded}},
			Other, "", "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := ClassifyError(c.err)
			if f.Class != c.class || f.Kind != c.kind || f.Host != c.host || f.Code != c.code || f.Action != c.action {
				t.Errorf("wanted %s/%q host %q code %q action %q, got %s/%q host %q code %q action %q",
					c.class, c.kind, c.host, c.code, c.action, f.Class, f.Kind, f.Host, f.Code, f.Action)
			}
			if f.Error != c.err.Error() {
				t.Errorf("wanted the SDK's text kept, got %q", f.Error)
			}
			// The cause reads in Japanese with no English but what AWS named (hosts, codes, actions).
			if c.class != Other {
				if ja := i18n.Japanese.Error(f.Cause()); leakcheck.Phrase(ja) != "" || ja == i18n.English.Error(f.Cause()) {
					t.Errorf("wanted the cause in Japanese, got %q", ja)
				}
			}
		})
	}
}

// The principal AWS names in a refusal is shown, and the fix names the bootstrap's operator policy.
func TestAccessDeniedNamesTheActionAndTheOperatorPolicy(t *testing.T) {
	err := sdkAPIFailure("ECS", "DescribeServices", 400, &smithy.GenericAPIError{Code: "AccessDeniedException",
		Message: "User: arn:aws:sts::123456789012:assumed-role/operator/me is not authorized to perform: ecs:DescribeServices on resource: x"})
	for _, l := range []i18n.Lang{i18n.English, i18n.Japanese} {
		d := &Doctor{Stack: healthyStack(), Lang: l}
		r := d.apiError("ecs-service", err)
		if !strings.Contains(r.Summary, "ecs:DescribeServices") || !strings.Contains(strings.Join(r.Details, " "), "assumed-role/operator/me") {
			t.Errorf("%s: wanted the action and the caller, got %q %q", l, r.Summary, r.Details)
		}
		if !strings.Contains(r.Remediation, "<name>-operator-<environment>") || !strings.Contains(r.Remediation, "operator_policy_arns") {
			t.Errorf("%s: wanted the operator policy named, got %q", l, r.Remediation)
		}
		if strings.Contains(r.Remediation, "ReadOnlyAccess") {
			t.Errorf("%s: the fix is the operator policy, not ReadOnlyAccess: %q", l, r.Remediation)
		}
	}
}

// A network failure never blames the credentials, and the fix names the proxy, the VPN,
// AWS_ENDPOINT_URL and the region.
func TestNetworkFailureDoesNotBlameTheCredentials(t *testing.T) {
	err := sdkSendFailure("ECS", "DescribeServices", ecsHost, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: ecsHost, IsNotFound: true}})
	d := &Doctor{Stack: healthyStack(), Lang: i18n.English}
	r := d.apiError("ecs-service", err)
	if r.Failure.Class != Network || !strings.Contains(r.Summary, "Cannot reach AWS (network)") || !strings.Contains(r.Summary, ecsHost+" cannot be resolved") {
		t.Errorf("wanted a network summary naming the host, got %q", r.Summary)
	}
	for _, want := range []string{"HTTPS_PROXY", "VPN", "AWS_ENDPOINT_URL", "ap-northeast-1"} {
		if !strings.Contains(r.Remediation, want) {
			t.Errorf("wanted %q in the fix, got %q", want, r.Remediation)
		}
	}
	if strings.Contains(strings.ToLower(r.Summary+r.Remediation), "credential") {
		t.Errorf("a network failure blamed the credentials: %q %q", r.Summary, r.Remediation)
	}
}

// The classes hold for the errors the SDK itself returns: a real ECS client against a port that
// refuses, a server that answers AWS's refusal and expired-token errors, and a credential chain
// whose instance metadata is switched off.
func TestClassifyErrorOnTheSDKsOwnErrors(t *testing.T) {
	refused, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedAddr := refused.Addr().String()
	_ = refused.Close() // nothing listens there now: the dial is refused
	answer := func(code, message string) *httptest.Server {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.Header().Set("X-Amzn-Errortype", code)
			w.WriteHeader(http.StatusBadRequest)
			_, _ = fmt.Fprintf(w, `{"__type":%q,"message":%q}`, code, message)
		}))
		t.Cleanup(s.Close)
		return s
	}
	denied := answer("AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/operator/me is not authorized to perform: ecs:DescribeServices on resource: x")
	expired := answer("ExpiredTokenException", "The security token included in the request is expired")
	static := credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "")
	noIMDS := ec2rolecreds.New(func(o *ec2rolecreds.Options) {
		o.Client = imds.New(imds.Options{ClientEnableState: imds.ClientDisabled})
	})
	for _, c := range []struct {
		name     string
		endpoint string
		creds    aws.CredentialsProvider
		class    Class
		detail   string // the kind of a network failure, the code AWS answered with
	}{
		{"refused", "http://" + closedAddr, static, Network, KindRefused},
		{"denied", denied.URL, static, Authorization, "AccessDeniedException"},
		{"expired", expired.URL, static, Credentials, "ExpiredTokenException"},
		{"no credentials", denied.URL, noIMDS, Credentials, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			client := ecs.New(ecs.Options{Region: "ap-northeast-1", BaseEndpoint: aws.String(c.endpoint), Credentials: aws.NewCredentialsCache(c.creds),
				Retryer: retry.AddWithMaxAttempts(retry.NewStandard(), 1)})
			_, err := client.DescribeServices(context.Background(), &ecs.DescribeServicesInput{Cluster: aws.String("demo"), Services: []string{"demo-bridge"}})
			if err == nil {
				t.Fatal("wanted the call to fail")
			}
			if f := ClassifyError(err); f.Class != c.class || f.Kind+f.Code != c.detail {
				t.Errorf("wanted %s (%q), got %s (%q) for %v", c.class, c.detail, f.Class, f.Kind+f.Code, err)
			}
		})
	}
}

// failingAWS answers every call with one error, as AWS does when it cannot be reached.
type failingAWS struct{ err error }

func (f failingAWS) clients() Clients {
	return Clients{ECS: f, ELB: f, EC2: f, ACM: f, Route53: f, ECR: f, Logs: f}
}

func (f failingAWS) DescribeServices(context.Context, *ecs.DescribeServicesInput, ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error) {
	return nil, f.err
}

func (f failingAWS) ListTasks(context.Context, *ecs.ListTasksInput, ...func(*ecs.Options)) (*ecs.ListTasksOutput, error) {
	return nil, f.err
}

func (f failingAWS) DescribeTasks(context.Context, *ecs.DescribeTasksInput, ...func(*ecs.Options)) (*ecs.DescribeTasksOutput, error) {
	return nil, f.err
}

func (f failingAWS) DescribeTargetHealth(context.Context, *elbv2.DescribeTargetHealthInput, ...func(*elbv2.Options)) (*elbv2.DescribeTargetHealthOutput, error) {
	return nil, f.err
}

func (f failingAWS) DescribeSecurityGroupRules(context.Context, *ec2.DescribeSecurityGroupRulesInput, ...func(*ec2.Options)) (*ec2.DescribeSecurityGroupRulesOutput, error) {
	return nil, f.err
}

func (f failingAWS) DescribeRouteTables(context.Context, *ec2.DescribeRouteTablesInput, ...func(*ec2.Options)) (*ec2.DescribeRouteTablesOutput, error) {
	return nil, f.err
}

func (f failingAWS) DescribeSubnets(context.Context, *ec2.DescribeSubnetsInput, ...func(*ec2.Options)) (*ec2.DescribeSubnetsOutput, error) {
	return nil, f.err
}

func (f failingAWS) DescribeVpcEndpoints(context.Context, *ec2.DescribeVpcEndpointsInput, ...func(*ec2.Options)) (*ec2.DescribeVpcEndpointsOutput, error) {
	return nil, f.err
}

func (f failingAWS) DescribeCertificate(context.Context, *acm.DescribeCertificateInput, ...func(*acm.Options)) (*acm.DescribeCertificateOutput, error) {
	return nil, f.err
}

func (f failingAWS) ListResourceRecordSets(context.Context, *route53.ListResourceRecordSetsInput, ...func(*route53.Options)) (*route53.ListResourceRecordSetsOutput, error) {
	return nil, f.err
}

func (f failingAWS) DescribePullThroughCacheRules(context.Context, *ecr.DescribePullThroughCacheRulesInput, ...func(*ecr.Options)) (*ecr.DescribePullThroughCacheRulesOutput, error) {
	return nil, f.err
}

func (f failingAWS) FilterLogEvents(context.Context, *cloudwatchlogs.FilterLogEventsInput, ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.FilterLogEventsOutput, error) {
	return nil, f.err
}

// When AWS cannot be reached, every check fails as a network failure and SharedFailure finds the
// one cause; it finds none when a check got through or the checks failed for different reasons.
func TestSharedFailureWhenEveryCheckFailsAlike(t *testing.T) {
	dnsDown := func(host string) error {
		return sdkSendFailure("ECS", "DescribeServices", host, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}})
	}
	d := &Doctor{Clients: failingAWS{dnsDown(ecsHost)}.clients(), Stack: healthyStack(), Lang: i18n.English, Now: func() time.Time { return now }}
	rs := d.Run(context.Background())
	for _, r := range rs {
		if r.Status != Fail || r.Failure == nil || r.Failure.Class != Network {
			t.Errorf("%s: wanted a network failure, got %s %+v", r.Check, r.Status, r.Failure)
		}
	}
	shared := SharedFailure(rs)
	if shared == nil || shared.Failure.Kind != KindDNS || shared.Check != "ecs-service" {
		t.Fatalf("wanted the DNS failure shared by every check, got %+v", shared)
	}

	// Another host failing the same way is the same cause: no network reaches any endpoint.
	mixedHosts := append([]Result(nil), rs...)
	mixedHosts[1] = d.apiError("stopped-tasks", dnsDown("elasticloadbalancing.ap-northeast-1.amazonaws.com"))
	if SharedFailure(mixedHosts) == nil {
		t.Error("wanted one cause for the same DNS failure on two hosts")
	}
	// A check that passed means AWS was reached: no shared cause.
	onePassed := append([]Result(nil), rs...)
	onePassed[2] = Result{Check: "target-health", Status: Pass}
	if SharedFailure(onePassed) != nil {
		t.Error("wanted no shared cause when a check passed")
	}
	// Different kinds of failure are reported one by one.
	refused := append([]Result(nil), rs...)
	refused[0] = d.apiError("ecs-service", sdkSendFailure("ECS", "DescribeServices", ecsHost, dial(os.NewSyscallError("connect", syscall.ECONNREFUSED))))
	if SharedFailure(refused) != nil {
		t.Error("wanted no shared cause for different failures")
	}
	// Refusals are per action: never collapsed into one.
	deniedAll := &Doctor{Clients: failingAWS{sdkAPIFailure("ECS", "DescribeServices", 400, &smithy.GenericAPIError{Code: "AccessDeniedException"})}.clients(), Stack: healthyStack(), Lang: i18n.English, Now: func() time.Time { return now }}
	if SharedFailure(deniedAll.Run(context.Background())) != nil {
		t.Error("wanted refusals reported check by check")
	}
	// Checks that skip do not stand in the way.
	skipped := append([]Result(nil), rs...)
	skipped[3] = Result{Check: "security-groups", Status: Skip}
	if SharedFailure(skipped) == nil {
		t.Error("wanted a skipped check ignored")
	}
}
