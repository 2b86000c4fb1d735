package poll

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestUntilStopsOnDoneErrorOrDeadline(t *testing.T) {
	calls := 0
	if err := Until(context.Background(), time.Millisecond, func(context.Context) (bool, error) { calls++; return calls == 3, nil }); err != nil || calls != 3 {
		t.Errorf("wanted done on the third call, got %d calls, %v", calls, err)
	}
	boom := errors.New("boom")
	if err := Until(context.Background(), time.Millisecond, func(context.Context) (bool, error) { return false, boom }); !errors.Is(err, boom) {
		t.Errorf("wanted the check's error, got %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := Until(ctx, time.Millisecond, func(context.Context) (bool, error) { return false, nil }); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("wanted the deadline, got %v", err)
	}
}
