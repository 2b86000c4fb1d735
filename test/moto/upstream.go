package moto

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// upstream is the one way this package reaches moto (or, for the harness's raw inventory calls,
// the front before it): a base URL, the account each request is made in, and a client that sends
// one request at a time. The front forwards the requests it passes on with it and asks moto what
// its own answers and checks depend on; the harness posts its signed list calls with it.
type upstream struct {
	base string
	// account is sent as x-moto-account-id on every request: moto keeps each account apart by it.
	// Empty sends none (the harness's calls go to a front, which adds its own).
	account string
	client  interface {
		Do(*http.Request) (*http.Response, error)
	}
}

// accountHeader is how moto's server takes the account of a request (moto/core/responses.py,
// get_current_account: before the access key).
const accountHeader = "x-moto-account-id"

// newUpstream reaches base in account through a serializing client.
func newUpstream(base, account string) *upstream {
	return &upstream{
		base:    strings.TrimRight(base, "/"),
		account: account,
		client:  &http.Client{Transport: &serialTransport{next: http.DefaultTransport}},
	}
}

// request is a request to path (with its query) on the upstream.
func (u *upstream) request(ctx context.Context, method, path string, body []byte) (*http.Request, error) {
	return http.NewRequestWithContext(ctx, method, u.base+path, bytes.NewReader(body))
}

// send sends req in the upstream's account and reads the whole answer.
func (u *upstream) send(req *http.Request) (*http.Response, []byte, error) {
	if u.account != "" {
		req.Header.Set(accountHeader, u.account)
	}
	resp, err := u.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(resp.Body)
	return resp, data, err
}

// forward passes r on with body, as it came: method, path and query, headers and host.
func (u *upstream) forward(r *http.Request, body []byte) (int, http.Header, []byte, error) {
	req, err := u.request(r.Context(), r.Method, r.URL.RequestURI(), body)
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header = r.Header.Clone()
	req.Host = r.Host
	resp, data, err := u.send(req)
	if resp == nil {
		return 0, nil, nil, fmt.Errorf("forward to moto: %w", err)
	}
	return resp.StatusCode, resp.Header, data, err
}

// post sends one more request, signed like r (moto reads the service and region from the
// signature, not its validity), with the X-Amz-Target given for JSON protocols. An answer other
// than 200 is an error.
func (u *upstream) post(r *http.Request, body []byte, target string) ([]byte, error) {
	req, err := u.request(r.Context(), http.MethodPost, "/", body)
	if err != nil {
		return nil, err
	}
	for _, h := range []string{"Authorization", "X-Amz-Date", "Content-Type"} {
		req.Header.Set(h, r.Header.Get(h))
	}
	if target != "" {
		req.Header.Set("X-Amz-Target", target)
	}
	return succeeded(u.send(req))
}

// get reads path with the Authorization given (moto routes a REST request by its signature's
// service, and checks no signature). An answer other than 200 is an error.
func (u *upstream) get(ctx context.Context, path, authorization string) ([]byte, error) {
	req, err := u.request(ctx, http.MethodGet, path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", authorization)
	return succeeded(u.send(req))
}

func succeeded(resp *http.Response, data []byte, err error) ([]byte, error) {
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("moto answered %s", resp.Status)
	}
	return data, err
}

// ask sends one request of another service, signed like r but for service (moto routes by the
// credential scope's service): a query-protocol form, or a JSON body when target is given.
func (u *upstream) ask(r *http.Request, service string, body []byte, target string) ([]byte, error) {
	clone := r.Clone(r.Context())
	auth := r.Header.Get("Authorization")
	clone.Header = http.Header{}
	clone.Header.Set("Authorization", scopeService.ReplaceAllString(auth, "/${1}/"+service+"/aws4_request"))
	clone.Header.Set("X-Amz-Date", r.Header.Get("X-Amz-Date"))
	if target != "" {
		clone.Header.Set("Content-Type", "application/x-amz-json-1.1")
	} else {
		clone.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return u.post(clone, body, target)
}

var scopeService = regexp.MustCompile(`/([a-z0-9-]+)/[a-z0-9-]+/aws4_request`)

// askJSON is ask for a JSON-protocol action: payload in, the answer decoded into out.
func (u *upstream) askJSON(r *http.Request, service, target string, payload, out any) error {
	data, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	answer, err := u.ask(r, service, data, target)
	if err != nil {
		return err
	}
	return json.Unmarshal(answer, out)
}

// iamQuery is ask for an IAM query-protocol action; form holds the Action and its parameters.
func (u *upstream) iamQuery(r *http.Request, form url.Values) ([]byte, error) {
	form.Set("Version", "2010-05-08")
	return u.ask(r, "iam", []byte(form.Encode()), "")
}

// ec2Query is ask for an EC2 query-protocol action; form holds the Action and its parameters.
func (u *upstream) ec2Query(r *http.Request, form url.Values) ([]byte, error) {
	form.Set("Version", "2016-11-15")
	return u.ask(r, "ec2", []byte(form.Encode()), "")
}

// serialTransport sends moto one request at a time. moto's server is threaded and its backends are
// not safe for concurrent use: under terraform's parallelism it failed a DetachRolePolicy with
// "dictionary changed size during iteration" and a DescribeNetworkInterfaces with a TypeError
// while a NAT gateway's deletion changed the same interface. AWS has no such failure, so a test
// must not either. moto answers in milliseconds; the provider's own waits dominate a cycle.
type serialTransport struct {
	mu   sync.Mutex
	next http.RoundTripper
}

func (s *serialTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	resp, err := s.next.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	// The whole answer is read under the lock: moto has finished with the request only then.
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, err
}
