package tfplan

import (
	"encoding/json"

	"terraform-basemachina-modules/internal/i18n"
)

// FlattenOutputs turns `terraform output -json` ({"name": {"value": ...}}) into {"name": ...}, so
// it can be decoded straight into a struct with json tags.
func FlattenOutputs(data []byte) ([]byte, error) {
	var outputs map[string]struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(data, &outputs); err != nil {
		return nil, i18n.Errorf("Cannot read `terraform output -json`: %w", err)
	}
	flat := make(map[string]json.RawMessage, len(outputs))
	for k, v := range outputs {
		flat[k] = v.Value
	}
	return json.Marshal(flat)
}
