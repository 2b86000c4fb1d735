// Package poll is the one wait loop of bridgectl: ask, and ask again every interval until the
// answer is yes, the answer is an error, or the context ends.
package poll

import (
	"context"
	"time"
)

// Until calls check at once and then every interval. It returns nil when check reports done, the
// error check returns, or ctx's error when ctx ends first (a deadline is context.DeadlineExceeded).
func Until(ctx context.Context, interval time.Duration, check func(context.Context) (done bool, err error)) error {
	for {
		done, err := check(ctx)
		if err != nil || done {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(interval):
		}
	}
}
