package bridgelogs

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

// fakeLogs serves pages of events and records what it was asked.
type fakeLogs struct {
	pages [][]types.FilteredLogEvent
	asked []*cloudwatchlogs.FilterLogEventsInput
}

func (f *fakeLogs) FilterLogEvents(_ context.Context, in *cloudwatchlogs.FilterLogEventsInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.FilterLogEventsOutput, error) {
	copied := *in
	f.asked = append(f.asked, &copied)
	page := 0
	if in.NextToken != nil {
		page = int(aws.ToString(in.NextToken)[0] - '0')
	}
	out := &cloudwatchlogs.FilterLogEventsOutput{Events: f.pages[page]}
	if page+1 < len(f.pages) {
		out.NextToken = aws.String(string(rune('0' + page + 1)))
	}
	return out, nil
}

func event(id string, ms int64, msg string) types.FilteredLogEvent {
	return types.FilteredLogEvent{EventId: aws.String(id), Timestamp: aws.Int64(ms), LogStreamName: aws.String("bridge/bridge/abc"), Message: aws.String(msg)}
}

func TestParseReadsTheBridgesJSONLines(t *testing.T) {
	l := Parse(0, "s", "1", `{"severity":"Error","time":"2026-11-23T01:00:00Z","caller":"bridge/auth.go:42","message":"mismatch tenant ID"}`)
	if got := l.Format(); got != "2026-11-23 01:00:00  ERROR  mismatch tenant ID  caller=bridge/auth.go:42" {
		t.Errorf("got %q", got)
	}
	raw := Parse(time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC).UnixMilli(), "s", "2", "panic: runtime error\n")
	if got := raw.Format(); got != "2026-11-23 01:00:00  -      panic: runtime error" {
		t.Errorf("wanted a line that is not JSON kept as it was, got %q", got)
	}
}

func TestReadPagesSortsAndStartsAtSince(t *testing.T) {
	now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
	f := &fakeLogs{pages: [][]types.FilteredLogEvent{
		{event("b", now.Add(-10*time.Minute).UnixMilli(), `{"severity":"Info","message":"second"}`)},
		{event("a", now.Add(-20*time.Minute).UnixMilli(), `{"severity":"Info","message":"first"}`)},
	}}
	var got []string
	err := Read(context.Background(), f, Query{LogGroup: "/ecs/demo/bridge", Since: 30 * time.Minute, Filter: "mismatch", Now: func() time.Time { return now }},
		func(l Line) error { got = append(got, l.Message); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "first,second" {
		t.Errorf("wanted both pages, oldest first, got %v", got)
	}
	if aws.ToInt64(f.asked[0].StartTime) != now.Add(-30*time.Minute).UnixMilli() || aws.ToString(f.asked[0].FilterPattern) != "mismatch" || aws.ToString(f.asked[0].LogGroupName) != "/ecs/demo/bridge" {
		t.Errorf("wanted the log group, --since and --filter in the request, got %+v", f.asked[0])
	}
}

// --follow asks again and prints only lines it has not printed.
func TestFollowPrintsEachLineOnce(t *testing.T) {
	f := &fakeLogs{pages: [][]types.FilteredLogEvent{{event("a", 1000, `{"message":"one"}`)}}}
	var got []string
	// Read returns only when ctx ends: a short deadline stands for Ctrl+C.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	if err := Read(ctx2, f, Query{LogGroup: "g", Since: time.Hour, Follow: true, Poll: time.Millisecond}, func(l Line) error {
		got = append(got, l.Message)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(f.asked) < 3 {
		t.Errorf("wanted one line printed once over several reads, got %v after %d reads", got, len(f.asked))
	}
}
