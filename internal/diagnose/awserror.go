package diagnose

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/url"
	"regexp"
	"strings"
	"syscall"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/processcreds"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"terraform-basemachina-modules/internal/i18n"
)

// Class says why an AWS call failed, which decides what the operator has to fix: the network
// between this machine and AWS, the credentials, the role's permissions, or something else.
type Class string

// The classes of a failed AWS call.
const (
	Network       Class = "network"
	Credentials   Class = "credentials"
	Authorization Class = "authorization"
	Other         Class = "other"
)

// The kinds of network failure: they name what to look at (DNS, the proxy, TLS inspection...).
const (
	KindDNS         = "dns"
	KindDNSTimeout  = "dns-timeout"
	KindProxy       = "proxy"
	KindTLS         = "tls"
	KindRefused     = "refused"
	KindUnreachable = "unreachable"
	KindReset       = "reset"
	KindTimeout     = "timeout"
	KindEndpoint    = "endpoint"
	KindSend        = "send"
)

// Failure is a failed AWS call, classified. Error keeps the SDK's text as it came (English);
// the other fields are what the diagnosis is written from.
type Failure struct {
	Class     Class  `json:"class"`
	Kind      string `json:"kind,omitempty"`      // network only: one of the Kind constants
	Host      string `json:"host,omitempty"`      // network only: the endpoint or proxy that failed
	Code      string `json:"code,omitempty"`      // the error code AWS answered with
	Action    string `json:"action,omitempty"`    // authorization only: the IAM action refused
	Principal string `json:"principal,omitempty"` // authorization only: who was refused
	Operation string `json:"operation,omitempty"` // the SDK's service and operation
	Error     string `json:"error"`
}

// credentialCodes are the codes AWS answers with when it does not accept the credentials
// themselves: unknown, deleted or expired keys, a wrong secret, a session past its end.
var credentialCodes = map[string]bool{
	"InvalidClientTokenId": true, "SignatureDoesNotMatch": true, "ExpiredToken": true, "ExpiredTokenException": true,
	"UnrecognizedClientException": true, "InvalidSignatureException": true, "IncompleteSignature": true,
	"MissingAuthenticationToken": true, "MissingAuthenticationTokenException": true, "AuthFailure": true,
	"InvalidAccessKeyId": true, "RequestExpired": true, "TokenRefreshRequired": true, "InvalidToken": true,
}

// authorizationCode reports the codes of a call the credentials were good for but the role may
// not make: AccessDenied and AccessDeniedException (most services), UnauthorizedOperation (EC2),
// AuthorizationError (SNS).
func authorizationCode(code string) bool {
	return strings.HasPrefix(code, "AccessDenied") || code == "UnauthorizedOperation" || code == "AuthorizationError"
}

// credentialServices answer for the credential chain (SSO, an assumed role, instance metadata):
// an error of theirs nested in a call is the credentials failing, not the call.
var credentialServices = map[string]bool{"SSO": true, "SSO OIDC": true, "STS": true}

// iamPrefix is the IAM service prefix of each SDK service the commands call, to name the action a
// refusal was about when AWS's message does not.
var iamPrefix = map[string]string{
	"ECS": "ecs", "Elastic Load Balancing v2": "elasticloadbalancing", "EC2": "ec2", "ACM": "acm", "Route 53": "route53",
	"ECR": "ecr", "CloudWatch Logs": "logs", "S3": "s3", "STS": "sts",
}

var (
	deniedAction    = regexp.MustCompile(`not authorized to perform:? ([A-Za-z0-9-]+:[A-Za-z0-9*]+)`)
	deniedPrincipal = regexp.MustCompile(`User: (arn:\S+) is not authorized`)
)

// ClassifyError tells a network failure from refused credentials and from a missing permission.
// It looks at the SDK's error types through the whole chain (errors.As), and only where the SDK
// has no type, at the fixed words of its own wrappers.
func ClassifyError(err error) *Failure {
	f := &Failure{Class: Other, Error: err.Error()}
	ops := operations(err)
	if len(ops) > 0 {
		f.Operation = ops[0].ServiceID + " " + ops[0].OperationName
	}
	nested := func(services map[string]bool) bool {
		for _, op := range ops[min(1, len(ops)):] {
			if services[op.ServiceID] {
				return true
			}
		}
		return false
	}
	// The call was cancelled (the wait's deadline, Ctrl-C): no cause of AWS's or the network's.
	var cancelled *smithy.CanceledError
	if errors.As(err, &cancelled) || errors.Is(err, context.Canceled) {
		return f
	}
	// Instance metadata is the last link of the credential chain: unreachable, it means that no
	// other link had credentials, not that the network is down.
	for _, op := range ops {
		if op.ServiceID == "ec2imds" {
			f.Class = Credentials
			return f
		}
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		f.Code = api.ErrorCode()
		switch {
		case nested(credentialServices) || credentialCodes[f.Code]:
			f.Class = Credentials
		case authorizationCode(f.Code):
			f.Class = Authorization
			msg := api.ErrorMessage()
			if m := deniedAction.FindStringSubmatch(msg); m != nil {
				f.Action = m[1]
			} else if len(ops) > 0 && iamPrefix[ops[0].ServiceID] != "" {
				f.Action = iamPrefix[ops[0].ServiceID] + ":" + ops[0].OperationName
			}
			if m := deniedPrincipal.FindStringSubmatch(msg); m != nil {
				f.Principal = m[1]
			}
		}
		return f
	}
	if kind, host := networkKind(err); kind != "" {
		f.Class, f.Kind, f.Host = Network, kind, host
		return f
	}
	if credentialRetrieval(err) {
		f.Class = Credentials
	}
	return f
}

// operations lists the SDK operations in err's chain, outermost first: a call whose credentials
// came from SSO holds the SSO operation inside its own.
func operations(err error) []*smithy.OperationError {
	var out []*smithy.OperationError
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		if op, ok := e.(*smithy.OperationError); ok { //nolint:errorlint // walking the chain by hand
			out = append(out, op)
		}
		switch u := e.(type) { //nolint:errorlint // walking the chain by hand
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				walk(inner)
			}
		}
	}
	walk(err)
	return out
}

// networkKind finds the network failure in err's chain and the host it was about, or "".
func networkKind(err error) (kind, host string) {
	host = requestHost(err)
	var op *net.OpError
	// net/http wraps the dial of the proxy HTTPS_PROXY names in "proxyconnect".
	if errors.As(err, &op) && op.Op == "proxyconnect" {
		var inner *net.OpError
		var dns *net.DNSError
		switch {
		case op.Addr != nil:
			host = op.Addr.String()
		case errors.As(op.Err, &inner) && inner.Addr != nil:
			host = inner.Addr.String()
		case errors.As(op.Err, &dns):
			host = dns.Name
		}
		return KindProxy, host
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		if dns.IsTimeout {
			return KindDNSTimeout, dns.Name
		}
		return KindDNS, dns.Name
	}
	if tlsFailure(err) {
		return KindTLS, host
	}
	if host == "" && op != nil && op.Addr != nil {
		host = op.Addr.String()
	}
	for _, e := range errnoKinds {
		if errors.Is(err, e.errno) {
			return e.kind, host
		}
	}
	var timeout interface{ Timeout() bool }
	if errors.As(err, &timeout) && timeout.Timeout() {
		return KindTimeout, host
	}
	// The SDK's endpoint resolution has no error type of its own; its wrapper's words are fixed.
	if strings.Contains(err.Error(), "failed to resolve service endpoint") {
		return KindEndpoint, ""
	}
	var send *smithyhttp.RequestSendError
	var u *url.Error
	if errors.As(err, &send) || op != nil || errors.As(err, &u) {
		return KindSend, host
	}
	return "", ""
}

// errnoKinds are the kinds of network failure a system call's error number tells, in the order
// they are looked for.
var errnoKinds = []struct {
	errno syscall.Errno
	kind  string
}{
	{syscall.ECONNREFUSED, KindRefused},
	{syscall.EHOSTUNREACH, KindUnreachable},
	{syscall.ENETUNREACH, KindUnreachable},
	{syscall.ECONNRESET, KindReset},
	{syscall.ETIMEDOUT, KindTimeout},
}

// requestHost is the host of the request that failed, from net/http's *url.Error.
func requestHost(err error) string {
	var u *url.Error
	if !errors.As(err, &u) {
		return ""
	}
	parsed, perr := url.Parse(u.URL)
	if perr != nil {
		return ""
	}
	return parsed.Host
}

// isA reports whether err's chain holds an error of type T.
func isA[T error](err error) bool {
	var target T
	return errors.As(err, &target)
}

// anyOf reports whether one of the tests holds for err.
func anyOf(err error, tests []func(error) bool) bool {
	for _, test := range tests {
		if test(err) {
			return true
		}
	}
	return false
}

// tlsErrors are the errors of a failed TLS handshake: a certificate this machine does not trust (a
// proxy that inspects TLS), a name that does not match, or an answer that is not TLS at all.
var tlsErrors = []func(error) bool{
	isA[*tls.CertificateVerificationError], isA[x509.UnknownAuthorityError], isA[x509.HostnameError],
	isA[x509.CertificateInvalidError], isA[tls.RecordHeaderError], isA[tls.AlertError],
}

// tlsFailure reports a failed TLS handshake (tlsErrors).
func tlsFailure(err error) bool { return anyOf(err, tlsErrors) }

// credentialErrors are the credential chain's errors: the SDK's provider errors, and the fixed
// words of the wrappers that have no type ("get identity" of the call's auth step, the credential
// cache's "failed to refresh cached credentials").
var credentialErrors = []func(error) bool{
	isA[*ssocreds.InvalidTokenError], isA[*processcreds.ProviderError], isA[*credentials.StaticCredentialsEmptyError],
	isA[config.SharedConfigProfileNotExistError],
	says("get identity:"), says("failed to retrieve credentials"), says("failed to refresh cached credentials"),
}

// says is a test for an error whose text holds words.
func says(words string) func(error) bool {
	return func(err error) bool { return strings.Contains(err.Error(), words) }
}

// credentialRetrieval reports an error of the credential chain (credentialErrors).
func credentialRetrieval(err error) bool { return anyOf(err, credentialErrors) }

// Cause is the failure in one phrase of the user's language (a catalog error, so that it renders
// in either): what failed and on which host, without the SDK's chain.
func (f *Failure) Cause() error {
	switch f.Class {
	case Network:
		if f.Kind == KindEndpoint {
			return i18n.Errorf("no endpoint for this region (the region or AWS_ENDPOINT_URL)")
		}
		if key, ok := networkCauses[f.Kind]; ok {
			return i18n.Errorf(key, f.Host)
		}
		return i18n.Errorf("the request to %s could not be sent", f.Host)
	case Credentials:
		if f.Code != "" {
			return i18n.Errorf("AWS does not accept the credentials (%s)", f.Code)
		}
		return i18n.Errorf("no usable AWS credentials")
	case Authorization:
		if f.Action != "" {
			return i18n.Errorf("the caller may not call %s", f.Action)
		}
		return i18n.Errorf("access denied (%s)", f.Code)
	}
	return errors.New(f.Error)
}

// networkCauses are the catalog keys that say each kind of network failure on a host (%s).
var networkCauses = map[string]string{
	KindDNS:         "%s cannot be resolved (DNS)",
	KindDNSTimeout:  "the DNS lookup of %s timed out",
	KindProxy:       "the proxy %s cannot be reached",
	KindTLS:         "the TLS handshake with %s failed",
	KindRefused:     "%s refused the connection",
	KindUnreachable: "no route to %s",
	KindReset:       "the connection to %s was reset",
	KindTimeout:     "the connection to %s timed out",
}

// same reports whether two failures have one cause: the same class and kind of network failure
// (whatever the host: every service's endpoint fails alike), or the same answer to the credentials.
func (f *Failure) same(g *Failure) bool {
	return f.Class == g.Class && f.Kind == g.Kind && f.Code == g.Code
}

// SharedFailure returns the result whose cause every check that ran shares, when each of them
// failed because AWS could not be reached or refused the credentials: that cause is then said
// once, not once per check. It returns nil otherwise.
func SharedFailure(rs []Result) *Result {
	var first *Result
	for i := range rs {
		r := &rs[i]
		if r.Status == Skip {
			continue
		}
		if r.Failure == nil || (r.Failure.Class != Network && r.Failure.Class != Credentials) {
			return nil
		}
		if first == nil {
			first = r
		} else if !first.Failure.same(r.Failure) {
			return nil
		}
	}
	return first
}
