package diagnose

import (
	"encoding/json"
	"strconv"

	"terraform-basemachina-modules/internal/i18n"

	"terraform-basemachina-modules/internal/tfplan"
)

// Stack is what bridgectl needs to know about a deployment, read once from the example's
// `terraform output -json` for every command (doctor, logs, seed).
type Stack struct {
	Region                 string   `json:"region"`
	ClusterName            string   `json:"cluster_name"`
	ServiceName            string   `json:"service_name"`
	TargetGroupARN         string   `json:"target_group_arn"`
	ALBSecurityGroupID     string   `json:"alb_security_group_id"`
	TaskSecurityGroupID    string   `json:"task_security_group_id"`
	DBSecurityGroupID      string   `json:"db_security_group_id"`
	AllowedCIDRBlocks      []string `json:"allowed_cidr_blocks"`
	BridgePort             int      `json:"bridge_port"`
	PrivateSubnetIDs       []string `json:"private_subnet_ids"`
	CertificateARN         string   `json:"certificate_arn"`
	DomainName             string   `json:"domain_name"`
	Route53ZoneID          string   `json:"route53_zone_id"`
	ALBDNSName             string   `json:"alb_dns_name"`
	PullThroughCachePrefix string   `json:"pull_through_cache_prefix"`
	LogGroupName           string   `json:"log_group_name"`
	SeedTaskDefinitionARN  string   `json:"seed_task_definition_arn"`
	SeedLogGroupName       string   `json:"seed_log_group_name"`
	SeedBucketName         string   `json:"seed_bucket_name"`
}

// FromTerraformOutput reads `terraform output -json`: an object of {"value": ...} per output.
func FromTerraformOutput(data []byte) (Stack, error) {
	flat, err := tfplan.FlattenOutputs(data)
	if err != nil {
		return Stack{}, err
	}
	var s Stack
	if err := json.Unmarshal(flat, &s); err != nil {
		return Stack{}, i18n.Errorf("Cannot read the Terraform outputs: %w", err)
	}
	return s, nil
}

// Missing names the outputs a stack lacks for the core checks, in a fixed order (a message
// that names them reads the same on every run).
func (s Stack) Missing() []string {
	var m []string
	for _, o := range []struct{ name, value string }{
		{"region", s.Region}, {"cluster_name", s.ClusterName}, {"service_name", s.ServiceName}, {"target_group_arn", s.TargetGroupARN},
	} {
		if o.value == "" {
			m = append(m, o.name)
		}
	}
	return m
}

func (s Stack) port() string { return strconv.Itoa(s.BridgePort) }
