package diagnose

import (
	"slices"
	"testing"
)

// The missing outputs are named in one order on every run: from a map they came in any order,
// so the same mistake printed a different message each time.
func TestMissingOutputsInAFixedOrder(t *testing.T) {
	want := []string{"cluster_name", "service_name", "target_group_arn"}
	for range 20 {
		if got := (Stack{Region: "ap-northeast-1"}).Missing(); !slices.Equal(got, want) {
			t.Fatalf("wanted %v, got %v", want, got)
		}
	}
}
