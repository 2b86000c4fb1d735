package emulator

import "encoding/json"

// Application Auto Scaling tags: moto 5.2.1 stores scalable targets but not their tags.

// tagRegisteredTarget keeps the tags given to RegisterScalableTarget, which moto ignores.
func (f *Front) tagRegisteredTarget(reqBody, respBody []byte) {
	var in struct {
		Tags map[string]string `json:"Tags"`
	}
	var out struct {
		ScalableTargetARN string `json:"ScalableTargetARN"`
	}
	if json.Unmarshal(reqBody, &in) != nil || json.Unmarshal(respBody, &out) != nil || out.ScalableTargetARN == "" || len(in.Tags) == 0 {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.scaleTags[out.ScalableTargetARN] == nil {
		f.scaleTags[out.ScalableTargetARN] = map[string]string{}
	}
	for k, v := range in.Tags {
		f.scaleTags[out.ScalableTargetARN][k] = v
	}
}

func (f *Front) listScaleTags(body []byte) (any, error) {
	var in struct {
		ResourceARN string `json:"ResourceARN"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	tags := f.scaleTags[in.ResourceARN]
	if tags == nil {
		tags = map[string]string{}
	}
	return map[string]any{"Tags": tags}, nil
}

func (f *Front) tagScaleTarget(body []byte) (any, error) {
	var in struct {
		ResourceARN string            `json:"ResourceARN"`
		Tags        map[string]string `json:"Tags"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.scaleTags[in.ResourceARN] == nil {
		f.scaleTags[in.ResourceARN] = map[string]string{}
	}
	for k, v := range in.Tags {
		f.scaleTags[in.ResourceARN][k] = v
	}
	return map[string]any{}, nil
}

func (f *Front) untagScaleTarget(body []byte) (any, error) {
	var in struct {
		ResourceARN string   `json:"ResourceARN"`
		TagKeys     []string `json:"TagKeys"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, k := range in.TagKeys {
		delete(f.scaleTags[in.ResourceARN], k)
	}
	return map[string]any{}, nil
}
