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
		f := &Failure{Command: args[0], Err: err, Stdout: stdout.String(), Stderr: stderr.String()}
		return nil, i18n.Errorf("terraform %s failed (%w):\n%s%s", args[0], f, f.Stdout, f.Stderr)
	}
	return stdout.Bytes(), nil
}

// Failure is a terraform command that failed, with everything it printed; errors.As finds it in
// Run's error, for a caller that shows Terraform's diagnostics apart from the rest of its log.
type Failure struct {
	Command string // init, plan, ...
	Err     error  // how it ended (exit status 1, a signal, terraform not found)
	Stdout  string
	Stderr  string
}

// Error is how the command ended; the output stays in the fields.
func (f *Failure) Error() string { return f.Err.Error() }

func (f *Failure) Unwrap() error { return f.Err }
