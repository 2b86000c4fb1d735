//go:build emulator

package emulator_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/rds"

	"terraform-basemachina-modules/test/examples"
	"terraform-basemachina-modules/test/tfstate"
)

// TestDevProfileCycle applies examples/dev (NAT instance, Fargate Spot, working hours), checks
// what the emulator holds, diagnoses it, removes its database as an operator would, and destroys
// it without leftovers: nothing in the profile is protected from deletion.
func TestDevProfileCycle(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	const name = "bridge-dev"
	s := newStack(t, w, "examples/dev", "", map[string]any{"name": name, "tenant_id": "tenant-one", "domain_name": testDomain})
	if err := examples.WriteTestCertificate(s.dir); err != nil {
		t.Fatal(err)
	}
	t.Logf("apply: %s", s.apply())
	assertNoDrift(t, s.plan())
	assertRulesHold(t, s)
	out := s.outputs()
	// The IAM evaluation sees a grant missing: without the SSM statement the apply role could not
	// create the NAT instance's launch template, whose image is resolve:ssm:.
	assertNeeded(t, w, "apply", "ResolveTheNatInstanceImage", "ec2.CreateLaunchTemplate", "ssm:GetParameters")

	// Every private subnet routes to the NAT instance's fixed interface.
	eni := stateValue(t, s, "module.network.aws_network_interface.nat_instance[0]", "id")
	tables, err := ec2.NewFromConfig(w.cfg).DescribeRouteTables(ctx(t), &ec2.DescribeRouteTablesInput{
		Filters: []ec2types.Filter{{Name: aws.String("association.subnet-id"), Values: strs(t, bridgeOf(t, out), "private_subnet_ids")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	routed := 0
	for _, rt := range tables.RouteTables {
		for _, r := range rt.Routes {
			if aws.ToString(r.DestinationCidrBlock) == "0.0.0.0/0" && aws.ToString(r.NetworkInterfaceId) == eni {
				routed++
			}
		}
	}
	if routed != 2 {
		t.Errorf("%d private route tables send 0.0.0.0/0 to the NAT instance's interface %s, want 2", routed, eni)
	}
	if check := stateValue(t, s, "module.network.aws_network_interface.nat_instance[0]", "source_dest_check"); check != "false" {
		t.Errorf("the NAT interface's source/destination check reads back %s, want false", check)
	}
	if size := stateValue(t, s, "module.network.aws_autoscaling_group.nat_instance[0]", "desired_capacity"); size != "1" {
		t.Errorf("the NAT instance group's desired capacity is %s, want 1", size)
	}

	// The service was created on Spot. moto 5.2.1 drops a service's capacity provider strategy, so
	// the front reports the one CreateService carried (test/moto/ecs.go): this proves the
	// request, and the plan without drift proves the provider reads it back as configured.
	services, err := ecs.NewFromConfig(w.cfg).DescribeServices(ctx(t), &ecs.DescribeServicesInput{
		Cluster: aws.String(str(t, bridgeOf(t, out), "cluster_name")), Services: []string{str(t, bridgeOf(t, out), "service_name")},
	})
	if err != nil || len(services.Services) != 1 {
		t.Fatalf("describe the Bridge service: %v", err)
	}
	strategy := services.Services[0].CapacityProviderStrategy
	if len(strategy) != 1 || aws.ToString(strategy[0].CapacityProvider) != "FARGATE_SPOT" {
		t.Errorf("the service's capacity provider strategy is %+v, want FARGATE_SPOT alone", strategy)
	}

	// Working hours: start and stop actions in Tokyo time on the service's scalable target.
	for _, action := range []string{"start", "stop"} {
		addr := "module.bridge.aws_appautoscaling_scheduled_action." + action + "[0]"
		if tz := stateValue(t, s, addr, "timezone"); tz != "Asia/Tokyo" {
			t.Errorf("%s reads back time zone %q, want Asia/Tokyo", addr, tz)
		}
	}
	assertDoctor(t, s, out)

	scheduleOffAndOnAgain(t, s)
	spotWeightsRollInPlace(t, s, w, out)
	natInstanceToGatewayAndBack(t, s, w, out)
	postgresMajorUpgrade(t, s, w)

	// Turning the database off removes it and its seed task, and leaves the Bridge running.
	s.set(map[string]any{"create_database": false})
	s.apply()
	if left := w.inventory(t).Matching(name)["db instance"]; len(left) > 0 {
		t.Errorf("create_database = false left the database: %v", left)
	}
	if _, err := ecs.NewFromConfig(w.cfg).DescribeServices(ctx(t), &ecs.DescribeServicesInput{
		Cluster: aws.String(str(t, bridgeOf(t, out), "cluster_name")), Services: []string{str(t, bridgeOf(t, out), "service_name")},
	}); err != nil {
		t.Errorf("the Bridge service is gone with the database: %v", err)
	}

	s.must("destroy", "-auto-approve", "-input=false")
	if left := w.inventory(t).Matching(name); len(left) > 0 {
		t.Errorf("destroying examples/dev left behind:\n%s", left)
	}
}

// scheduleOffAndOnAgain switches the working hours off and on again, as a team moving a development
// Bridge to round-the-clock and back does. Each apply must succeed and re-plan clean: two scalable
// targets for the same service (1.0.0) raced here, one registered while the other was deregistered.
func scheduleOffAndOnAgain(t *testing.T, s *stack) {
	t.Helper()
	const target = "module.bridge.aws_appautoscaling_target.this"
	s.set(map[string]any{"working_hours": nil})
	s.apply()
	assertNoDrift(t, s.plan())
	if lo, hi := stateValue(t, s, target, "min_capacity"), stateValue(t, s, target, "max_capacity"); lo != "1" || hi != "1" {
		t.Errorf("without working hours the scalable target holds %s..%s, want 1..1 (desired_count)", lo, hi)
	}
	if left := s.scheduledActions(); len(left) != 0 {
		t.Errorf("without working hours the service keeps scheduled actions %v", left)
	}

	s.unset("working_hours")
	s.apply()
	assertNoDrift(t, s.plan())
	if lo, hi := stateValue(t, s, target, "min_capacity"), stateValue(t, s, target, "max_capacity"); lo != "0" || hi != "1" {
		t.Errorf("with working hours the scalable target holds %s..%s, want 0..1 (harmless at any hour)", lo, hi)
	}
	if got := s.scheduledActions(); len(got) != 2 {
		t.Errorf("with working hours again the service has scheduled actions %v, want start and stop", got)
	}
}

// spotWeightsRollInPlace changes the capacity provider strategy (an on-demand base under Spot) and
// expects an in-place update of the service, never its replacement: replacing it deletes and drains
// the Bridge before the new one starts.
func spotWeightsRollInPlace(t *testing.T, s *stack, w *world, out map[string]any) {
	t.Helper()
	override := `module "bridge" {
  capacity_provider_strategy = { FARGATE = { base = 1, weight = 1 }, FARGATE_SPOT = { weight = 3 } }
}
`
	if err := os.WriteFile(filepath.Join(s.dir, "strategy_override.tf"), []byte(override), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range changes(s.plan()) {
		if c.Address == "module.bridge.aws_ecs_service.this" && c.Actions.Replace() {
			t.Errorf("a new capacity provider strategy replaces the Bridge service: %s", c)
		}
	}
	s.apply()
	assertNoDrift(t, s.plan())
	services, err := ecs.NewFromConfig(w.cfg).DescribeServices(ctx(t), &ecs.DescribeServicesInput{
		Cluster: aws.String(str(t, bridgeOf(t, out), "cluster_name")), Services: []string{str(t, bridgeOf(t, out), "service_name")},
	})
	if err != nil || len(services.Services) != 1 {
		t.Fatalf("describe the Bridge service: %v", err)
	}
	if got := services.Services[0].CapacityProviderStrategy; len(got) != 2 {
		t.Errorf("the service's strategy is %+v after the change, want FARGATE (base 1) and FARGATE_SPOT", got)
	}
}

// natInstanceToGatewayAndBack moves the egress from the NAT instance to a NAT gateway and back, as
// a team does when development becomes a staging environment and back: each apply succeeds, re-plans
// clean, and leaves the private subnets routed to the mode chosen.
func natInstanceToGatewayAndBack(t *testing.T, s *stack, w *world, out map[string]any) {
	t.Helper()
	override := filepath.Join(s.dir, "egress_override.tf")
	if err := os.WriteFile(override, []byte("module \"network\" {\n  nat_mode = \"single\"\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.apply()
	assertNoDrift(t, s.plan())
	if got := privateDefaultRoutes(t, w, out); got["nat"] != 2 || got["eni"] != 0 {
		t.Errorf("with a NAT gateway the private default routes go to %v, want both to the gateway", got)
	}
	if err := os.Remove(override); err != nil {
		t.Fatal(err)
	}
	s.apply()
	assertNoDrift(t, s.plan())
	if got := privateDefaultRoutes(t, w, out); got["eni"] != 2 || got["nat"] != 0 {
		t.Errorf("back on the NAT instance the private default routes go to %v, want both to its interface", got)
	}
}

// postgresMajorUpgrade follows docs/upgrade.md: a full target version with the major upgrade
// allowed and the minor pinned. The instance is modified in place, at once, with a parameter group of
// the new family, and the next plan is clean.
func postgresMajorUpgrade(t *testing.T, s *stack, w *world) {
	t.Helper()
	const instance = "module.datastore[0].aws_db_instance.this"
	override := `module "datastore" {
  engine_version              = "18.1"
  allow_major_version_upgrade = true
  auto_minor_version_upgrade  = false
}
`
	if err := os.WriteFile(filepath.Join(s.dir, "postgres_override.tf"), []byte(override), 0o600); err != nil {
		t.Fatal(err)
	}
	id := stateValue(t, s, instance, "id")
	for _, c := range changes(s.plan()) {
		if c.Address == instance && c.Actions.Replace() {
			t.Fatalf("a major upgrade replaces the database: %s", c)
		}
	}
	s.apply()
	assertNoDrift(t, s.plan())
	if got := stateValue(t, s, instance, "id"); got != id {
		t.Errorf("the upgraded database is %s, want the same instance %s", got, id)
	}
	db, err := rds.NewFromConfig(w.cfg).DescribeDBInstances(ctx(t), &rds.DescribeDBInstancesInput{DBInstanceIdentifier: aws.String(stateValue(t, s, instance, "identifier"))})
	if err != nil || len(db.DBInstances) != 1 {
		t.Fatalf("describe the database: %v", err)
	}
	got := db.DBInstances[0]
	if aws.ToString(got.EngineVersion) != "18.1" {
		t.Errorf("the database runs %s after the upgrade, want 18.1", aws.ToString(got.EngineVersion))
	}
	if len(got.DBParameterGroups) != 1 || !strings.Contains(aws.ToString(got.DBParameterGroups[0].DBParameterGroupName), "-postgres-18-") {
		t.Errorf("the upgraded database uses parameter groups %+v, want the new postgres18 one", got.DBParameterGroups)
	}
}

// privateDefaultRoutes counts the private subnets' default routes by target kind (nat, eni).
func privateDefaultRoutes(t *testing.T, w *world, out map[string]any) map[string]int {
	t.Helper()
	tables, err := ec2.NewFromConfig(w.cfg).DescribeRouteTables(ctx(t), &ec2.DescribeRouteTablesInput{
		Filters: []ec2types.Filter{{Name: aws.String("association.subnet-id"), Values: strs(t, bridgeOf(t, out), "private_subnet_ids")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, rt := range tables.RouteTables {
		for _, r := range rt.Routes {
			if aws.ToString(r.DestinationCidrBlock) != "0.0.0.0/0" {
				continue
			}
			switch {
			case aws.ToString(r.NatGatewayId) != "":
				got["nat"]++
			case aws.ToString(r.NetworkInterfaceId) != "":
				got["eni"]++
			}
		}
	}
	return got
}

// scheduledActions lists the names of the Application Auto Scaling scheduled actions in the state.
func (s *stack) scheduledActions() []string {
	s.t.Helper()
	var names []string
	for _, line := range strings.Split(s.must("state", "list"), "\n") {
		if strings.Contains(line, "aws_appautoscaling_scheduled_action.") {
			names = append(names, line)
		}
	}
	return names
}

// stateValue reads one attribute of a resource from the stack's state, as Terraform read it back.
func stateValue(t *testing.T, s *stack, address, attribute string) string {
	t.Helper()
	v, ok := tfstate.Find(s.applied(), address)
	if !ok {
		t.Fatalf("%s is not in the state", address)
	}
	switch x := v[attribute].(type) {
	case string:
		return x
	case nil:
		return ""
	default:
		data, _ := json.Marshal(x)
		return strings.Trim(string(data), `"`)
	}
}
