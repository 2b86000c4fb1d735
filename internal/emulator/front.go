package emulator

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

// Front stands before moto. It answers the actions moto 5.2.1 lacks for these modules (ECR
// pull-through cache rules, Application Auto Scaling tags, ElastiCache user groups, user changes and subnet group
// deletion, the tags of a re-imported certificate), plays the container runtime moto does not have for one-off tasks, and forwards
// everything else unchanged.
type Front struct {
	URL string
	// account is the AWS account this front plays: moto keeps each account apart by the
	// x-moto-account-id header the front's upstream adds to every request it passes on, and the
	// front's own state is this account's alone.
	account string
	server  *http.Server
	moto    *upstream // every request the front makes of moto goes through it (upstream.go)

	mu            sync.Mutex
	cacheRules    map[string]map[string]any            // ECR repository prefix -> rule
	scaleTags     map[string]map[string]string         // scalable target ARN -> tags
	userGroups    map[string]*userGroup                // ElastiCache user group id -> group
	oneOff        map[string]map[string]any            // one-off task ARN -> the finished task the front reports
	runTasks      []json.RawMessage                    // every RunTask request body, in order
	fetched       []FetchedObject                      // what the seed tasks' fetch containers read
	policies      map[string][]byte                    // bucket -> the policy the caller put (see s3policy.go)
	steady        map[string]string                    // ECS service ARN -> the last task definition that ran steadily (runtime.go)
	verdicts      map[string]taskVerdict               // task definition and placement -> the runtime model's verdict, while nothing changes
	generation    int                                  // counts the changing calls: a verdict holds until the next one
	unjudged      []string                             // what the runtime model could not decide (the harness fails on any)
	strategies    map[string][]any                     // ECS service name -> capacity provider strategy it was given
	deployConfigs map[string]map[string]any            // ECS service name -> deployment configuration it was given
	targetGroups  map[string][2]string                 // target group ARN -> cluster and service behind it (target_health.go)
	handlers      map[string]func([]byte) (any, error) // "service.Action" -> answer
	calls         []Call                               // every request, in order (record.go)
	analyzers     analyzers                            // IAM Access Analyzer, which moto lacks (accessanalyzer.go)

	dbInstanceOf map[string]string            // DbiResourceId the front gave -> DB instance identifier
	dbMonitoring map[string]map[string]string // DB instance identifier -> monitoring element -> value

	// ElastiCache state moto lacks.
	deleted        map[string]bool       // "kind/id" of ElastiCache resources moto cannot delete or keeps "deleting"
	memberClusters map[string][]string   // replication group id -> cache clusters the front created
	memberOf       map[string]url.Values // member cluster id -> its group's CreateReplicationGroup form
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
		account:       account,
		moto:          newUpstream(upstream, account),
		cacheRules:    map[string]map[string]any{},
		scaleTags:     map[string]map[string]string{},
		userGroups:    map[string]*userGroup{},
		oneOff:        map[string]map[string]any{},
		steady:        map[string]string{},
		verdicts:      map[string]taskVerdict{},
		policies:      map[string][]byte{},
		strategies:    map[string][]any{},
		deployConfigs: map[string]map[string]any{},
		targetGroups:  map[string][2]string{},
	}
	f.handlers = map[string]func([]byte) (any, error){
		"ecr.CreatePullThroughCacheRule":              f.createCacheRule,
		"ecr.DescribePullThroughCacheRules":           f.describeCacheRules,
		"ecr.DeletePullThroughCacheRule":              f.deleteCacheRule,
		"application-autoscaling.ListTagsForResource": f.listScaleTags,
		"application-autoscaling.TagResource":         f.tagScaleTarget,
		"application-autoscaling.UntagResource":       f.untagScaleTarget,
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

// RunTaskRequests returns the bodies of every RunTask request seen so far.
func (f *Front) RunTaskRequests() []json.RawMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]json.RawMessage(nil), f.runTasks...)
}

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
	if service == "rds" {
		body = f.lookupByResourceID(body)
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
	if status == http.StatusOK {
		respBody = f.adjust(r, service, action, body, respBody)
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

// answer serves the actions the front answers itself, without moto; false means forward.
func (f *Front) answer(w http.ResponseWriter, r *http.Request, service, action string, body []byte) bool {
	switch {
	case f.refuse(w, r, service, action, body):
		return true
	case service == "elasticache" && f.serveElastiCache(w, action, body):
		return true
	case service == "elasticache" && action == "ModifyUser":
		f.modifyUser(w, r, body)
		return true
	case service == "elasticache" && action == "CreateCacheSubnetGroup" && f.recreateSubnetGroup(w, r, body):
		return true
	case service == "ecs" && f.serveOneOffTasks(w, r, action, body):
		return true
	case service == "elasticloadbalancing" && action == "DescribeTargetHealth" && f.serveTargetHealth(w, r, body):
		return true
	case service == "s3" && f.serveBucketPolicy(w, r, body):
		return true
	case service == "acm" && action == "ImportCertificate" && f.reimportCertificate(w, r, body):
		return true
	case f.serveAccessAnalyzer(w, r, service, body):
		return true
	}
	if h, ok := f.handlers[service+"."+action]; ok {
		writeJSON(w, h, body)
		return true
	}
	return false
}

// adjust completes moto's successful answer where it lacks what AWS would say.
func (f *Front) adjust(r *http.Request, service, action string, body, respBody []byte) []byte {
	switch service {
	case "ec2":
		if action == "DescribeLaunchTemplateVersions" {
			return withoutLaunchTemplateTagSpec(respBody)
		}
	case "ecs":
		return f.rewriteECS(r, action, body, respBody)
	case "rds":
		f.rememberMonitoring(body)
		f.exportLogs(r, body)
		return f.uniqueResourceIDs(respBody)
	case "application-autoscaling":
		if action == "RegisterScalableTarget" {
			f.tagRegisteredTarget(body, respBody)
		}
	case "elasticache":
		f.afterElastiCache(r, action, body, respBody)
		if action == "DescribeCacheClusters" {
			return f.completeMemberClusters(respBody)
		}
	}
	return respBody
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

func writeJSON(w http.ResponseWriter, h func([]byte) (any, error), body []byte) {
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
