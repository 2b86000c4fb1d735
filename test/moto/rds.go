package moto

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// rdsState is what the front holds for RDS.
type rdsState struct {
	instanceOf map[string]string            // DbiResourceId the front gave -> DB instance identifier
	monitoring map[string]map[string]string // DB instance identifier -> monitoring element -> value
}

func newRDSState() rdsState {
	return rdsState{instanceOf: map[string]string{}, monitoring: map[string]map[string]string{}}
}

func (f *Front) rdsService() awsService {
	return awsService{
		name:    "rds",
		request: f.lookupByResourceID,
		refuse: map[string]func(*http.Request, []byte) error{
			"CreateDBInstance": f.checkMonitoringRole,
			"ModifyDBInstance": f.checkMonitoringRole,
		},
		adjust: func(r *http.Request, _ string, reqBody, respBody []byte) []byte {
			f.rememberMonitoring(reqBody)
			f.exportLogs(r, reqBody)
			return f.uniqueResourceIDs(respBody)
		},
	}
}

// moto 5.2.1 stores neither Enhanced Monitoring nor Performance Insights settings. The provider
// then sees them change on every plan and modifies the instance on every apply, waiting over a
// minute each time. The front remembers what CreateDBInstance and ModifyDBInstance set and states
// it on each DBInstance moto returns.
var monitoringFields = map[string]string{ // request parameter -> DBInstance element
	"MonitoringInterval":                 "MonitoringInterval",
	"MonitoringRoleArn":                  "MonitoringRoleArn",
	"EnablePerformanceInsights":          "PerformanceInsightsEnabled",
	"PerformanceInsightsRetentionPeriod": "PerformanceInsightsRetentionPeriod",
	"PerformanceInsightsKMSKeyId":        "PerformanceInsightsKMSKeyId",
}

// rememberMonitoring records the monitoring settings of a successful create or modify.
func (f *Front) rememberMonitoring(reqBody []byte) {
	form, err := url.ParseQuery(string(reqBody))
	if err != nil {
		return
	}
	if action := form.Get("Action"); action != "CreateDBInstance" && action != "ModifyDBInstance" {
		return
	}
	id := form.Get("DBInstanceIdentifier")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.rds.monitoring[id] == nil {
		f.rds.monitoring[id] = map[string]string{}
	}
	for param, element := range monitoringFields {
		if v := form.Get(param); v != "" {
			f.rds.monitoring[id][element] = v
		}
	}
}

// stateMonitoring puts the remembered settings into one DBInstance element; the caller holds f.mu.
func (f *Front) stateMonitoring(identifier string, block []byte) []byte {
	var extra strings.Builder
	for element, value := range f.rds.monitoring[identifier] {
		block = regexp.MustCompile(`<`+element+`>[^<]*</`+element+`>|<`+element+`/>`).ReplaceAll(block, nil)
		extra.WriteString("<" + element + ">" + escape(value) + "</" + element + ">")
	}
	return []byte(strings.Replace(string(block), "</DBInstance>", extra.String()+"</DBInstance>", 1))
}

// moto 5.2.1 gives every DB instance the same DbiResourceId (db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U). The
// provider uses that id as the instance's Terraform id and finds the instance by it, so with two
// stacks in one account each finds two instances and the apply fails. The front gives each
// instance its own id, derived from its identifier as stable as AWS's, and translates lookups by it.

var (
	dbInstanceBlock = regexp.MustCompile(`(?s)<DBInstance>.*?</DBInstance>`)
	dbInstanceID    = regexp.MustCompile(`<DBInstanceIdentifier>([^<]+)</DBInstanceIdentifier>`)
	dbiResourceID   = regexp.MustCompile(`<DbiResourceId>[^<]*</DbiResourceId>`)
)

func resourceIDFor(identifier string) string {
	sum := sha256.Sum256([]byte(identifier))
	return "db-" + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:])[:26]
}

// uniqueResourceIDs rewrites every DBInstance in an RDS answer and remembers the ids it gave.
func (f *Front) uniqueResourceIDs(respBody []byte) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return dbInstanceBlock.ReplaceAllFunc(respBody, func(block []byte) []byte {
		m := dbInstanceID.FindSubmatch(block)
		if m == nil {
			return block
		}
		id := resourceIDFor(string(m[1]))
		f.rds.instanceOf[id] = string(m[1])
		block = dbiResourceID.ReplaceAll(block, []byte("<DbiResourceId>"+id+"</DbiResourceId>"))
		return f.stateMonitoring(string(m[1]), block)
	})
}

// lookupByResourceID turns a DescribeDBInstances filter on dbi-resource-id into one on the
// instance identifier the front gave that id to.
func (f *Front) lookupByResourceID(body []byte) []byte {
	form, err := url.ParseQuery(string(body))
	if err != nil || form.Get("Action") != "DescribeDBInstances" {
		return body
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	changed := false
	for key, values := range form {
		if !strings.HasSuffix(key, ".Name") || values[0] != "dbi-resource-id" {
			continue
		}
		prefix := strings.TrimSuffix(key, ".Name")
		for vk, vv := range form {
			if identifier, ok := f.rds.instanceOf[vv[0]]; ok && strings.HasPrefix(vk, prefix+".Values.") {
				form.Set(vk, identifier)
				form.Set(key, "db-instance-id")
				changed = true
			}
		}
	}
	if !changed {
		return body
	}
	return []byte(form.Encode())
}

// exportLogs does what RDS does for the logs an instance exports: it creates the log group
// /aws/rds/instance/<id>/<type> when it does not exist yet, with no retention (Amazon RDS User
// Guide, "Publishing database logs to Amazon CloudWatch Logs"). moto 5.2.1 creates none, so a
// module that creates the same group after the instance, or an upgrade that adds it to a stack
// whose group RDS already made, would pass here and fail on AWS.
func (f *Front) exportLogs(r *http.Request, reqBody []byte) {
	form, err := url.ParseQuery(string(reqBody))
	if err != nil {
		return
	}
	var list string
	switch form.Get("Action") {
	case "CreateDBInstance":
		list = "EnableCloudwatchLogsExports.member."
	case "ModifyDBInstance":
		list = "CloudwatchLogsExportConfiguration.EnableLogTypes.member."
	default:
		return
	}
	id := form.Get("DBInstanceIdentifier")
	for i := 1; form.Get(list+strconv.Itoa(i)) != ""; i++ {
		body, _ := json.Marshal(map[string]string{"logGroupName": "/aws/rds/instance/" + id + "/" + form.Get(list+strconv.Itoa(i))})
		// An existing group is what RDS uses as it is: ResourceAlreadyExistsException is the expected answer then.
		_, _ = f.moto.ask(r, "logs", body, "Logs_20140328.CreateLogGroup")
	}
}

// checkMonitoringRole: Enhanced Monitoring's role must trust monitoring.rds.amazonaws.com (Amazon
// RDS User Guide, "Setting up and enabling Enhanced Monitoring"); RDS refuses another.
func (f *Front) checkMonitoringRole(r *http.Request, body []byte) error {
	form, err := url.ParseQuery(string(body))
	if err != nil || form.Get("MonitoringRoleArn") == "" || form.Get("MonitoringInterval") == "0" {
		return nil
	}
	arn := form.Get("MonitoringRoleArn")
	out, err := f.moto.iamQuery(r, url.Values{"Action": {"GetRole"}, "RoleName": {arn[strings.LastIndex(arn, "/")+1:]}})
	if err != nil {
		return apiError{"InvalidParameterValue", "IAM role ARN value is invalid or does not include the required permissions for: ENHANCED_MONITORING"}
	}
	trust, _ := url.QueryUnescape(xmlValue(out, "AssumeRolePolicyDocument"))
	if !trusts(trust, "monitoring.rds.amazonaws.com") {
		return apiError{"InvalidParameterValue", "IAM role ARN value is invalid or does not include the required permissions for: ENHANCED_MONITORING"}
	}
	return nil
}

// trusts tells whether a trust policy allows sts:AssumeRole to the service principal.
func trusts(policy, service string) bool {
	var doc struct {
		Statement []struct {
			Effect    string
			Action    any
			Principal struct{ Service any }
		}
	}
	if json.Unmarshal([]byte(policy), &doc) != nil {
		return false
	}
	for _, s := range doc.Statement {
		if s.Effect == "Allow" && slices.Contains(stringList(s.Action), "sts:AssumeRole") && slices.Contains(stringList(s.Principal.Service), service) {
			return true
		}
	}
	return false
}
