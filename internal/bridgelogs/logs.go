// Package bridgelogs reads the Bridge's recent log lines from CloudWatch Logs and turns its JSON
// lines ({"severity","time","caller","message",...}) into one readable line each.
package bridgelogs

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"terraform-basemachina-modules/internal/poll"
)

// API is the part of the CloudWatch Logs client the reader uses.
type API interface {
	FilterLogEvents(ctx context.Context, in *cloudwatchlogs.FilterLogEventsInput, optFns ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.FilterLogEventsOutput, error)
}

// Line is one log event, read.
type Line struct {
	Time     time.Time      `json:"time"`
	Severity string         `json:"severity"`
	Message  string         `json:"message"`
	Fields   map[string]any `json:"fields,omitempty"` // the JSON line's other keys
	Raw      string         `json:"raw,omitempty"`    // a line that is not JSON, as it was
	Stream   string         `json:"stream"`
	eventID  string
}

// Parse reads one event. The Bridge writes JSON; anything else (a panic, stderr) is kept raw.
func Parse(timestamp int64, stream, id, message string) Line {
	l := Line{Time: time.UnixMilli(timestamp).UTC(), Stream: stream, eventID: id}
	var obj map[string]any
	if err := json.Unmarshal([]byte(message), &obj); err != nil {
		l.Raw = strings.TrimRight(message, "\n")
		return l
	}
	if s, ok := obj["severity"].(string); ok {
		l.Severity = s
		delete(obj, "severity")
	}
	if m, ok := obj["message"].(string); ok {
		l.Message = m
		delete(obj, "message")
	}
	if t, ok := obj["time"].(string); ok {
		if parsed, err := time.Parse(time.RFC3339Nano, t); err == nil {
			l.Time = parsed.UTC()
		}
		delete(obj, "time")
	}
	if len(obj) > 0 {
		l.Fields = obj
	}
	return l
}

// Format prints a line for people: time, severity, message, then the other fields.
func (l Line) Format() string {
	if l.Raw != "" {
		return fmt.Sprintf("%s  %-5s  %s", l.Time.Format(time.DateTime), "-", l.Raw)
	}
	var extra []string
	keys := make([]string, 0, len(l.Fields))
	for k := range l.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		extra = append(extra, fmt.Sprintf("%s=%v", k, l.Fields[k]))
	}
	out := fmt.Sprintf("%s  %-5s  %s", l.Time.Format(time.DateTime), strings.ToUpper(l.Severity), l.Message)
	if len(extra) > 0 {
		out += "  " + strings.Join(extra, " ")
	}
	return out
}

// Query is what to read.
type Query struct {
	LogGroup string
	Since    time.Duration
	Filter   string // a CloudWatch Logs filter pattern; empty reads every line
	Follow   bool
	Poll     time.Duration // how often --follow asks again
	Limit    int           // the most lines one read prints (0: no limit)
	Now      func() time.Time
}

// Read prints the lines of q to emit, oldest first; with Follow it keeps asking every Poll until ctx ends.
func Read(ctx context.Context, api API, q Query, emit func(Line) error) error {
	if q.Now == nil {
		q.Now = time.Now
	}
	start := q.Now().Add(-q.Since).UnixMilli()
	seen := map[string]bool{}
	err := poll.Until(ctx, q.Poll, func(ctx context.Context) (bool, error) {
		lines, err := readOnce(ctx, api, q, start)
		if err != nil {
			return false, err
		}
		for _, l := range lines {
			if seen[l.eventID] {
				continue
			}
			seen[l.eventID] = true
			if err := emit(l); err != nil {
				return false, err
			}
			// The next read starts at the newest line printed; seen drops the ones read twice.
			start = max(start, l.Time.UnixMilli())
		}
		return !q.Follow, nil
	})
	if q.Follow && ctx.Err() != nil {
		return nil // Ctrl+C ends --follow; that is no failure
	}
	return err
}

func readOnce(ctx context.Context, api API, q Query, start int64) ([]Line, error) {
	in := &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String(q.LogGroup), StartTime: aws.Int64(start)}
	if q.Filter != "" {
		in.FilterPattern = aws.String(q.Filter)
	}
	var lines []Line
	for {
		out, err := api.FilterLogEvents(ctx, in)
		if err != nil {
			return nil, err
		}
		for _, e := range out.Events {
			lines = append(lines, Parse(aws.ToInt64(e.Timestamp), aws.ToString(e.LogStreamName), aws.ToString(e.EventId), aws.ToString(e.Message)))
		}
		if out.NextToken == nil || aws.ToString(out.NextToken) == aws.ToString(in.NextToken) {
			break
		}
		in.NextToken = out.NextToken
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].Time.Before(lines[j].Time) })
	if q.Limit > 0 && len(lines) > q.Limit {
		lines = lines[len(lines)-q.Limit:]
	}
	return lines, nil
}

// WriteTo is an emit function that prints formatted lines to w.
func WriteTo(w io.Writer) func(Line) error {
	return func(l Line) error {
		_, err := fmt.Fprintln(w, l.Format())
		return err
	}
}
