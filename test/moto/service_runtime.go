package moto

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// reportServices answers DescribeServices with what ECS would report once it tried to run each
// service's tasks (runtime.go decides whether they run). A deployment whose tasks cannot run
// behaves as the deployment circuit breaker makes it (Amazon ECS Developer Guide, "How the Amazon
// ECS deployment circuit breaker detects failures"): with rollback, a later deployment is rolled
// back to the last deployment that reached a steady state; a first deployment has nothing to roll
// back to and fails. Without the breaker, ECS keeps trying and nothing runs.
func (f *Front) reportServices(r *http.Request, respBody []byte) []byte {
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
		arn, td := stringField(svc, "serviceArn"), stringField(svc, "taskDefinition")
		if desired == 0 {
			report(svc, td, 0, "COMPLETED", "")
			continue
		}
		verdict := f.serviceVerdict(r, svc, td)
		f.mu.Lock()
		steady := f.ecs.steady[arn]
		if verdict.Runs {
			f.ecs.steady[arn] = td
		}
		f.mu.Unlock()
		enabled, rollback := breaker(svc)
		switch {
		case verdict.Runs:
			report(svc, td, desired, "COMPLETED", "")
		case enabled && rollback && steady != "" && steady != td:
			svc["taskDefinition"] = steady
			report(svc, steady, desired, "COMPLETED", "")
			event(svc, fmt.Sprintf("(service %s) deployment of %s failed: tasks failed to start (%s). The deployment circuit breaker rolled the service back to %s.",
				stringField(svc, "serviceName"), td, verdict.Reason, steady))
		case enabled:
			report(svc, td, 0, "FAILED", "ECS deployment circuit breaker: tasks failed to start.")
			event(svc, fmt.Sprintf("(service %s) was unable to start tasks: %s", stringField(svc, "serviceName"), verdict.Reason))
		default:
			report(svc, td, 0, "IN_PROGRESS", "")
			event(svc, fmt.Sprintf("(service %s) was unable to start tasks: %s", stringField(svc, "serviceName"), verdict.Reason))
		}
	}
	return marshalOr(out, respBody)
}

// report makes the service show one PRIMARY deployment of td with running tasks.
func report(svc map[string]any, td string, running float64, rollout, reason string) {
	desired, _ := svc["desiredCount"].(float64)
	svc["runningCount"], svc["pendingCount"] = running, 0
	dep := map[string]any{"status": "PRIMARY", "taskDefinition": td, "desiredCount": desired, "runningCount": running, "pendingCount": 0, "rolloutState": rollout}
	if deployments, _ := svc["deployments"].([]any); len(deployments) > 0 {
		if first, ok := deployments[0].(map[string]any); ok {
			for _, k := range []string{"id", "createdAt", "updatedAt", "launchType", "platformVersion", "networkConfiguration", "capacityProviderStrategy"} {
				if v, ok := first[k]; ok {
					dep[k] = v
				}
			}
		}
	}
	if reason != "" {
		dep["rolloutStateReason"] = reason
		dep["failedTasks"] = desired
	}
	svc["deployments"] = []any{dep}
}

// event puts a service event first, as ECS lists the newest first.
func event(svc map[string]any, message string) {
	events, _ := svc["events"].([]any)
	e := map[string]any{"id": fmt.Sprintf("emulator-%d", time.Now().UnixNano()), "createdAt": float64(time.Now().Unix()), "message": message}
	svc["events"] = append([]any{e}, events...)
}

func breaker(svc map[string]any) (enabled, rollback bool) {
	cfg, _ := svc["deploymentConfiguration"].(map[string]any)
	cb, _ := cfg["deploymentCircuitBreaker"].(map[string]any)
	enabled, _ = cb["enable"].(bool)
	rollback, _ = cb["rollback"].(bool)
	return enabled, rollback
}

// serviceVerdict judges the service's task definition where the service places it, once per
// state of the account (the verdict holds until a changing call passes the front).
func (f *Front) serviceVerdict(r *http.Request, svc map[string]any, td string) taskVerdict {
	p := servicePlacement(svc)
	key := fmt.Sprintf("%s|%v", td, p)
	f.mu.Lock()
	generation := f.generation
	if v, ok := f.ecs.verdicts[key]; ok && v.generation == generation {
		f.mu.Unlock()
		return v
	}
	f.mu.Unlock()
	v := f.judge(r, td, p)
	v.generation = generation
	f.mu.Lock()
	f.ecs.verdicts[key] = v
	f.mu.Unlock()
	return v
}

// judge reads the facts and decides; what it cannot read or evaluate is recorded as unjudged and
// the task runs, so a gap of the emulator fails the cycle (Unjudged) instead of hanging it.
func (f *Front) judge(r *http.Request, td string, p placement) taskVerdict {
	doc, err := f.taskDefinition(r, td)
	if err == nil {
		var facts taskFacts
		facts, err = f.gatherTaskFacts(r, doc, p)
		if err == nil {
			v := judgeTask(facts, simulate)
			if v.Unjudged == "" {
				return v
			}
			err = fmt.Errorf("%s", v.Unjudged)
		}
	}
	f.noteUnjudged(fmt.Sprintf("%s: %v", td, err))
	return taskVerdict{Runs: true}
}

func (f *Front) noteUnjudged(what string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ecs.unjudged = append(f.ecs.unjudged, what)
}

// Unjudged lists what the runtime model could not decide; the harness fails a cycle on any.
func (f *Front) Unjudged() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.ecs.unjudged...)
}

// servicePlacement is where a service places its tasks.
func servicePlacement(svc map[string]any) placement {
	var p placement
	nc, _ := svc["networkConfiguration"].(map[string]any)
	vpc, _ := nc["awsvpcConfiguration"].(map[string]any)
	p.SecurityGroups = anyStrings(vpc["securityGroups"])
	p.Subnets = anyStrings(vpc["subnets"])
	p.PublicIP = stringField(vpc, "assignPublicIp") == "ENABLED"
	if lbs, _ := svc["loadBalancers"].([]any); len(lbs) > 0 {
		lb, _ := lbs[0].(map[string]any)
		p.TargetGroupArn = stringField(lb, "targetGroupArn")
		port, _ := lb["containerPort"].(float64)
		p.ContainerPort = int(port)
	}
	return p
}

func anyStrings(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
