package moto

import (
	"encoding/json"
	"net/http"
)

// Application Auto Scaling tags: moto 5.2.1 stores scalable targets but not their tags.

// appAutoScalingState is what the front holds for Application Auto Scaling.
type appAutoScalingState struct {
	tags map[string]map[string]string // scalable target ARN -> tags
}

func newAppAutoScalingState() appAutoScalingState {
	return appAutoScalingState{tags: map[string]map[string]string{}}
}

func (f *Front) appAutoScalingService() awsService {
	return awsService{
		name: "application-autoscaling",
		actions: map[string]jsonHandler{
			"ListTagsForResource": f.listScaleTags,
			"TagResource":         f.tagScaleTarget,
			"UntagResource":       f.untagScaleTarget,
		},
		adjust: func(_ *http.Request, action string, reqBody, respBody []byte) []byte {
			if action == "RegisterScalableTarget" {
				f.tagRegisteredTarget(reqBody, respBody)
			}
			return respBody
		},
	}
}

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
	if f.scaling.tags[out.ScalableTargetARN] == nil {
		f.scaling.tags[out.ScalableTargetARN] = map[string]string{}
	}
	for k, v := range in.Tags {
		f.scaling.tags[out.ScalableTargetARN][k] = v
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
	tags := f.scaling.tags[in.ResourceARN]
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
	if f.scaling.tags[in.ResourceARN] == nil {
		f.scaling.tags[in.ResourceARN] = map[string]string{}
	}
	for k, v := range in.Tags {
		f.scaling.tags[in.ResourceARN][k] = v
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
		delete(f.scaling.tags[in.ResourceARN], k)
	}
	return map[string]any{}, nil
}
