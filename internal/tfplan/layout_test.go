package tfplan

import "testing"

func TestCommonAncestor(t *testing.T) {
	cases := []struct {
		dirs []string
		want string
	}{
		{[]string{"/repo/examples/complete", "/repo/modules/bridge", "/repo/modules/network"}, "/repo"},
		{[]string{"/tmp/x/live/dev", "/work/repo/modules/bridge"}, "/"},
		{[]string{"/repo/modules", "/repo/modules-extra"}, "/repo"},
		{[]string{"/repo/a"}, "/repo/a"},
	}
	for _, c := range cases {
		if got := commonAncestor(c.dirs); got != c.want {
			t.Errorf("commonAncestor(%v) = %q, want %q", c.dirs, got, c.want)
		}
	}
}
