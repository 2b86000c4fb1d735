package moto

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Front stands before moto. It passes every request on to moto unchanged but for what one of its
// services, each in its own file, does instead: answer an action moto 5.2.1 lacks, refuse what AWS
// would refuse (its refuse; refusals.go answers with AWS's error), rewrite the request or complete
// moto's answer. It records every call (record.go) with what IAM evaluates it on (enrich.go,
// resource_tags.go), and plays the container runtime moto does not have (ecs.go and the runtime
// model).
type Front struct {
	URL string
	// account is the AWS account this front plays: moto keeps each account apart by the
	// x-moto-account-id header the front's upstream adds to every request it passes on, and the
	// front's own state is this account's alone.
	account string
	server  *http.Server
	moto    *upstream // every request the front makes of moto goes through it (upstream.go)
	// services are the front's parts, by signing name; each service file declares its own.
	services map[string]awsService

	// mu guards everything below, every service's state included. One lock for all: the runtime
	// model and the refusals read other services' state (ECR's rules, S3's policies, ELB's target
	// groups), and the lock is never held while the front waits on moto.
	mu         sync.Mutex
	calls      []Call // every request, in order (record.go)
	generation int    // counts the changing calls: a verdict holds until the next one

	ecr         ecrState            // ecr.go
	ecs         ecsState            // ecs.go, and the runtime model: runtime.go, runtime_facts.go, service_runtime.go
	elb         elbState            // elb.go
	elastiCache elastiCacheState    // elasticache.go, elasticache_members.go
	rds         rdsState            // rds.go
	s3          s3State             // s3.go
	scaling     appAutoScalingState // application_autoscaling.go
	analyzers   accessAnalyzerState // accessanalyzer.go
}

// awsService is the front's part for one AWS service, declared in that service's file. Every
// field but name may be left empty.
type awsService struct {
	// name is the signing name a request's credential scope carries: "ecr", "elasticache", ...
	name string
	// actions answers JSON-protocol actions moto lacks, by action.
	actions map[string]jsonHandler
	// serve answers a request itself, without moto; false passes it on.
	serve func(w http.ResponseWriter, r *http.Request, action string, body []byte) bool
	// request rewrites the body moto is given.
	request func(body []byte) []byte
	// adjust completes moto's successful answer where it lacks what AWS would say.
	adjust func(r *http.Request, action string, reqBody, respBody []byte) []byte
	// refuse holds the AWS validations moto skips, by action: a non-nil apiError is answered as
	// AWS's error before moto sees the request (refusals.go writes it); nil lets the request on.
	refuse map[string]func(r *http.Request, body []byte) error
}

// registryID is moto's default account, which NewFront plays.
const registryID = "123456789012"

// NewFront starts a front for the moto server at upstream on a free loopback port, playing moto's
// default account.
func NewFront(upstream string) (*Front, error) { return NewAccountFront(upstream, registryID) }

// NewAccountFront starts a front that plays account on the moto server at upstream: several
// fronts on one moto are several accounts, as one organization's are.
func NewAccountFront(upstream, account string) (*Front, error) {
	f := &Front{
		account:     account,
		moto:        newUpstream(upstream, account),
		ecr:         newECRState(),
		ecs:         newECSState(),
		elb:         newELBState(),
		elastiCache: newElastiCacheState(),
		rds:         newRDSState(),
		s3:          newS3State(),
		scaling:     newAppAutoScalingState(),
		analyzers:   newAccessAnalyzerState(),
	}
	f.services = map[string]awsService{}
	for _, s := range []awsService{
		f.accessAnalyzerService(), f.acmService(), f.appAutoScalingService(), f.autoScalingService(), f.ec2Service(),
		f.ecrService(), f.ecsService(), f.elastiCacheService(), f.elbService(), f.rdsService(), f.s3Service(),
	} {
		f.services[s.name] = s
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen for the emulator front: %w", err)
	}
	f.URL = "http://" + l.Addr().String()
	f.server = &http.Server{Handler: f} //nolint:gosec // loopback test server, closed with the test
	go func() { _ = f.server.Serve(l) }()
	return f, nil
}

// Account is the AWS account the front plays.
func (f *Front) Account() string { return f.account }

// Close stops the front.
func (f *Front) Close() { _ = f.server.Close() }

func (f *Front) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	call := describe(r, body)
	if !readOnly(call.Operation) {
		f.mu.Lock()
		f.generation++
		f.mu.Unlock()
	}
	f.enrich(r, &call)
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	defer func() { call.Status = sw.status; f.record(call) }()
	w = sw
	service, action := identify(r, body)
	if f.answer(w, r, service, action, body) {
		return
	}
	svc := f.services[service]
	if svc.request != nil {
		body = svc.request(body)
	}
	status, header, respBody, err := f.moto.forward(r, body)
	// moto's threaded server serializes objects that another request is changing: a Describe that
	// races a delete can end in a Python TypeError and a 500 (seen: DescribeNetworkInterfaces while
	// a NAT gateway released its address). A read changes nothing, so it is asked again; AWS would
	// have answered it.
	for try := 1; err == nil && status == http.StatusInternalServerError && readOnly(action) && try <= 2; try++ {
		time.Sleep(time.Duration(try) * 200 * time.Millisecond)
		status, header, respBody, err = f.moto.forward(r, body)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	if status == http.StatusOK && svc.adjust != nil {
		respBody = svc.adjust(r, action, body, respBody)
	}
	for k, vs := range header {
		if k == "Content-Length" {
			continue
		}
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(status)
	_, _ = w.Write(respBody)
}

// statusWriter remembers the status the front answered with, for the call record.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// answer serves what the front answers itself, without moto: a refusal, or what the service
// serves or answers; false means forward.
func (f *Front) answer(w http.ResponseWriter, r *http.Request, service, action string, body []byte) bool {
	if f.refuse(w, r, service, action, body) {
		return true
	}
	svc := f.services[service]
	if svc.serve != nil && svc.serve(w, r, action, body) {
		return true
	}
	if h, ok := svc.actions[action]; ok {
		writeJSON(w, h, body)
		return true
	}
	return false
}

// identify reads the signing service from the Authorization header's credential scope and the
// action from X-Amz-Target (JSON protocols) or the Action form field (query protocols).
func identify(r *http.Request, body []byte) (service, action string) {
	auth := r.Header.Get("Authorization")
	if i := strings.Index(auth, "Credential="); i >= 0 {
		scope := strings.SplitN(auth[i+len("Credential="):], ",", 2)[0]
		if parts := strings.Split(scope, "/"); len(parts) >= 5 {
			service = parts[3]
		}
	}
	if t := r.Header.Get("X-Amz-Target"); t != "" {
		return service, t[strings.LastIndex(t, ".")+1:]
	}
	if form, err := url.ParseQuery(string(body)); err == nil && form.Get("Action") != "" {
		return service, form.Get("Action")
	}
	return service, r.URL.Query().Get("Action")
}

// regionOf reads the region from the request's credential scope.
func regionOf(r *http.Request) string {
	auth := r.Header.Get("Authorization")
	if i := strings.Index(auth, "Credential="); i >= 0 {
		if parts := strings.Split(strings.SplitN(auth[i+len("Credential="):], ",", 2)[0], "/"); len(parts) >= 5 {
			return parts[2]
		}
	}
	return "us-east-1"
}

// readOnly tells the actions that only read, by AWS's naming.
func readOnly(action string) bool {
	for _, p := range []string{"Describe", "List", "Get"} {
		if strings.HasPrefix(action, p) {
			return true
		}
	}
	return false
}

// apiError is an AWS JSON-protocol error.
type apiError struct{ code, message string }

func (e apiError) Error() string { return e.code + ": " + e.message }

// jsonHandler answers a JSON-protocol request body.
type jsonHandler func(body []byte) (any, error)

func writeJSON(w http.ResponseWriter, h jsonHandler, body []byte) {
	out, err := h(body)
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	if err != nil {
		code := "ValidationException"
		var ae apiError
		if errors.As(err, &ae) {
			code = ae.code
		}
		w.Header().Set("X-Amzn-Errortype", code)
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"__type": code, "message": err.Error()})
		return
	}
	_ = json.NewEncoder(w).Encode(out)
}
