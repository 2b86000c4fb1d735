package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"terraform-basemachina-modules/internal/bridgelogs"
)

type fakeBridgeLogs struct {
	in *cloudwatchlogs.FilterLogEventsInput
}

func (f *fakeBridgeLogs) FilterLogEvents(_ context.Context, in *cloudwatchlogs.FilterLogEventsInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.FilterLogEventsOutput, error) {
	f.in = in
	ts := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC).UnixMilli()
	return &cloudwatchlogs.FilterLogEventsOutput{Events: []types.FilteredLogEvent{
		{EventId: aws.String("1"), Timestamp: aws.Int64(ts), LogStreamName: aws.String("bridge/bridge/1"),
			Message: aws.String(`{"severity":"Error","time":"2026-11-23T01:00:00Z","caller":"bridge/main.go:120","message":"failed to refresh public-key"}`)},
	}}, nil
}

func withLogsFake(t *testing.T) (*fakeBridgeLogs, *string) {
	f := &fakeBridgeLogs{}
	region := new(string)
	old := newLogsClient
	newLogsClient = func(_ context.Context, r string) (bridgelogs.API, error) { *region = r; return f, nil }
	t.Cleanup(func() { newLogsClient = old })
	return f, region
}

func TestLogsPrintsReadableLinesFromTheStacksLogGroup(t *testing.T) {
	f, region := withLogsFake(t)
	code, stdout, stderr := run(t, english, "logs", "--outputs", writeOutputs(t), "--since", "15m", "--filter", "{ $.severity = \"Error\" }")
	if code != ExitOK {
		t.Fatalf("wanted exit 0, got %d %s", code, stderr)
	}
	if want := "2026-11-23 01:00:00  ERROR  failed to refresh public-key  caller=bridge/main.go:120"; strings.TrimSpace(stdout) != want {
		t.Errorf("wanted %q, got %q", want, stdout)
	}
	if aws.ToString(f.in.LogGroupName) != "/ecs/demo/bridge" || *region != "ap-northeast-1" || aws.ToString(f.in.FilterPattern) != `{ $.severity = "Error" }` {
		t.Errorf("wanted the stack's log group and region with the filter, got %q %q %q", aws.ToString(f.in.LogGroupName), *region, aws.ToString(f.in.FilterPattern))
	}
	code, stdout, _ = run(t, english, "logs", "--outputs", writeOutputs(t), "--json")
	var line struct {
		Severity string `json:"severity"`
		Message  string `json:"message"`
	}
	if code != ExitOK || json.Unmarshal([]byte(stdout), &line) != nil || line.Severity != "Error" {
		t.Errorf("wanted one JSON line, got %d %q", code, stdout)
	}
}

func TestLogsRejectsBadInput(t *testing.T) {
	withLogsFake(t)
	cases := map[string][]string{
		"negative since":  {"logs", "--log-group", "g", "--region", "ap-northeast-1", "--since", "-1h"},
		"zero poll":       {"logs", "--log-group", "g", "--region", "ap-northeast-1", "--poll", "0s"},
		"extra argument":  {"logs", "extra"},
		"negative limit":  {"logs", "--log-group", "g", "--region", "ap-northeast-1", "--limit", "-1"},
		"not a duration":  {"logs", "--since", "yesterday"},
		"outputs missing": {"logs", "--outputs", "/nonexistent/outputs.json"},
	}
	for name, args := range cases {
		if code, _, stderr := run(t, english, args...); code != ExitUsage || stderr == "" {
			t.Errorf("%s: wanted exit 2 with a message, got %d %q", name, code, stderr)
		}
	}
}

func TestLogsWithoutCredentialsStopsInOneSentence(t *testing.T) {
	isolateAWS(t)
	code, _, stderr := run(t, english, "logs", "--log-group", "/ecs/demo/bridge", "--region", "ap-northeast-1")
	if code != ExitUsage {
		t.Errorf("wanted exit 2, got %d", code)
	}
	oneSentence(t, stderr, "No AWS credentials")
}
