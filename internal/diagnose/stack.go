package diagnose

import (
	"bytes"
	"encoding/json"
	"strconv"

	"terraform-basemachina-modules/internal/i18n"

	"terraform-basemachina-modules/internal/tfplan"
)

// The root module outputs bridgectl reads, each a module's `bridgectl` output forwarded whole:
// output "bridge" { value = module.bridge.bridgectl } and output "datastore" { value =
// module.datastore.bridgectl }. bridgectl reads no other output, so a root made by an older
// release (one output per field) is told what to forward instead.
const (
	BridgeOutput    = "bridge"
	DatastoreOutput = "datastore"
)

// Bridge is the bridge module's bridgectl object (modules/bridge/outputs.tf): its fields and
// their JSON names are the object's, and a test compares the two lists.
type Bridge struct {
	Region                 string   `json:"region"`
	ClusterName            string   `json:"cluster_name"`
	ServiceName            string   `json:"service_name"`
	TargetGroupARN         string   `json:"target_group_arn"`
	LogGroupName           string   `json:"log_group_name"`
	BridgePort             int      `json:"port"`
	ALBDNSName             string   `json:"alb_dns_name"`
	ALBSecurityGroupID     string   `json:"alb_security_group_id"`
	TaskSecurityGroupID    string   `json:"task_security_group_id"`
	PrivateSubnetIDs       []string `json:"private_subnet_ids"`
	AllowedCIDRBlocks      []string `json:"allowed_cidr_blocks"`
	CertificateARN         string   `json:"certificate_arn"`
	DomainName             string   `json:"domain_name"`
	Route53ZoneID          string   `json:"route53_zone_id"`
	PullThroughCachePrefix string   `json:"pull_through_cache_prefix"`
}

// Datastore is the datastore module's bridgectl object (modules/datastore/outputs.tf). The seed
// fields are empty when the module has no seed task. It has no region: seed and doctor use the
// Bridge's.
type Datastore struct {
	DBSecurityGroupID     string `json:"db_security_group_id"`
	SeedTaskDefinitionARN string `json:"seed_task_definition_arn"`
	SeedLogGroupName      string `json:"seed_log_group_name"`
	SeedLogStreamPrefix   string `json:"seed_log_stream_prefix"`
	SeedBucketName        string `json:"seed_bucket_name"`
	SeedObjectPrefix      string `json:"seed_object_prefix"`
}

// Stack is what bridgectl needs to know about a deployment, read once from the root module's
// `terraform output -json` for every command (doctor, logs, seed).
type Stack struct {
	Bridge
	Datastore
	// HasDatastore tells that the root forwards the datastore module's object.
	HasDatastore bool
}

// oldOutputs are outputs that roots of earlier releases had, one per field, and that no root has
// now: finding one tells an old root from one that forwards nothing.
var oldOutputs = []string{"cluster_name", "service_name", "target_group_arn", "log_group_name", "seed_task_definition_arn"}

// FromTerraformOutput reads `terraform output -json`: an object of {"value": ...} per output, of
// which bridgectl reads the bridge object (required) and the datastore object (when there is one).
func FromTerraformOutput(data []byte) (Stack, error) {
	flat, err := tfplan.FlattenOutputs(data)
	if err != nil {
		return Stack{}, err
	}
	var outputs map[string]json.RawMessage
	if err := json.Unmarshal(flat, &outputs); err != nil {
		return Stack{}, i18n.Errorf("Cannot read the Terraform outputs: %w", err)
	}
	var s Stack
	raw, ok := outputs[BridgeOutput]
	if !ok || isNull(raw) {
		for _, name := range oldOutputs {
			if _, old := outputs[name]; old {
				return Stack{}, i18n.Errorf("These Terraform outputs come from a root module of an earlier release: they have %s and the rest one by one, and no %s output. bridgectl now reads only the modules' bridgectl objects: in the root's outputs.tf, replace those outputs with `output \"bridge\" { value = module.bridge.bridgectl }` (and `output \"datastore\" { value = module.datastore.bridgectl }` for seed), then run terraform apply.", name, BridgeOutput)
			}
		}
		return Stack{}, i18n.Errorf("The Terraform outputs have no %s output, the bridge module's bridgectl object that bridgectl reads: add `output \"bridge\" { value = module.bridge.bridgectl }` to the root module, then run terraform apply.", BridgeOutput)
	}
	if err := json.Unmarshal(raw, &s.Bridge); err != nil {
		return Stack{}, i18n.Errorf("The %s output is not the bridge module's bridgectl object: %w", BridgeOutput, err)
	}
	if raw, ok := outputs[DatastoreOutput]; ok && !isNull(raw) {
		if err := json.Unmarshal(raw, &s.Datastore); err != nil {
			return Stack{}, i18n.Errorf("The %s output is not the datastore module's bridgectl object: %w", DatastoreOutput, err)
		}
		s.HasDatastore = true
	}
	return s, nil
}

func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

// Missing names the fields of the bridge object a stack lacks for the core checks, in a fixed
// order (a message that names them reads the same on every run).
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
