package moto

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// Call is one API request the front saw: who made it (the access key it was signed with, which
// the harness gives each principal and phase), the service and operation, and its parameters. The
// IAM evaluation (test/iamsim) maps each call to the actions AWS authorizes it on.
type Call struct {
	Key       string         `json:"key"`
	Service   string         `json:"service"` // the signing name: ec2, iam, s3, elasticloadbalancing, ...
	Operation string         `json:"operation"`
	Region    string         `json:"region"`
	Params    map[string]any `json:"params"`
	Status    int            `json:"status"`
}

// Calls returns every call recorded so far, in order.
func (f *Front) Calls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Call(nil), f.calls...)
}

func (f *Front) record(c Call) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, c)
}

// describe reads a request into a Call without its status.
func describe(r *http.Request, body []byte) Call {
	c := Call{Params: map[string]any{}}
	auth := r.Header.Get("Authorization")
	if i := strings.Index(auth, "Credential="); i >= 0 {
		scope := strings.Split(strings.SplitN(auth[i+len("Credential="):], ",", 2)[0], "/")
		if len(scope) >= 5 {
			c.Key, c.Region, c.Service = scope[0], scope[2], scope[3]
		}
	}
	switch {
	case r.Header.Get("X-Amz-Target") != "":
		t := r.Header.Get("X-Amz-Target")
		c.Operation = t[strings.LastIndex(t, ".")+1:]
		_ = json.Unmarshal(body, &c.Params)
	case c.Service == "s3":
		c.Operation, c.Params = s3Operation(r)
	case c.Service == "route53":
		c.Operation, c.Params = route53Operation(r, body)
	default:
		form, err := url.ParseQuery(string(body))
		if err != nil || form.Get("Action") == "" {
			form = r.URL.Query()
		}
		c.Operation = form.Get("Action")
		for k, v := range form {
			if k != "Action" && k != "Version" && len(v) > 0 {
				c.Params[k] = v[0]
			}
		}
	}
	return c
}

// s3Subresources name the bucket operations by their query parameter, as the S3 API reference
// does (GET /bucket?policy is GetBucketPolicy).
var s3Subresources = map[string]string{
	"policy": "BucketPolicy", "versioning": "BucketVersioning", "encryption": "BucketEncryption",
	"publicAccessBlock": "PublicAccessBlock", "ownershipControls": "BucketOwnershipControls",
	"lifecycle": "BucketLifecycleConfiguration", "logging": "BucketLogging", "acl": "BucketAcl",
	"cors": "BucketCors", "website": "BucketWebsite", "accelerate": "BucketAccelerateConfiguration",
	"requestPayment": "BucketRequestPayment", "replication": "BucketReplication", "object-lock": "ObjectLockConfiguration",
	"tagging": "BucketTagging", "notification": "BucketNotificationConfiguration", "location": "BucketLocation",
	"policyStatus": "BucketPolicyStatus", "intelligent-tiering": "BucketIntelligentTieringConfiguration",
	"analytics": "BucketAnalyticsConfiguration", "inventory": "BucketInventoryConfiguration", "metrics": "BucketMetricsConfiguration",
}

var s3Verbs = map[string]string{http.MethodGet: "Get", http.MethodPut: "Put", http.MethodDelete: "Delete", http.MethodHead: "Head", http.MethodPost: "Post"}

// s3Operation names a path-style S3 request (/bucket or /bucket/key) after the S3 API reference.
func s3Operation(r *http.Request) (string, map[string]any) {
	path := strings.TrimPrefix(r.URL.Path, "/")
	bucket, key, _ := strings.Cut(path, "/")
	params := map[string]any{}
	if bucket != "" {
		params["Bucket"] = bucket
	}
	if key != "" {
		k, err := url.PathUnescape(key)
		if err != nil {
			k = key
		}
		params["Key"] = k
	}
	q := r.URL.Query()
	verb := s3Verbs[r.Method]
	if bucket == "" {
		return "ListBuckets", params
	}
	if key == "" {
		for sub, name := range s3Subresources {
			if _, ok := q[sub]; ok {
				if sub == "lifecycle" && verb == "Delete" {
					return "DeleteBucketLifecycle", params
				}
				return verb + name, params
			}
		}
		switch {
		case q.Has("delete") && r.Method == http.MethodPost:
			return "DeleteObjects", params
		case q.Has("versions"):
			return "ListObjectVersions", params
		case q.Has("uploads"):
			return "ListMultipartUploads", params
		case r.Method == http.MethodGet:
			// s3:prefix is a condition key of ListBucket: the prefix is what a policy can hold.
			if q.Has("prefix") {
				params["Prefix"] = q.Get("prefix")
			}
			return "ListObjects", params
		case r.Method == http.MethodPut:
			return "CreateBucket", params
		case r.Method == http.MethodDelete:
			return "DeleteBucket", params
		case r.Method == http.MethodHead:
			return "HeadBucket", params
		}
		return verb + "Bucket", params
	}
	if v := q.Get("versionId"); v != "" {
		params["VersionId"] = v
	}
	switch {
	case q.Has("tagging"):
		return verb + "ObjectTagging", params
	case q.Has("acl"):
		return verb + "ObjectAcl", params
	case q.Has("uploads") && r.Method == http.MethodPost:
		return "CreateMultipartUpload", params
	case q.Has("uploadId") && r.Method == http.MethodPut:
		return "UploadPart", params
	case q.Has("uploadId") && r.Method == http.MethodPost:
		return "CompleteMultipartUpload", params
	case q.Has("uploadId") && r.Method == http.MethodDelete:
		return "AbortMultipartUpload", params
	case r.Method == http.MethodPut && r.Header.Get("X-Amz-Copy-Source") != "":
		params["CopySource"] = r.Header.Get("X-Amz-Copy-Source")
		return "CopyObject", params
	}
	return verb + "Object", params
}

var (
	route53Zone   = regexp.MustCompile(`^/2013-04-01/hostedzone/([^/]+)(/rrset/?)?$`)
	route53Change = regexp.MustCompile(`^/2013-04-01/change/([^/]+)$`)
	route53Tags   = regexp.MustCompile(`^/2013-04-01/tags/hostedzone/([^/]+)$`)
)

// route53Operation names a Route 53 REST request, with the record names a change set touches (what
// route53:ChangeResourceRecordSetsNormalizedRecordNames is evaluated on).
func route53Operation(r *http.Request, body []byte) (string, map[string]any) {
	params := map[string]any{}
	p := r.URL.Path
	if m := route53Zone.FindStringSubmatch(p); m != nil {
		params["HostedZoneId"] = m[1]
		if m[2] == "" {
			return map[string]string{http.MethodGet: "GetHostedZone", http.MethodDelete: "DeleteHostedZone", http.MethodPost: "UpdateHostedZoneComment"}[r.Method], params
		}
		if r.Method == http.MethodGet {
			return "ListResourceRecordSets", params
		}
		var batch struct {
			Changes []struct {
				Action string `xml:"Action"`
				Set    struct {
					Name string `xml:"Name"`
					Type string `xml:"Type"`
				} `xml:"ResourceRecordSet"`
			} `xml:"ChangeBatch>Changes>Change"`
		}
		_ = xml.Unmarshal(body, &batch)
		var names, actions, types []any
		for _, c := range batch.Changes {
			names = append(names, strings.TrimSuffix(strings.ToLower(c.Set.Name), "."))
			actions = append(actions, c.Action)
			types = append(types, c.Set.Type)
		}
		params["RecordNames"], params["ChangeActions"], params["RecordTypes"] = names, actions, types
		return "ChangeResourceRecordSets", params
	}
	if m := route53Change.FindStringSubmatch(p); m != nil {
		params["Id"] = m[1]
		return "GetChange", params
	}
	if m := route53Tags.FindStringSubmatch(p); m != nil {
		params["ResourceId"] = m[1]
		if r.Method == http.MethodGet {
			return "ListTagsForResource", params
		}
		return "ChangeTagsForResource", params
	}
	if p == "/2013-04-01/hostedzone" {
		if r.Method == http.MethodPost {
			return "CreateHostedZone", params
		}
		return "ListHostedZones", params
	}
	return r.Method + " " + p, params
}
