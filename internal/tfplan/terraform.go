package tfplan

import (
	"bytes"
	"context"
	"os/exec"
	"strings"

	"terraform-basemachina-modules/internal/i18n"
)

// Terraform runs terraform commands in one directory: the one way bridgectl, the offline planner
// and the plan tests call it.
type Terraform struct {
	Dir string
	Env []string // nil inherits the process environment
	// Log receives each command with its stderr; nil discards it.
	Log func(format string, args ...any)
}

// Run runs terraform with args and returns its stdout; an error carries terraform's own output.
func (t Terraform) Run(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "terraform", args...)
	cmd.Dir = t.Dir
	cmd.Env = t.Env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if t.Log != nil {
		t.Log("terraform %s\n%s", strings.Join(args, " "), stderr.String())
	}
	if err != nil {
		return nil, i18n.Errorf("terraform %s failed (%w):\n%s%s", args[0], err, stdout.String(), stderr.String())
	}
	return stdout.Bytes(), nil
}
