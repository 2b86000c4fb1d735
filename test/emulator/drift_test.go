//go:build emulator

package emulator_test

import (
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

// readBackGaps are the attributes that a second plan against moto 5.2.1 shows as changed although
// nothing changed, because moto does not store them or returns them in another form. Each entry
// names the gap; a real account stores them, and the Terratest suites under test/integration would
// see a real drift. Add an entry only with the moto behaviour that causes it.
var readBackGaps = map[string]map[string]string{
	"aws_vpc_security_group_ingress_rule": {
		"description": "moto drops the description of a rule created with AuthorizeSecurityGroupIngress",
	},
	"aws_vpc_security_group_egress_rule": {
		"description": "moto drops the description of a rule created with AuthorizeSecurityGroupEgress",
	},
	"aws_ecs_service": {
		"availability_zone_rebalancing":     "moto's ECS service model has no availabilityZoneRebalancing",
		"enable_ecs_managed_tags":           "moto's ECS service model has no enableECSManagedTags",
		"health_check_grace_period_seconds": "moto's ECS service model has no healthCheckGracePeriodSeconds",
	},
	"aws_autoscaling_group": {
		"capacity_reservation_specification": "moto returns no capacity reservation preference where the provider expects an empty one",
	},
	"aws_db_parameter_group": {
		"parameter": "moto keeps no Source on DB parameters, so the provider's read of the user-set ones comes back empty",
	},
}

// assertNoDrift fails for every change in p other than an in-place update of attributes listed in
// readBackGaps.
func assertNoDrift(t *testing.T, p *tfjson.Plan) {
	t.Helper()
	for _, c := range changes(p) {
		if !c.Actions.Update() {
			t.Errorf("a second plan right after apply would %v %s (attributes %v): the apply did not converge", c.Actions, c.Address, c.Attributes)
			continue
		}
		var unexplained []string
		for _, a := range c.Attributes {
			if _, ok := readBackGaps[c.Type][a]; !ok {
				unexplained = append(unexplained, a)
			}
		}
		if len(unexplained) > 0 {
			t.Errorf("a second plan right after apply would change %s: %s (not a known moto read-back gap)", c.Address, strings.Join(unexplained, ", "))
		}
	}
}
