package emulator

import (
	"encoding/json"
)

// rewriteECS records one-off tasks and plays what moto cannot: a container that runs to completion
// (moto runs no container, so a task would stay RUNNING for ever) and a deployment that ECS rolled
// back.
func (f *Front) rewriteECS(action string, reqBody, respBody []byte) []byte {
	switch action {
	case "RunTask":
		return f.recordRunTask(reqBody, respBody)
	case "DescribeTasks":
		return f.finishOneOffTasks(respBody)
	case "DescribeServices":
		return f.reportPinnedTaskDefinitions(respBody)
	}
	return respBody
}

func (f *Front) recordRunTask(reqBody, respBody []byte) []byte {
	var out struct {
		Tasks []struct {
			TaskArn string `json:"taskArn"`
		} `json:"tasks"`
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.runTasks = append(f.runTasks, append(json.RawMessage(nil), reqBody...))
	if json.Unmarshal(respBody, &out) == nil {
		for _, t := range out.Tasks {
			f.oneOff[t.TaskArn] = true
		}
	}
	return respBody
}

// finishOneOffTasks reports every task started through RunTask as stopped with exit code 0.
func (f *Front) finishOneOffTasks(respBody []byte) []byte {
	var out map[string]any
	if json.Unmarshal(respBody, &out) != nil {
		return respBody
	}
	tasks, _ := out["tasks"].([]any)
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, t := range tasks {
		task, _ := t.(map[string]any)
		if task == nil || !f.oneOff[stringField(task, "taskArn")] {
			continue
		}
		task["lastStatus"], task["desiredStatus"] = "STOPPED", "STOPPED"
		task["stoppedReason"] = "Essential container in task exited"
		containers, _ := task["containers"].([]any)
		for _, c := range containers {
			if container, ok := c.(map[string]any); ok {
				container["lastStatus"], container["exitCode"] = "STOPPED", 0
			}
		}
	}
	return marshalOr(out, respBody)
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
