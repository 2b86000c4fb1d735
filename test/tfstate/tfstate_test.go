package tfstate

import (
	"strings"
	"testing"
)

const state = `{
  "version": 4,
  "resources": [
    {"mode": "data", "type": "aws_region", "name": "current", "instances": [{"attributes": {"name": "us-east-1"}}]},
    {"mode": "managed", "type": "aws_s3_bucket", "name": "seed", "instances": [{"attributes": {"bucket": "seed"}}]},
    {"module": "module.network", "mode": "managed", "type": "aws_eip", "name": "nat",
     "instances": [{"index_key": 0, "attributes": {"id": "a"}}, {"index_key": 1, "attributes": {"id": "b"}}]},
    {"module": "module.bridge.module.alarms[\"prod\"]", "mode": "managed", "type": "aws_cloudwatch_metric_alarm", "name": "this",
     "instances": [{"index_key": "5xx<&>", "attributes": {"alarm_name": "x"}}]}
  ]
}`

func TestManagedAddressesEveryInstanceAsTerraformDoes(t *testing.T) {
	got, err := Managed([]byte(state))
	if err != nil {
		t.Fatal(err)
	}
	var addresses []string
	for _, r := range got {
		addresses = append(addresses, r.Address)
	}
	want := `aws_s3_bucket.seed module.network.aws_eip.nat[0] module.network.aws_eip.nat[1] module.bridge.module.alarms["prod"].aws_cloudwatch_metric_alarm.this["5xx<&>"]`
	if strings.Join(addresses, " ") != want {
		t.Errorf("addresses\n got %s\nwant %s", strings.Join(addresses, " "), want)
	}
	if got[2].Module != "module.network" || got[2].Type != "aws_eip" || got[2].Name != "nat" || got[2].Str("id") != "b" {
		t.Errorf("the second EIP reads as %+v", got[2])
	}
	if v, ok := Find(got, "module.network.aws_eip.nat[0]"); !ok || v["id"] != "a" {
		t.Errorf("Find gives %v %v", v, ok)
	}
	if _, ok := Find(got, "data.aws_region.current"); ok {
		t.Error("a data source is listed as a managed resource")
	}
}

func TestManagedRefusesWhatIsNotAVersion4State(t *testing.T) {
	for name, input := range map[string]string{
		"version 3": `{"version": 3, "resources": []}`,
		"not JSON":  `terraform state pull failed`,
		"bad index": `{"version": 4, "resources": [{"mode": "managed", "type": "t", "name": "n", "instances": [{"index_key": true}]}]}`,
	} {
		if _, err := Managed([]byte(input)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
