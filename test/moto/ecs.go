package moto

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"terraform-basemachina-modules/test/iamsim"
)

// ecsState is what the front holds for ECS: the one-off tasks it runs itself, what moto drops of a
// service, and the runtime model's deployments and verdicts (service_runtime.go).
type ecsState struct {
	// Tasks.
	oneOff   map[string]map[string]any // one-off task ARN -> the finished task the front reports
	runTasks []json.RawMessage         // every RunTask request body, in order
	fetched  []FetchedObject           // what the seed tasks' fetch containers read
	// Services, by name: what CreateService and UpdateService gave, which moto drops.
	strategies    map[string][]any          // capacity provider strategy
	deployConfigs map[string]map[string]any // deployment configuration
	// Deployments and verdicts of the runtime model.
	steady   map[string]string      // service ARN -> the last task definition that ran steadily
	verdicts map[string]taskVerdict // task definition and placement -> the verdict, while nothing changes (Front.generation)
	unjudged []string               // what the runtime model could not decide (the harness fails on any)
}

func newECSState() ecsState {
	return ecsState{
		oneOff:        map[string]map[string]any{},
		strategies:    map[string][]any{},
		deployConfigs: map[string]map[string]any{},
		steady:        map[string]string{},
		verdicts:      map[string]taskVerdict{},
	}
}

func (f *Front) ecsService() awsService {
	return awsService{name: "ecs", serve: f.serveOneOffTasks, adjust: f.rewriteECS, refuse: map[string]func(*http.Request, []byte) error{
		"CreateService": f.checkCapacityProviders,
		"UpdateService": f.checkCapacityProviders,
	}}
}

// rewriteECS plays what moto cannot: whether a service's tasks run, and the deployment ECS makes
// of it (service_runtime.go), and a service's capacity provider strategy, which moto 5.2.1 drops
// on CreateService (it stores launchType "EC2" instead).
func (f *Front) rewriteECS(r *http.Request, action string, reqBody, respBody []byte) []byte {
	switch action {
	case "CreateService", "UpdateService":
		f.rememberStrategy(reqBody)
		f.rememberTargetGroups(reqBody)
	case "DescribeServices":
		return f.reportServices(r, f.reportStrategies(respBody))
	}
	return respBody
}

// rememberStrategy keeps the capacity provider strategy and the deployment configuration a
// CreateService or UpdateService asked for; moto keeps neither. An update without one keeps the
// service's, as ECS does.
func (f *Front) rememberStrategy(reqBody []byte) {
	var in struct {
		ServiceName              string         `json:"serviceName"`
		Service                  string         `json:"service"`
		CapacityProviderStrategy []any          `json:"capacityProviderStrategy"`
		DeploymentConfiguration  map[string]any `json:"deploymentConfiguration"`
	}
	if json.Unmarshal(reqBody, &in) != nil {
		return
	}
	name := in.ServiceName
	if name == "" {
		name = in.Service[strings.LastIndex(in.Service, "/")+1:]
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(in.CapacityProviderStrategy) > 0 {
		f.ecs.strategies[name] = in.CapacityProviderStrategy
	}
	if in.DeploymentConfiguration != nil {
		f.ecs.deployConfigs[name] = in.DeploymentConfiguration
	}
}

// reportStrategies answers DescribeServices as ECS does for a service with a strategy (the
// strategy, and no launch type) and with the deployment configuration it was given.
func (f *Front) reportStrategies(respBody []byte) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.ecs.strategies) == 0 && len(f.ecs.deployConfigs) == 0 {
		return respBody
	}
	var out map[string]any
	if json.Unmarshal(respBody, &out) != nil {
		return respBody
	}
	services, _ := out["services"].([]any)
	for _, s := range services {
		svc, _ := s.(map[string]any)
		if strategy, ok := f.ecs.strategies[stringField(svc, "serviceName")]; ok {
			svc["capacityProviderStrategy"] = strategy
			delete(svc, "launchType")
		}
		if cfg, ok := f.ecs.deployConfigs[stringField(svc, "serviceName")]; ok {
			svc["deploymentConfiguration"] = cfg
		}
	}
	return marshalOr(out, respBody)
}

// serveOneOffTasks answers RunTask and DescribeTasks for one-off tasks itself: moto 5.2.1 fails
// RunTask with a 500 for a Fargate task definition whose container sets no memory of its own (the
// task-level memory is enough on Fargate), and runs no container anyway. The front checks the
// cluster and task definition against moto, records the request and reports the task as finished
// with exit code 0. It returns false for everything else.
func (f *Front) serveOneOffTasks(w http.ResponseWriter, r *http.Request, action string, body []byte) bool {
	switch action {
	case "RunTask":
		writeJSON(w, func(b []byte) (any, error) { return f.runTask(r, b) }, body)
		return true
	case "DescribeTasks":
		var in struct {
			Tasks []string `json:"tasks"`
		}
		if json.Unmarshal(body, &in) != nil || len(in.Tasks) == 0 {
			return false
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		var tasks []map[string]any
		for _, arn := range in.Tasks {
			task, ok := f.ecs.oneOff[arn]
			if !ok {
				return false
			}
			tasks = append(tasks, task)
		}
		writeJSON(w, func([]byte) (any, error) { return map[string]any{"tasks": tasks, "failures": []any{}}, nil }, body)
		return true
	}
	return false
}

// RunTaskRequest is what the front reads of an ECS RunTask request, and what the cycles check of
// the ones bridgectl seed sends (RunTaskRequests).
type RunTaskRequest struct {
	Cluster              string `json:"cluster"`
	TaskDefinition       string `json:"taskDefinition"`
	StartedBy            string `json:"startedBy"`
	LaunchType           string `json:"launchType"`
	NetworkConfiguration struct {
		AwsvpcConfiguration struct {
			Subnets        []string `json:"subnets"`
			SecurityGroups []string `json:"securityGroups"`
			AssignPublicIP string   `json:"assignPublicIp"`
		} `json:"awsvpcConfiguration"`
	} `json:"networkConfiguration"`
	Overrides struct {
		ContainerOverrides []ContainerOverride `json:"containerOverrides"`
	} `json:"overrides"`
}

// ContainerOverride is one container's overrides of a RunTask request.
type ContainerOverride struct {
	Name        string                         `json:"name"`
	Environment []struct{ Name, Value string } `json:"environment"`
}

func (f *Front) runTask(r *http.Request, body []byte) (any, error) {
	var in RunTaskRequest
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, err
	}
	td, err := f.taskDefinition(r, in.TaskDefinition)
	if err != nil || td.TaskDefinitionArn == "" {
		return nil, apiError{"ClientException", "Unable to describe task definition " + in.TaskDefinition}
	}
	var clusters struct {
		Clusters []struct {
			ClusterArn string `json:"clusterArn"`
			Status     string `json:"status"`
		} `json:"clusters"`
	}
	if err := f.moto.askJSON(r, "ecs", ecsTarget+"DescribeClusters", map[string][]string{"clusters": {in.Cluster}}, &clusters); err != nil ||
		len(clusters.Clusters) != 1 || clusters.Clusters[0].Status != "ACTIVE" {
		return nil, apiError{"ClusterNotFoundException", "Cluster not found: " + in.Cluster}
	}
	vpc := in.NetworkConfiguration.AwsvpcConfiguration
	stopped := "Essential container in task exited"
	exit := map[string]any{}
	for _, c := range td.ContainerDefinitions {
		exit[c.Name] = 0
	}
	// ECS prepares the task as for a service (runtime.go): a task it cannot start stops with the
	// reason, no container having run.
	verdict := f.judge(r, td.TaskDefinitionArn, placement{Subnets: vpc.Subnets, SecurityGroups: vpc.SecurityGroups, PublicIP: vpc.AssignPublicIP == "ENABLED"})
	if !verdict.Runs {
		stopped, exit = verdict.Reason, map[string]any{}
	} else if reason := f.fetchObjects(r, td, in.Overrides.ContainerOverrides); reason != "" {
		// The fetch container exits 1; psql, which starts only after its success, never runs.
		stopped = reason
		exit = map[string]any{"fetch": 1}
	}
	var containers []map[string]any
	for _, c := range td.ContainerDefinitions {
		ct := map[string]any{"name": c.Name, "lastStatus": "STOPPED"}
		if code, ok := exit[c.Name]; ok {
			ct["exitCode"] = code
		}
		containers = append(containers, ct)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	clusterArn := clusters.Clusters[0].ClusterArn
	arn := fmt.Sprintf("arn:aws:ecs:%s:%s:task/%s/%032x", regionOf(r), f.account, clusterArn[strings.LastIndex(clusterArn, "/")+1:], len(f.ecs.runTasks)+1)
	task := map[string]any{
		"taskArn": arn, "clusterArn": clusterArn, "taskDefinitionArn": td.TaskDefinitionArn,
		"startedBy": in.StartedBy, "launchType": in.LaunchType, "lastStatus": "STOPPED", "desiredStatus": "STOPPED",
		"stoppedReason": stopped, "containers": containers,
	}
	f.ecs.runTasks = append(f.ecs.runTasks, append(json.RawMessage(nil), body...))
	f.ecs.oneOff[arn] = task
	return map[string]any{"tasks": []any{task}, "failures": []any{}}, nil
}

// fetchObjects plays the seed task's fetch container: it copies the objects named in
// SEED_SQL_S3_URI (the SQL) and SEED_CA_S3_URI (the RDS certificate bundle psql verifies the
// database with) as the task role, over HTTPS, through the bucket's policy with its conditions
// (IAM User Guide, "Policy evaluation logic": an explicit Deny in the bucket policy wins, and the
// role's own policy must allow s3:GetObject). It returns why the copy failed, or "".
func (f *Front) fetchObjects(r *http.Request, td taskDefinitionDoc, overrides []ContainerOverride) string {
	for _, o := range overrides {
		for _, e := range o.Environment {
			if e.Name != "SEED_SQL_S3_URI" && e.Name != "SEED_CA_S3_URI" {
				continue
			}
			if reason := f.taskRoleMayRead(r, td.TaskRoleArn, e.Value); reason != "" {
				return reason
			}
			data, err := f.getObject(r, e.Value)
			if err != nil {
				return "the fetch container could not read " + e.Value + ": " + err.Error()
			}
			f.mu.Lock()
			f.ecs.fetched = append(f.ecs.fetched, FetchedObject{URI: e.Value, Body: data})
			f.mu.Unlock()
		}
	}
	return ""
}

func (f *Front) taskRoleMayRead(r *http.Request, roleARN, uri string) string {
	path, ok := strings.CutPrefix(uri, "s3://")
	if !ok {
		return "the fetch container was given " + uri + ", not an s3:// URI"
	}
	if roleARN == "" {
		return "the fetch container has no task role to read " + uri + " with"
	}
	role, err := f.principal(r, roleARN)
	if err != nil {
		f.noteUnjudged(fmt.Sprintf("task role %s: %v", roleARN, err))
		return ""
	}
	bucket, _, _ := strings.Cut(path, "/")
	policy := f.bucketPolicy(bucket)
	req := iamsim.Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::" + path, Account: f.account, ResourcePolicy: policy, Unvalidated: true,
		Context: map[string]any{"aws:SecureTransport": "true", "aws:RequestedRegion": regionOf(r)}}
	results, err := simulate(role, []iamsim.Request{req})
	if err != nil {
		f.noteUnjudged(fmt.Sprintf("task role %s reading %s: %v", roleARN, uri, err))
		return ""
	}
	if !results[0].Allowed() {
		return fmt.Sprintf("the fetch container exited 1: download failed: %s An error occurred (AccessDenied) when calling the GetObject operation: %s is not allowed s3:GetObject (%s)", uri, roleARN, results[0].Explain())
	}
	return ""
}

func stringField(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func marshalOr(v any, fallback []byte) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		return fallback
	}
	return data
}

// RunTaskRequests returns the bodies of every RunTask request seen so far.
func (f *Front) RunTaskRequests() []json.RawMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]json.RawMessage(nil), f.ecs.runTasks...)
}

// FetchedObject is an S3 object a one-off task read when it started.
type FetchedObject struct {
	URI  string
	Body []byte
}

// FetchedObjects lists what the seed tasks' fetch containers read, in order.
func (f *Front) FetchedObjects() []FetchedObject {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]FetchedObject(nil), f.ecs.fetched...)
}

// getObject reads s3://bucket/key from moto by path, with a signature header that names S3.
func (f *Front) getObject(r *http.Request, uri string) ([]byte, error) {
	path, ok := strings.CutPrefix(uri, "s3://")
	if !ok {
		return nil, fmt.Errorf("not an s3:// URI")
	}
	return f.moto.get(r.Context(), "/"+path, "AWS4-HMAC-SHA256 Credential=test/20260101/ap-northeast-1/s3/aws4_request, SignedHeaders=host, Signature=0")
}

// checkCapacityProviders: a service's strategy may name only capacity providers associated with
// its cluster (Amazon ECS API Reference, CreateService, capacityProviderStrategy).
func (f *Front) checkCapacityProviders(r *http.Request, body []byte) error {
	var in struct {
		Cluster                  string `json:"cluster"`
		CapacityProviderStrategy []struct {
			CapacityProvider string `json:"capacityProvider"`
		} `json:"capacityProviderStrategy"`
	}
	if json.Unmarshal(body, &in) != nil || len(in.CapacityProviderStrategy) == 0 {
		return nil
	}
	var clusters struct {
		Clusters []struct {
			CapacityProviders []string `json:"capacityProviders"`
		} `json:"clusters"`
	}
	if err := f.moto.askJSON(r, "ecs", ecsTarget+"DescribeClusters", map[string][]string{"clusters": {in.Cluster}}, &clusters); err != nil || len(clusters.Clusters) != 1 {
		return nil
	}
	for _, s := range in.CapacityProviderStrategy {
		if !slices.Contains(clusters.Clusters[0].CapacityProviders, s.CapacityProvider) {
			return apiError{"InvalidParameterException", "The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again."}
		}
	}
	return nil
}
