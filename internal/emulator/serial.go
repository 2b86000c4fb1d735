package emulator

import (
	"bytes"
	"io"
	"net/http"
	"sync"
)

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
