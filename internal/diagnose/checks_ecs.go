package diagnose

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

func (d *Doctor) checkService(ctx context.Context) Result {
	const name = "ecs-service"
	out, err := d.Clients.ECS.DescribeServices(ctx, &ecs.DescribeServicesInput{
		Cluster: aws.String(d.Stack.ClusterName), Services: []string{d.Stack.ServiceName},
	})
	if err != nil {
		return d.apiError(name, err)
	}
	if len(out.Services) == 0 || aws.ToString(out.Services[0].Status) != "ACTIVE" {
		return Result{Check: name, Status: Fail,
			Summary:     d.Lang.S("The ECS service is missing or not ACTIVE: ") + d.Stack.ServiceName,
			Remediation: d.Lang.S("Check that terraform apply finished and that cluster_name and service_name are right."),
		}
	}
	svc := out.Services[0]
	var events []string
	for i, e := range svc.Events {
		if i == 3 {
			break
		}
		events = append(events, aws.ToString(e.Message))
	}
	for _, dep := range svc.Deployments {
		if dep.RolloutState == ecstypes.DeploymentRolloutStateFailed {
			return Result{Check: name, Status: Fail,
				Summary: d.Lang.S("The latest deployment failed and the circuit breaker rolled it back: ") +
					aws.ToString(dep.RolloutStateReason),
				Details:     events,
				Remediation: d.Lang.S("Fix the cause shown under stopped tasks, then deploy again."),
			}
		}
	}
	if svc.RunningCount != svc.DesiredCount || svc.DesiredCount == 0 {
		return Result{Check: name, Status: Fail,
			Summary:     fmt.Sprintf(d.Lang.S("%d of %d desired tasks running"), svc.RunningCount, svc.DesiredCount),
			Details:     events,
			Remediation: d.Lang.S("See the stopped tasks' reasons and target health below; right after a deploy, `bridgectl doctor --wait` waits for it."),
		}
	}
	return Result{Check: name, Status: Pass,
		Summary: fmt.Sprintf(d.Lang.S("%d of %d desired tasks running"), svc.RunningCount, svc.DesiredCount),
		Details: events,
	}
}

// stopCause maps a stopped task's reasons to a cause and a fix.
func (d *Doctor) stopCause(reason string) (string, string) {
	switch {
	case strings.Contains(reason, "CannotPullContainerError"):
		return d.Lang.S("the image cannot be pulled"),
			d.Lang.S("Check that the execution role may call ecr:BatchImportUpstreamImage and ecr:CreateRepository on the cache prefix, and that the private subnets reach ECR (NAT, or ecr.api/ecr.dkr plus the S3 endpoint).")
	case strings.Contains(reason, "ResourceInitializationError"):
		return d.Lang.S("secrets could not be retrieved or logging could not start"),
			d.Lang.S("Check that the TENANT_ID secret exists and the execution role may read it, and that Secrets Manager and CloudWatch Logs are reachable (NAT or endpoints with private DNS).")
	case strings.Contains(reason, "Essential container in task exited"):
		return d.Lang.S("the Bridge process exited"),
			d.Lang.S("Read the logs: the Bridge exits when the public-key fetch gets a 4xx. Check BASEMACHINA_API_URL, egress to api.basemachina.com (NAT), and the TENANT_ID value.")
	case strings.Contains(reason, "ELB health checks"):
		return d.Lang.S("the ALB health check failed"),
			d.Lang.S("The Bridge opens its port only after fetching the public key: check egress to api.basemachina.com through NAT, and that the task security group admits the ALB.")
	default:
		return d.Lang.S("unknown"), d.Lang.S("Read the task's stop reason in the ECS console.")
	}
}

func (d *Doctor) checkStoppedTasks(ctx context.Context) Result {
	const name = "stopped-tasks"
	list, err := d.Clients.ECS.ListTasks(ctx, &ecs.ListTasksInput{
		Cluster: aws.String(d.Stack.ClusterName), ServiceName: aws.String(d.Stack.ServiceName), DesiredStatus: ecstypes.DesiredStatusStopped,
	})
	if err != nil {
		return d.apiError(name, err)
	}
	if len(list.TaskArns) == 0 {
		return Result{Check: name, Status: Pass, Summary: d.Lang.S("No recently stopped tasks")}
	}
	tasks, err := d.Clients.ECS.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(d.Stack.ClusterName), Tasks: list.TaskArns})
	if err != nil {
		return d.apiError(name, err)
	}
	var details []string
	worst := Pass
	remediation := ""
	for _, task := range tasks.Tasks {
		reasons := []string{aws.ToString(task.StoppedReason)}
		for _, c := range task.Containers {
			if r := aws.ToString(c.Reason); r != "" {
				reasons = append(reasons, r)
			}
		}
		all := strings.Join(reasons, " / ")
		// Scale-in and replaced deployments stop tasks normally.
		if strings.Contains(all, "Scaling activity") || strings.Contains(all, "deployment") && !strings.Contains(all, "failed") {
			continue
		}
		cause, fix := d.stopCause(all)
		details = append(details, fmt.Sprintf("%s: %s -> %s", shortID(aws.ToString(task.TaskArn)), all, cause))
		if remediation == "" {
			remediation = fix
		}
		worst = Fail
	}
	if worst == Pass {
		return Result{Check: name, Status: Pass, Summary: d.Lang.S("No task stopped abnormally")}
	}
	return Result{Check: name, Status: Fail,
		Summary: fmt.Sprintf(d.Lang.S("%d task(s) stopped abnormally"), len(details)),
		Details: details, Remediation: remediation}
}

func shortID(arn string) string {
	if i := strings.LastIndex(arn, "/"); i >= 0 {
		return arn[i+1:]
	}
	return arn
}
