package emulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// rewriteECS plays what moto cannot: a deployment that ECS rolled back, and a service's capacity
// provider strategy, which moto 5.2.1 drops on CreateService (it stores launchType "EC2" instead).
func (f *Front) rewriteECS(action string, reqBody, respBody []byte) []byte {
	switch action {
	case "CreateService", "UpdateService":
		f.rememberStrategy(reqBody)
	case "DescribeServices":
		return reportDesiredRunning(f.reportStrategies(f.reportPinnedTaskDefinitions(respBody)))
	}
	return respBody
}

// reportDesiredRunning answers as a healthy service does: every desired task running. moto runs the
// fixed count MOTO_ECS_SERVICE_RUNNING gives whatever the desired count, so a service of two tasks
// would never reach a steady state and the provider's wait would time out.
func reportDesiredRunning(respBody []byte) []byte {
	var out map[string]any
	if json.Unmarshal(respBody, &out) != nil {
		return respBody
	}
	services, _ := out["services"].([]any)
	for _, s := range services {
		svc, _ := s.(map[string]any)
		desired, ok := svc["desiredCount"].(float64)
		if !ok {
			continue
		}
		svc["runningCount"], svc["pendingCount"] = desired, 0
		deployments, _ := svc["deployments"].([]any)
		for _, d := range deployments {
			dep, _ := d.(map[string]any)
			if dep["status"] == "PRIMARY" {
				dep["desiredCount"], dep["runningCount"], dep["pendingCount"] = desired, desired, 0
				dep["rolloutState"] = "COMPLETED"
			}
		}
	}
	return marshalOr(out, respBody)
}

// rememberStrategy keeps the capacity provider strategy a CreateService or UpdateService asked for.
func (f *Front) rememberStrategy(reqBody []byte) {
	var in struct {
		ServiceName              string `json:"serviceName"`
		Service                  string `json:"service"`
		CapacityProviderStrategy []any  `json:"capacityProviderStrategy"`
	}
	if json.Unmarshal(reqBody, &in) != nil || len(in.CapacityProviderStrategy) == 0 {
		return
	}
	name := in.ServiceName
	if name == "" {
		name = in.Service[strings.LastIndex(in.Service, "/")+1:]
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.strategies[name] = in.CapacityProviderStrategy
}

// reportStrategies answers DescribeServices as ECS does for a service with a strategy: the
// strategy, and no launch type.
func (f *Front) reportStrategies(respBody []byte) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.strategies) == 0 {
		return respBody
	}
	var out map[string]any
	if json.Unmarshal(respBody, &out) != nil {
		return respBody
	}
	services, _ := out["services"].([]any)
	for _, s := range services {
		svc, _ := s.(map[string]any)
		if strategy, ok := f.strategies[stringField(svc, "serviceName")]; ok {
			svc["capacityProviderStrategy"] = strategy
			delete(svc, "launchType")
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
			task, ok := f.oneOff[arn]
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

func (f *Front) runTask(r *http.Request, body []byte) (any, error) {
	var in struct {
		Cluster        string `json:"cluster"`
		TaskDefinition string `json:"taskDefinition"`
		StartedBy      string `json:"startedBy"`
		LaunchType     string `json:"launchType"`
		Overrides      struct {
			ContainerOverrides []struct {
				Environment []struct{ Name, Value string } `json:"environment"`
			} `json:"containerOverrides"`
		} `json:"overrides"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, err
	}
	// The seed task's fetch container copies the objects named in SEED_SQL_S3_URI (the SQL) and
	// SEED_CA_S3_URI (the RDS certificate bundle psql verifies the database with) when the task
	// starts; the front reads them from moto at that moment, as the container would, and one it
	// cannot read fails the start as it would fail the fetch.
	for _, o := range in.Overrides.ContainerOverrides {
		for _, e := range o.Environment {
			if e.Name == "SEED_SQL_S3_URI" || e.Name == "SEED_CA_S3_URI" {
				data, err := f.getObject(r, e.Value)
				if err != nil {
					return nil, apiError{"ClientException", "the fetch container could not read " + e.Value + ": " + err.Error()}
				}
				f.mu.Lock()
				f.fetched = append(f.fetched, FetchedObject{URI: e.Value, Body: data})
				f.mu.Unlock()
			}
		}
	}
	var td struct {
		TaskDefinition struct {
			TaskDefinitionArn    string `json:"taskDefinitionArn"`
			ContainerDefinitions []struct {
				Name string `json:"name"`
			} `json:"containerDefinitions"`
		} `json:"taskDefinition"`
	}
	if err := f.callMoto(r, "AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition", map[string]string{"taskDefinition": in.TaskDefinition}, &td); err != nil {
		return nil, apiError{"ClientException", "Unable to describe task definition " + in.TaskDefinition}
	}
	var clusters struct {
		Clusters []struct {
			ClusterArn string `json:"clusterArn"`
			Status     string `json:"status"`
		} `json:"clusters"`
	}
	if err := f.callMoto(r, "AmazonEC2ContainerServiceV20141113.DescribeClusters", map[string][]string{"clusters": {in.Cluster}}, &clusters); err != nil ||
		len(clusters.Clusters) != 1 || clusters.Clusters[0].Status != "ACTIVE" {
		return nil, apiError{"ClusterNotFoundException", "Cluster not found: " + in.Cluster}
	}
	var containers []map[string]any
	for _, c := range td.TaskDefinition.ContainerDefinitions {
		containers = append(containers, map[string]any{"name": c.Name, "lastStatus": "STOPPED", "exitCode": 0})
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	clusterArn := clusters.Clusters[0].ClusterArn
	arn := fmt.Sprintf("arn:aws:ecs:ap-northeast-1:%s:task/%s/%032x", f.account, clusterArn[strings.LastIndex(clusterArn, "/")+1:], len(f.runTasks)+1)
	task := map[string]any{
		"taskArn": arn, "clusterArn": clusterArn, "taskDefinitionArn": td.TaskDefinition.TaskDefinitionArn,
		"startedBy": in.StartedBy, "launchType": in.LaunchType, "lastStatus": "STOPPED", "desiredStatus": "STOPPED",
		"stoppedReason": "Essential container in task exited", "containers": containers,
	}
	f.runTasks = append(f.runTasks, append(json.RawMessage(nil), body...))
	f.oneOff[arn] = task
	return map[string]any{"tasks": []any{task}, "failures": []any{}}, nil
}

// callMoto sends one JSON-protocol request to moto, signed like r, and decodes the answer.
func (f *Front) callMoto(r *http.Request, target string, payload, out any) error {
	data, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	answer, err := f.post(r, data, target)
	if err != nil {
		return fmt.Errorf("%s: %w", target, err)
	}
	return json.Unmarshal(answer, out)
}

func (f *Front) reportPinnedTaskDefinitions(respBody []byte) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.pinned) == 0 {
		return respBody
	}
	var out map[string]any
	if json.Unmarshal(respBody, &out) != nil {
		return respBody
	}
	services, _ := out["services"].([]any)
	for _, s := range services {
		svc, _ := s.(map[string]any)
		if td, ok := f.pinned[stringField(svc, "serviceName")]; ok {
			svc["taskDefinition"] = td
		}
	}
	return marshalOr(out, respBody)
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

// FetchedObject is an S3 object a one-off task read when it started.
type FetchedObject struct {
	URI  string
	Body []byte
}

// FetchedObjects lists what the seed tasks' fetch containers read, in order.
func (f *Front) FetchedObjects() []FetchedObject {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]FetchedObject(nil), f.fetched...)
}

// getObject reads s3://bucket/key from moto by path, with a signature header that names S3 (moto
// routes on the signature's service, and checks no signature).
func (f *Front) getObject(r *http.Request, uri string) ([]byte, error) {
	path, ok := strings.CutPrefix(uri, "s3://")
	if !ok {
		return nil, fmt.Errorf("not an s3:// URI")
	}
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, f.upstream+"/"+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/ap-northeast-1/s3/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("moto answered %s", resp.Status)
	}
	return data, err
}
