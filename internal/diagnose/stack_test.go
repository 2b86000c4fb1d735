package diagnose

import (
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/test/leakcheck"
	"terraform-basemachina-modules/test/testfiles"
)

// The missing outputs are named in one order on every run: from a map they came in any order,
// so the same mistake printed a different message each time.
func TestMissingOutputsInAFixedOrder(t *testing.T) {
	want := []string{"cluster_name", "service_name", "target_group_arn"}
	for range 20 {
		if got := (Stack{Bridge: Bridge{Region: "ap-northeast-1"}}).Missing(); !slices.Equal(got, want) {
			t.Fatalf("wanted %v, got %v", want, got)
		}
	}
}

// bridgeObject is the bridge module's object as `terraform output -json` prints it, every field
// a value of its own.
const bridgeObject = `"bridge":{"sensitive":false,"type":["object",{}],"value":{
  "region":"eu-west-1","cluster_name":"acme","service_name":"acme-bridge","target_group_arn":"arn:tg",
  "log_group_name":"/ecs/acme/bridge","port":9090,"alb_dns_name":"acme-alb.elb.amazonaws.com",
  "alb_security_group_id":"sg-alb","task_security_group_id":"sg-task","private_subnet_ids":["subnet-a","subnet-c"],
  "allowed_cidr_blocks":["34.85.43.93/32","198.51.100.0/24"],"certificate_arn":"arn:cert","domain_name":"bridge.example.com",
  "route53_zone_id":"Z123","pull_through_cache_prefix":"acme-ecr-public","added_by_a_later_release":{"x":1}}}`

const datastoreObject = `"datastore":{"sensitive":false,"type":["object",{}],"value":{
  "db_security_group_id":"sg-db","seed_task_definition_arn":"arn:td/acme-seed:3","seed_log_group_name":"/ecs/acme/seed",
  "seed_log_stream_prefix":"seed","seed_bucket_name":"acme-seed-1","seed_object_prefix":"seed/"}}`

func TestStackFromTheBridgectlObjects(t *testing.T) {
	s, err := FromTerraformOutput([]byte(`{` + bridgeObject + `,` + datastoreObject + `,
	  "bridge_url":{"value":"https://bridge.example.com"},"nat_public_ips":{"value":["203.0.113.7"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := Stack{
		Bridge: Bridge{Region: "eu-west-1", ClusterName: "acme", ServiceName: "acme-bridge", TargetGroupARN: "arn:tg",
			LogGroupName: "/ecs/acme/bridge", BridgePort: 9090, ALBDNSName: "acme-alb.elb.amazonaws.com",
			ALBSecurityGroupID: "sg-alb", TaskSecurityGroupID: "sg-task", PrivateSubnetIDs: []string{"subnet-a", "subnet-c"},
			AllowedCIDRBlocks: []string{"34.85.43.93/32", "198.51.100.0/24"}, CertificateARN: "arn:cert", DomainName: "bridge.example.com",
			Route53ZoneID: "Z123", PullThroughCachePrefix: "acme-ecr-public"},
		Datastore: Datastore{DBSecurityGroupID: "sg-db", SeedTaskDefinitionARN: "arn:td/acme-seed:3", SeedLogGroupName: "/ecs/acme/seed",
			SeedLogStreamPrefix: "seed", SeedBucketName: "acme-seed-1", SeedObjectPrefix: "seed/"},
		HasDatastore: true,
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("wanted every field of both objects read:\n got %+v\nwant %+v", s, want)
	}

	// Without a datastore object (existing-vpc, the templates), or with a null one (dev without
	// its database), the Bridge's fields are still read.
	for _, data := range []string{`{` + bridgeObject + `}`, `{` + bridgeObject + `,"datastore":{"value":null}}`} {
		s, err := FromTerraformOutput([]byte(data))
		if err != nil || s.HasDatastore || s.DBSecurityGroupID != "" || s.ClusterName != "acme" {
			t.Errorf("wanted the bridge object alone, got %+v %v", s, err)
		}
	}
	// Null fields (no alias record, no cache) read as empty: those checks are skipped.
	s, err = FromTerraformOutput([]byte(`{"bridge":{"value":{"region":"eu-west-1","route53_zone_id":null,"pull_through_cache_prefix":null}}}`))
	if err != nil || s.Route53ZoneID != "" || s.PullThroughCachePrefix != "" {
		t.Errorf("wanted null fields read as empty, got %+v %v", s, err)
	}
}

// Outputs without the bridge object are refused with what the root must forward; outputs of a
// root made by an earlier release (one output per field) are told apart, in both languages.
func TestStackWithoutTheBridgeObject(t *testing.T) {
	for name, c := range map[string]struct {
		data string
		want []string
	}{
		"old flat outputs": {`{"region":{"value":"ap-northeast-1"},"cluster_name":{"value":"demo"},"service_name":{"value":"demo-bridge"},
		  "target_group_arn":{"value":"arn:tg"},"bridge_port":{"value":8080}}`,
			[]string{"earlier release", "cluster_name", "no bridge output", "`output \"bridge\" { value = module.bridge.bridgectl }`", "module.datastore.bridgectl"}},
		"old seed outputs only": {`{"seed_task_definition_arn":{"value":"arn:td"}}`, []string{"earlier release", "seed_task_definition_arn"}},
		"no bridge object": {`{"bridge_url":{"value":"https://bridge.example.com"},` + datastoreObject + `}`,
			[]string{"no bridge output", "`output \"bridge\" { value = module.bridge.bridgectl }`"}},
		"a null bridge object": {`{"bridge":{"value":null}}`, []string{"no bridge output", "module.bridge.bridgectl"}},
		"no outputs":           {`{}`, []string{"no bridge output"}},
	} {
		_, err := FromTerraformOutput([]byte(c.data))
		if err == nil {
			t.Errorf("%s: wanted an error", name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: wanted %q in %q", name, w, err)
			}
		}
		if !strings.HasPrefix(name, "old") && strings.Contains(err.Error(), "earlier release") {
			t.Errorf("%s: blamed an earlier release: %q", name, err)
		}
		ja := i18n.Japanese.Error(err)
		if p := leakcheck.Phrase(ja); p != "" || !strings.Contains(ja, "module.bridge.bridgectl") || !strings.Contains(ja, "bridge") {
			t.Errorf("%s: wanted the Japanese message to name the output and what to forward, with no English (%q): %q", name, p, ja)
		}
	}
	for name, data := range map[string]string{
		"not JSON":                 `not json`,
		"a bridge string":          `{"bridge":{"value":"acme"}}`,
		"a datastore list":         `{` + bridgeObject + `,"datastore":{"value":["sg-db"]}}`,
		"a port that is not a num": `{"bridge":{"value":{"port":"8080"}}}`,
	} {
		if _, err := FromTerraformOutput([]byte(data)); err == nil {
			t.Errorf("%s: wanted an error", name)
		}
	}
}

// jsonFields are the JSON names of a struct's fields.
func jsonFields(v any) []string {
	var out []string
	typ := reflect.TypeOf(v)
	for i := range typ.NumField() {
		if name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ","); name != "" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// bridgectl reads every field of the modules' objects and nothing else: a field renamed or added
// on one side only would be read as empty (a check skipped without a word) or never used.
func TestTheObjectsAreTheModulesOutputs(t *testing.T) {
	for module, v := range map[string]any{"bridge": Bridge{}, "datastore": Datastore{}} {
		keys, err := testfiles.OutputObjectKeys(filepath.Join(testfiles.Root(), "modules", module, "outputs.tf"), "bridgectl")
		if err != nil {
			t.Fatal(err)
		}
		if fields := jsonFields(v); !slices.Equal(keys, fields) {
			t.Errorf("modules/%s output bridgectl has %v, internal/diagnose reads %v", module, keys, fields)
		}
	}
}
