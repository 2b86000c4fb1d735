package moto

import (
	"fmt"
	"strings"

	"terraform-basemachina-modules/test/iamsim"
)

// moto runs no container: it reports whatever a service or task asks for. The front decides
// instead, as ECS does, whether a task of a task definition can start and become healthy, from
// what the account holds when it is asked: the execution role's policies (evaluated with the IAM
// simulator), the routes and endpoints of the task's subnets, and the security groups between the
// load balancer and the task. taskFacts is what that decision reads; judgeTask is the decision.

// taskFacts is what ECS depends on to start one task.
type taskFacts struct {
	Account, Region string
	// ExecutionRole is the task definition's execution role with its policies; nil when the task
	// definition names none.
	ExecutionRole *iamsim.Principal
	Images        []string
	// CacheRules are the ECR pull-through cache prefixes of the account, Repositories its
	// private repositories.
	CacheRules   map[string]bool
	Repositories map[string]bool
	Secrets      []secretRef
	LogGroups    []string
	Network      networkFacts
	// Balanced is set when the service puts the task behind a load balancer.
	Balanced *balancerFacts
	// Proxied is set when the Bridge container is given HTTPS_PROXY (an egress proxy instead of
	// a NAT).
	Proxied bool
}

type secretRef struct {
	ARN     string // the secret, without the JSON key and version suffix of a valueFrom
	KMSKey  string // the customer managed key it is encrypted with, if any
	Missing bool   // no such secret in the account
}

// networkFacts is what the task's subnets reach.
type networkFacts struct {
	// Internet is a default route to a NAT gateway or NAT instance, or to an internet gateway for
	// a task with a public IP.
	Internet bool
	// Endpoints are the AWS services reachable through VPC endpoints from the subnets: the short
	// names ecr.api, ecr.dkr, logs, secretsmanager (interface, private DNS) and s3 (gateway, in
	// the subnets' route tables).
	Endpoints map[string]bool
}

func (n networkFacts) reaches(services ...string) bool {
	if n.Internet {
		return true
	}
	for _, s := range services {
		if !n.Endpoints[s] {
			return false
		}
	}
	return true
}

// balancerFacts is the path from the load balancer to the task's port.
type balancerFacts struct {
	Port            int
	TaskAdmitsALB   bool // a task security group allows the ALB's groups (or their addresses) on Port
	ALBReachesTasks bool // an ALB security group's egress allows the task's groups on Port
}

// taskVerdict is ECS's answer: whether the task runs (and its target is healthy), and otherwise
// the reason ECS gives.
type taskVerdict struct {
	Runs   bool
	Reason string
	// Unjudged says why no decision could be made (the simulator could not run).
	Unjudged   string
	generation int
}

// decide evaluates IAM requests for the execution role; tests give a fake.
type decide func(principal iamsim.Principal, reqs []iamsim.Request) ([]iamsim.Result, error)

func simulate(principal iamsim.Principal, reqs []iamsim.Request) ([]iamsim.Result, error) {
	for i := range reqs {
		reqs[i].Principal = "execution"
	}
	return iamsim.Simulate(map[string]iamsim.Principal{"execution": principal}, reqs)
}

// judgeTask follows the order in which ECS on Fargate prepares a task (Amazon ECS Developer Guide,
// "Amazon ECS task lifecycle" and "Amazon ECS stopped tasks errors"): registry authentication and
// secrets are fetched with the execution role before any container starts
// (ResourceInitializationError), then the images are pulled (CannotPullContainerError), the log
// streams created (CannotStartContainerError), and a task behind a load balancer counts only once
// its target passes the health check. The Bridge opens its port only after it fetched
// BaseMachina's public key over the internet, so a target is healthy only with internet egress.
func judgeTask(f taskFacts, allowed decide) taskVerdict {
	role := "the task definition's execution role"
	if f.ExecutionRole != nil {
		role = f.ExecutionRole.ARN
	}
	// Registry authentication and secrets come first.
	var first []iamsim.Request
	var why []string
	for _, img := range f.Images {
		if _, ok := ecrRepository(img); ok {
			first = append(first, iamsim.Request{Action: "ecr:GetAuthorizationToken", Resource: "*"})
			why = append(why, "ResourceInitializationError: unable to pull secrets or registry auth: unable to retrieve ecr registry auth for "+img)
		}
	}
	for _, s := range f.Secrets {
		first = append(first, iamsim.Request{Action: "secretsmanager:GetSecretValue", Resource: s.ARN})
		why = append(why, "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret "+s.ARN)
		if s.KMSKey != "" {
			first = append(first, iamsim.Request{Action: "kms:Decrypt", Resource: s.KMSKey, Context: map[string]any{"kms:ViaService": "secretsmanager." + f.Region + ".amazonaws.com"},
				ResourcePolicy: defaultKeyPolicy(f.Account)})
			why = append(why, "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: failed to decrypt secret "+s.ARN+" with KMS key "+s.KMSKey)
		}
	}
	if len(f.Secrets) > 0 && !f.Network.reaches("secretsmanager") {
		return taskVerdict{Reason: "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): RequestError: send request failed caused by: dial tcp: i/o timeout (no route to Secrets Manager from the task's subnets)"}
	}
	if v := deny(f, allowed, first, why, role); !v.Runs || v.Unjudged != "" {
		return v
	}
	for _, s := range f.Secrets {
		if s.Missing {
			return taskVerdict{Reason: "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): ResourceNotFoundException: Secrets Manager can't find the specified secret. (" + s.ARN + ")"}
		}
	}
	// Then the images.
	var pulls []iamsim.Request
	why = nil
	for _, img := range f.Images {
		repo, ok := ecrRepository(img)
		if !ok {
			// A public registry is reached over the internet only.
			if !f.Network.Internet {
				return taskVerdict{Reason: "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref " + img + ": dial tcp: i/o timeout (no internet route from the task's subnets)"}
			}
			continue
		}
		if !f.Network.reaches("ecr.api", "ecr.dkr", "s3") {
			return taskVerdict{Reason: "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref " + img + ": dial tcp: i/o timeout (neither a NAT route nor the ECR and S3 endpoints from the task's subnets)"}
		}
		arn := fmt.Sprintf("arn:aws:ecr:%s:%s:repository/%s", f.Region, f.Account, repo)
		for _, a := range []string{"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"} {
			pulls = append(pulls, iamsim.Request{Action: a, Resource: arn})
			why = append(why, "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref "+img+": AccessDeniedException")
		}
		prefix, _, _ := strings.Cut(repo, "/")
		if strings.Contains(repo, "/") && f.CacheRules[prefix] {
			// The first pull through a cache rule creates the repository and imports the image as
			// the execution role (Amazon ECR User Guide, "IAM permissions required to sync an
			// upstream registry with an Amazon ECR private registry").
			for _, a := range []string{"ecr:BatchImportUpstreamImage", "ecr:CreateRepository"} {
				pulls = append(pulls, iamsim.Request{Action: a, Resource: arn})
				why = append(why, "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref "+img+": the pull through cache could not import the image (AccessDeniedException)")
			}
		} else if !f.Repositories[repo] {
			return taskVerdict{Reason: "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref " + img + ": " + repo + ": not found (no such repository, and no pull through cache rule for its prefix " + prefix + ")"}
		}
	}
	if v := deny(f, allowed, pulls, why, role); !v.Runs || v.Unjudged != "" {
		return v
	}
	// Then the log streams.
	var logs []iamsim.Request
	why = nil
	for _, g := range f.LogGroups {
		if !f.Network.reaches("logs") {
			return taskVerdict{Reason: "CannotStartContainerError: failed to initialize logging driver: failed to create Cloudwatch log stream: RequestError: send request failed (no route to CloudWatch Logs from the task's subnets)"}
		}
		arn := fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s:log-stream:*", f.Region, f.Account, g)
		for _, a := range []string{"logs:CreateLogStream", "logs:PutLogEvents"} {
			logs = append(logs, iamsim.Request{Action: a, Resource: arn})
			why = append(why, "CannotStartContainerError: failed to initialize logging driver: failed to create Cloudwatch log stream: AccessDeniedException on "+g)
		}
	}
	if v := deny(f, allowed, logs, why, role); !v.Runs || v.Unjudged != "" {
		return v
	}
	// Then the health check.
	if b := f.Balanced; b != nil {
		switch {
		case !b.TaskAdmitsALB || !b.ALBReachesTasks:
			return taskVerdict{Reason: fmt.Sprintf("Task failed ELB health checks: the security groups do not let the load balancer reach port %d of the task", b.Port)}
		case !f.Network.Internet && !f.Proxied:
			return taskVerdict{Reason: "Task failed ELB health checks: the Bridge opens its port only after it fetched BaseMachina's public key, and the task's subnets have no internet route (NAT gateway, NAT instance) or egress proxy"}
		}
	}
	return taskVerdict{Runs: true}
}

// deny evaluates reqs for the execution role and returns the reason of the first denied one.
func deny(f taskFacts, allowed decide, reqs []iamsim.Request, why []string, role string) taskVerdict {
	if len(reqs) == 0 {
		return taskVerdict{Runs: true}
	}
	if f.ExecutionRole == nil {
		return taskVerdict{Reason: strings.TrimSuffix(why[0], ": AccessDeniedException") + ": the task definition has no execution role"}
	}
	for i := range reqs {
		reqs[i].Account = f.Account
		reqs[i].Unvalidated = true
		if reqs[i].Context == nil {
			reqs[i].Context = map[string]any{}
		}
		reqs[i].Context["aws:SecureTransport"] = "true"
		reqs[i].Context["aws:RequestedRegion"] = f.Region
	}
	results, err := allowed(*f.ExecutionRole, reqs)
	if err != nil {
		return taskVerdict{Unjudged: "the IAM simulator could not evaluate the execution role: " + err.Error()}
	}
	for i, r := range results {
		if !r.Allowed() {
			return taskVerdict{Reason: fmt.Sprintf("%s: User: %s is not authorized to perform: %s on resource: %s (%s)", why[i], role, reqs[i].Action, reqs[i].Resource, r.Explain())}
		}
	}
	return taskVerdict{Runs: true}
}

// ecrRepository is the repository of a private ECR image (<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]).
func ecrRepository(image string) (string, bool) {
	host, path, ok := strings.Cut(image, "/")
	if !ok || !strings.Contains(host, ".dkr.ecr.") {
		return "", false
	}
	if at := strings.Index(path, "@"); at >= 0 {
		path = path[:at]
	} else if colon := strings.LastIndex(path, ":"); colon >= 0 {
		path = path[:colon]
	}
	return path, true
}

// defaultKeyPolicy is a KMS key's default policy, which lets the account's IAM policies decide
// (AWS KMS Developer Guide, "Default key policy").
func defaultKeyPolicy(account string) []byte {
	return []byte(`{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + account + `:root"},"Action":"kms:*","Resource":"*"}]}`)
}
