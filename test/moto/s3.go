package moto

import (
	"encoding/json"
	"net/http"
	"strings"
)

// moto 5.2.1 enforces bucket policies but ignores their conditions (its put_bucket_policy says
// "Conditions are not taken into account"). The TLS-only statement every bucket of these modules
// carries (Deny s3:* when aws:SecureTransport is false) therefore denies every object request,
// over HTTPS or not, which AWS would allow. The front keeps the caller's policy to answer
// GetBucketPolicy with, and gives moto the policy without its conditional Deny statements.

// s3State is what the front holds for S3.
type s3State struct {
	policies map[string][]byte // bucket -> the policy the caller put
}

func newS3State() s3State { return s3State{policies: map[string][]byte{}} }

func (f *Front) s3Service() awsService {
	return awsService{name: "s3", serve: func(w http.ResponseWriter, r *http.Request, _ string, body []byte) bool {
		return f.serveBucketPolicy(w, r, body)
	}}
}

// bucketPolicy is the policy the caller put on bucket, conditions and all; nil when none.
func (f *Front) bucketPolicy(bucket string) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.s3.policies[bucket]
}

// serveBucketPolicy handles PutBucketPolicy, GetBucketPolicy and DeleteBucketPolicy; it returns
// false for every other request.
func (f *Front) serveBucketPolicy(w http.ResponseWriter, r *http.Request, body []byte) bool {
	if _, ok := r.URL.Query()["policy"]; !ok {
		return false
	}
	bucket := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 2)[0]
	switch r.Method {
	case http.MethodPut:
		enforced, err := withoutConditionalDenies(body)
		if err != nil {
			return false // not a policy the front understands: moto answers as it would
		}
		f.mu.Lock()
		f.s3.policies[bucket] = append([]byte(nil), body...)
		f.mu.Unlock()
		if enforced == nil {
			f.forwardOrFail(w, r, http.MethodDelete, nil)
			return true
		}
		f.forwardOrFail(w, r, http.MethodPut, enforced)
		return true
	case http.MethodGet:
		f.mu.Lock()
		policy, ok := f.s3.policies[bucket]
		f.mu.Unlock()
		if !ok {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(policy)
		return true
	case http.MethodDelete:
		f.mu.Lock()
		delete(f.s3.policies, bucket)
		f.mu.Unlock()
	}
	return false
}

// withoutConditionalDenies drops the Deny statements that carry a Condition; nil means no statement
// is left for moto to enforce.
func withoutConditionalDenies(policy []byte) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(policy, &doc); err != nil {
		return nil, err
	}
	statements, _ := doc["Statement"].([]any)
	var kept []any
	for _, s := range statements {
		st, _ := s.(map[string]any)
		if st["Effect"] == "Deny" && st["Condition"] != nil {
			continue
		}
		kept = append(kept, s)
	}
	if len(kept) == 0 {
		return nil, nil
	}
	doc["Statement"] = kept
	return json.Marshal(doc)
}

// forwardOrFail sends the request on to moto with another method or body and copies the answer.
func (f *Front) forwardOrFail(w http.ResponseWriter, r *http.Request, method string, body []byte) {
	req := r.Clone(r.Context())
	req.Method = method
	// The body changed: checksums the SDK computed for the original would not match it.
	for _, h := range []string{"Content-Md5", "X-Amz-Checksum-Crc32", "X-Amz-Checksum-Crc32c", "X-Amz-Sdk-Checksum-Algorithm", "X-Amz-Content-Sha256", "Content-Length"} {
		req.Header.Del(h)
	}
	status, _, respBody, err := f.moto.forward(req, body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	w.WriteHeader(status)
	_, _ = w.Write(respBody)
}
