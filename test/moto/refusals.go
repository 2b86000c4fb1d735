package moto

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// AWS refuses some requests that moto 5.2.1 accepts. The stacks depend on each of these checks, so
// the front makes them before moto sees the request and answers with AWS's error. Each check lives
// in its service's file and is registered by action in its awsService's refuse:
//
//   - autoscaling.go: a launch template's image parameter that does not exist
//   - ecs.go: a capacity provider strategy naming a provider the cluster lacks
//   - elasticache.go: a user group without the default user
//   - elb.go: access logs to a bucket whose policy does not let ELB write
//   - rds.go: an Enhanced Monitoring role that does not trust RDS
//
// This file holds only what they share: the writer of AWS's error, and stringList.

// refuse answers a request AWS would refuse, with AWS's error; it returns false to let it through.
// The service's refuse for the action decides; an error that is not an apiError lets the request
// through.
func (f *Front) refuse(w http.ResponseWriter, r *http.Request, service, action string, body []byte) bool {
	check, ok := f.services[service].refuse[action]
	if !ok {
		return false
	}
	var ae apiError
	if err := check(r, body); err == nil || !errors.As(err, &ae) {
		return false
	}
	if service == "ecs" {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"__type": ae.code, "message": ae.message})
		return true
	}
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>emulator-front</RequestId></ErrorResponse>`,
		ae.code, escape(ae.message))
	return true
}

// stringList reads a policy element that is a string or a list of strings (Action, Resource, a
// principal). Shared by the refusals that read a policy document: trusts (rds.go) and allowsPut
// (elb.go).
func stringList(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		return anyStrings(x)
	}
	return nil
}
