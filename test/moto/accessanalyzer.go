package moto

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// moto 5.2.1 has no IAM Access Analyzer, which the bootstrap creates (an external-access analyzer
// whose findings EventBridge routes to a topic). The front answers the REST API the provider's
// aws_accessanalyzer_analyzer calls: CreateAnalyzer (PUT /analyzer), GetAnalyzer and
// DeleteAnalyzer (/analyzer/{name}), and the tag calls (/tags/{arn}), with the shapes of the
// Access Analyzer API Reference. It holds analyzers only: no finding is ever produced here.

// accessAnalyzerState is what the front holds for IAM Access Analyzer.
type accessAnalyzerState struct {
	byArn map[string]map[string]any // ARN -> the analyzer as GetAnalyzer returns it
}

func newAccessAnalyzerState() accessAnalyzerState {
	return accessAnalyzerState{byArn: map[string]map[string]any{}}
}

func (f *Front) accessAnalyzerService() awsService {
	return awsService{name: "access-analyzer", serve: func(w http.ResponseWriter, r *http.Request, _ string, body []byte) bool {
		f.serveAccessAnalyzer(w, r, body)
		return true
	}}
}

// serveAccessAnalyzer answers every Access Analyzer request.
func (f *Front) serveAccessAnalyzer(w http.ResponseWriter, r *http.Request, body []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a := &f.analyzers
	path := r.URL.EscapedPath()
	answer := func(status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		if status != http.StatusOK {
			w.Header().Set("X-Amzn-Errortype", "ResourceNotFoundException")
		}
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	}
	notFound := func(what string) { answer(http.StatusNotFound, map[string]string{"message": what + " not found"}) }
	byName := func(name string) (string, map[string]any) {
		for arn, an := range a.byArn {
			if an["name"] == name {
				return arn, an
			}
		}
		return "", nil
	}
	switch {
	case r.Method == http.MethodPut && path == "/analyzer":
		var in struct {
			AnalyzerName string            `json:"analyzerName"`
			Type         string            `json:"type"`
			Tags         map[string]string `json:"tags"`
		}
		if err := json.Unmarshal(body, &in); err != nil || in.AnalyzerName == "" {
			answer(http.StatusBadRequest, map[string]string{"message": "analyzerName is required"})
			return
		}
		arn := "arn:aws:access-analyzer:" + regionOf(r) + ":" + f.account + ":analyzer/" + in.AnalyzerName
		if in.Tags == nil {
			in.Tags = map[string]string{}
		}
		a.byArn[arn] = map[string]any{
			"arn": arn, "name": in.AnalyzerName, "type": in.Type, "status": "ACTIVE", "tags": in.Tags,
			"createdAt": time.Now().UTC().Format(time.RFC3339),
		}
		answer(http.StatusOK, map[string]string{"arn": arn})
	case strings.HasPrefix(path, "/analyzer/"):
		name, _ := url.PathUnescape(strings.TrimPrefix(path, "/analyzer/"))
		arn, an := byName(name)
		if an == nil {
			notFound("analyzer " + name)
			return
		}
		if r.Method == http.MethodDelete {
			delete(a.byArn, arn)
			answer(http.StatusOK, map[string]any{})
			return
		}
		answer(http.StatusOK, map[string]any{"analyzer": an})
	case strings.HasPrefix(path, "/tags/"):
		arn, _ := url.PathUnescape(strings.TrimPrefix(path, "/tags/"))
		an := a.byArn[arn]
		if an == nil {
			notFound("resource " + arn)
			return
		}
		tags := an["tags"].(map[string]string)
		switch r.Method {
		case http.MethodPost:
			var in struct {
				Tags map[string]string `json:"tags"`
			}
			_ = json.Unmarshal(body, &in)
			for k, v := range in.Tags {
				tags[k] = v
			}
			answer(http.StatusOK, map[string]any{})
		case http.MethodDelete:
			for _, k := range r.URL.Query()["tagKeys"] {
				delete(tags, k)
			}
			answer(http.StatusOK, map[string]any{})
		default:
			answer(http.StatusOK, map[string]any{"tags": tags})
		}
	default:
		answer(http.StatusBadRequest, map[string]string{"message": "the emulator's front does not answer " + r.Method + " " + path})
	}
}

// analyzerNames lists the IAM Access Analyzer analyzers the front holds (moto 5.2.1 has no Access
// Analyzer, so they exist nowhere else), for the leftover check.
func (f *Front) analyzerNames() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, an := range f.analyzers.byArn {
		if name, ok := an["name"].(string); ok {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}
