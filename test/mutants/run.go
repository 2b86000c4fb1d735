package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Outcomes of a stage, and statuses of a mutant.
const (
	StagePassed = "passed" // the check passed: the mutant got through it
	StageFailed = "failed" // the check failed: the mutant is caught
	StageNotRun = "not run"
	StageError  = "error" // timed out or could not start: neither caught nor passed

	Caught   = "caught"
	Survived = "not caught"
	Pending  = "not run yet"
	Errored  = "harness error"
)

// StageRun is one stage as it ran on one mutant (or on the unmutated tree).
type StageRun struct {
	Stage   string `json:"stage"`
	Outcome string `json:"outcome"`
	Seconds int    `json:"seconds,omitempty"`
	Tree    string `json:"tree,omitempty"` // baseline entries: the commit the copy was made from
}

// Result is one mutant's last run.
type Result struct {
	Status   string     `json:"status"`
	CaughtBy string     `json:"caught_by,omitempty"`
	Reason   string     `json:"reason,omitempty"`
	Stages   []StageRun `json:"stages"`
	Seconds  int        `json:"seconds"`
	Selected string     `json:"selected"` // the kinds of stage the run allowed
	Tree     string     `json:"tree"`     // the commit the copy was made from
	Date     string     `json:"date"`
	// Mutant is the fingerprint of the mutant's edits and stages when it ran: a result of a mutant
	// changed since is not reported as its result.
	Mutant string `json:"mutant"`
}

// Results is the file the runs update and the report reads (test/mutants/results.json).
type Results struct {
	Mutants  map[string]Result   `json:"mutants"`
	Baseline map[string]StageRun `json:"baseline,omitempty"` // the stages on the unmutated tree
}

func loadResults(path string) (*Results, error) {
	r := &Results{Mutants: map[string]Result{}, Baseline: map[string]StageRun{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return r, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if r.Mutants == nil {
		r.Mutants = map[string]Result{}
	}
	if r.Baseline == nil {
		r.Baseline = map[string]StageRun{}
	}
	return r, nil
}

func (r *Results) save(path string) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// Fingerprint identifies what a mutant does: its edits and its stages.
func (m Mutant) Fingerprint() string {
	h := sha256.New()
	for _, st := range m.Stages {
		fmt.Fprintf(h, "stage %s\n", st)
	}
	for _, e := range m.Edits {
		fmt.Fprintf(h, "edit %s\n%d:%s%d:%s", e.File, len(e.Search), e.Search, len(e.Replace), e.Replace)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// Runner runs stages in copies of the tree, one process group at a time.
type Runner struct {
	Pristine string
	Logs     string // directory of the per-mutant logs
	Kinds    map[string]bool
	Out      io.Writer
	Tree     string
	// Previous holds the mutants' recorded results: a stage the run does not select keeps the
	// outcome it had for the same mutant (an emulator-only run builds on the cheap stages' run).
	Previous map[string]Result

	mu          sync.Mutex
	current     *exec.Cmd
	interrupted atomic.Bool
}

// Interrupt stops the running stage for good: the run is ending.
func (r *Runner) Interrupt() {
	r.interrupted.Store(true)
	r.StopCurrent()
}

// Selected reports whether the run executes stages of st's kind.
func (r *Runner) Selected(st Stage) bool { return r.Kinds[st.Kind] }

// RunStage runs one stage in root, appending its output to log. It returns the outcome and, for a
// failure, the line that says why.
func (r *Runner) RunStage(root string, st Stage, log io.Writer) (string, string) {
	if r.interrupted.Load() {
		return StageError, "interrupted"
	}
	dirs, err := FindStaticDirs(root)
	if err != nil {
		return StageError, err.Error()
	}
	script := "set -eo pipefail\nsource scripts/env.sh\ncd \"$repo_root\"\nexport GOFLAGS=\"${GOFLAGS:+$GOFLAGS }-buildvcs=false\"\n" + st.Script(dirs)
	fmt.Fprintf(log, "\n==> stage %s\n$ %s\n", st, strings.ReplaceAll(st.Script(dirs), "\n", "\n$ "))
	ctx, cancel := context.WithTimeout(context.Background(), st.Timeout())
	defer cancel()
	buf := &failWatch{failed: make(chan struct{})}
	cmd := exec.Command("bash", "-c", script)
	cmd.Dir = root
	cmd.Stdout = io.MultiWriter(log, buf)
	cmd.Stderr = cmd.Stdout
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return StageError, err.Error()
	}
	r.mu.Lock()
	r.current = cmd
	r.mu.Unlock()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var waitErr error
	// An emulator cycle goes on for many minutes after the assertion that caught the mutant
	// (other subtests, the teardown); its first failed test is the catch, so the stage stops there.
	failed := buf.failed
	if st.Kind != "emulator" {
		failed = nil
	}
	select {
	case waitErr = <-done:
	case <-failed:
		r.StopCurrent()
		fmt.Fprintf(log, "\n(stopped at the catch: %v)\n", <-done)
		r.mu.Lock()
		r.current = nil
		r.mu.Unlock()
		if sign := infrastructureFailure(buf.String()); sign != "" {
			fmt.Fprintf(log, "\n<== stage %s failed for the machine, not the mutant (%s)\n", st, sign)
			return StageError, "the machine failed the stage: " + sign
		}
		fmt.Fprintf(log, "\n<== stage %s failed (stopped at its first failed test)\n", st)
		return StageFailed, FailureReason(buf.String())
	case <-ctx.Done():
		r.StopCurrent()
		fmt.Fprintf(log, "\n(stopped: %v)\n", <-done)
		r.mu.Lock()
		r.current = nil
		r.mu.Unlock()
		fmt.Fprintf(log, "\n<== stage %s timed out after %s\n", st, st.Timeout())
		return StageError, fmt.Sprintf("timed out after %s", st.Timeout())
	}
	r.mu.Lock()
	r.current = nil
	r.mu.Unlock()
	if waitErr == nil {
		fmt.Fprintf(log, "\n<== stage %s passed\n", st)
		return StagePassed, ""
	}
	var exit *exec.ExitError
	if errors.As(waitErr, &exit) && exit.ExitCode() > 0 {
		if sign := infrastructureFailure(buf.String()); sign != "" {
			fmt.Fprintf(log, "\n<== stage %s failed for the machine, not the mutant (%s)\n", st, sign)
			return StageError, "the machine failed the stage: " + sign
		}
		fmt.Fprintf(log, "\n<== stage %s failed (exit %d)\n", st, exit.ExitCode())
		return StageFailed, FailureReason(buf.String())
	}
	fmt.Fprintf(log, "\n<== stage %s could not run: %v\n", st, waitErr)
	return StageError, waitErr.Error()
}

// failWatch keeps a stage's output and closes failed at the first "--- FAIL:" line of go test.
type failWatch struct {
	mu     sync.Mutex
	b      strings.Builder
	failed chan struct{}
	closed bool
}

func (w *failWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b.Write(p)
	if !w.closed && strings.Contains(w.b.String()[max(0, w.b.Len()-len(p)-len(failLine)):], failLine) {
		w.closed = true
		close(w.failed)
	}
	return len(p), nil
}

func (w *failWatch) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

const failLine = "--- FAIL:"

// Failures of the machine rather than of the checked code: a provider that vanished from the
// plugin cache, a provider that could not be installed, a binary being replaced.
var infrastructureSigns = []string{
	"Failed to load plugin schemas",
	"Failed to install provider",
	"Failed to query available provider packages",
	"text file busy",
	"no space left on device",
	"panic: test timed out",
}

func infrastructureFailure(log string) string {
	for _, s := range infrastructureSigns {
		if strings.Contains(log, s) {
			return s
		}
	}
	return ""
}

// runStageRetrying runs the stage again, once, when the machine rather than the check failed it.
func (r *Runner) runStageRetrying(root string, st Stage, log io.Writer) (string, string) {
	outcome, reason := r.RunStage(root, st, log)
	// A stage the machine failed, or one killed by a signal the harness did not send (another
	// user's cleanup on a shared machine), runs once more.
	killed := strings.HasPrefix(reason, "signal: ") && !r.interrupted.Load()
	if outcome == StageError && (strings.HasPrefix(reason, "the machine failed") || killed) {
		fmt.Fprintf(log, "\n(running %s again)\n", st)
		outcome, reason = r.RunStage(root, st, log)
	}
	return outcome, reason
}

// StopCurrent ends the running stage's process group: SIGTERM, then SIGKILL after 10 seconds.
func (r *Runner) StopCurrent() {
	r.mu.Lock()
	cmd := r.current
	r.mu.Unlock()
	if cmd == nil || cmd.Process == nil {
		return
	}
	pgid := cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	go func() {
		time.Sleep(10 * time.Second)
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
	}()
}

// RunMutant copies the pristine tree, makes the mutant's edits and runs its selected stages in
// order until one fails.
func (r *Runner) RunMutant(m Mutant) Result {
	started := time.Now()
	res := Result{Date: started.Format("2006-01-02"), Mutant: m.Fingerprint()}
	finish := func() Result {
		res.Seconds = int(time.Since(started).Seconds())
		return res
	}
	logPath := filepath.Join(r.Logs, m.Name+".log")
	log, err := os.Create(logPath)
	if err != nil {
		res.Status, res.Reason = Errored, err.Error()
		return finish()
	}
	defer func() { _ = log.Close() }()
	dir, err := os.MkdirTemp("", "mutant-"+m.Name+"-")
	if err != nil {
		res.Status, res.Reason = Errored, err.Error()
		return finish()
	}
	defer func() { _ = os.RemoveAll(dir) }()
	if err := CopyTree(r.Pristine, dir); err != nil {
		res.Status, res.Reason = Errored, err.Error()
		return finish()
	}
	if err := ApplyMutant(dir, m); err != nil {
		res.Status, res.Reason = Errored, err.Error()
		fmt.Fprintln(log, err)
		return finish()
	}
	diff := exec.Command("git", "diff", "--no-color")
	diff.Dir = dir
	diff.Stdout, diff.Stderr = log, log
	_ = diff.Run()
	earlier := map[string]StageRun{}
	if prev, ok := r.Previous[m.Name]; ok && prev.Mutant == res.Mutant {
		for _, s := range prev.Stages {
			if s.Outcome == StagePassed || s.Outcome == StageFailed {
				if s.Tree == "" {
					s.Tree = prev.Tree
				}
				earlier[s.Stage] = s
			}
		}
		if prev.Status == Caught {
			earlier[prev.CaughtBy] = StageRun{Stage: prev.CaughtBy, Outcome: StageFailed, Tree: prev.Tree}
		}
	}
	var skipped []string
	for _, st := range m.Stages {
		if !r.Selected(st) {
			if e, ok := earlier[st.String()]; ok {
				// Recorded by an earlier run of this very mutant.
				res.Stages = append(res.Stages, e)
				if e.Outcome == StageFailed {
					prev := r.Previous[m.Name]
					res.Status, res.CaughtBy, res.Reason = Caught, st.String(), prev.Reason
					fmt.Fprintf(log, "\n(%s caught it in an earlier run, on %s)\n", st, e.Tree)
					return finish()
				}
				continue
			}
			res.Stages = append(res.Stages, StageRun{Stage: st.String(), Outcome: StageNotRun})
			skipped = append(skipped, st.String())
			continue
		}
		t0 := time.Now()
		outcome, reason := r.runStageRetrying(dir, st, log)
		res.Stages = append(res.Stages, StageRun{Stage: st.String(), Outcome: outcome, Seconds: int(time.Since(t0).Seconds()), Tree: r.Tree})
		switch outcome {
		case StageFailed:
			res.Status, res.CaughtBy, res.Reason = Caught, st.String(), reason
			return finish()
		case StageError:
			res.Status, res.Reason = Errored, st.String()+": "+reason
			return finish()
		}
	}
	if len(skipped) > 0 {
		res.Status = Pending
		res.Reason = "not run: " + strings.Join(skipped, ", ")
	} else {
		res.Status = Survived
	}
	return finish()
}

// Baseline runs every distinct stage once on the unmutated tree: a stage that fails there would
// "catch" every mutant, so the run stops instead.
func (r *Runner) Baseline(stages []Stage, logPath string) (map[string]StageRun, []string) {
	out := map[string]StageRun{}
	var broken []string
	log, err := os.Create(logPath)
	if err != nil {
		return out, []string{err.Error()}
	}
	defer func() { _ = log.Close() }()
	dir, err := os.MkdirTemp("", "mutant-baseline-")
	if err != nil {
		return out, []string{err.Error()}
	}
	defer func() { _ = os.RemoveAll(dir) }()
	if err := CopyTree(r.Pristine, dir); err != nil {
		return out, []string{err.Error()}
	}
	for _, st := range stages {
		t0 := time.Now()
		fmt.Fprintf(r.Out, "  baseline %-55s ", st)
		outcome, reason := r.runStageRetrying(dir, st, log)
		secs := int(time.Since(t0).Seconds())
		fmt.Fprintf(r.Out, "%s (%ds)\n", outcome, secs)
		out[st.String()] = StageRun{Stage: st.String(), Outcome: outcome, Seconds: secs}
		if outcome != StagePassed {
			broken = append(broken, fmt.Sprintf("%s: %s %s", st, outcome, reason))
		}
	}
	return out, broken
}

// DistinctStages lists the selected stages of the mutants once each, cheapest kind first.
func DistinctStages(mutants []Mutant, selected func(Stage) bool) []Stage {
	seen := map[string]bool{}
	var out []Stage
	for _, m := range mutants {
		for _, st := range m.Stages {
			if selected(st) && !seen[st.String()] {
				seen[st.String()] = true
				out = append(out, st)
			}
		}
	}
	rank := map[string]int{}
	for i, k := range Kinds {
		rank[k] = i
	}
	sort.SliceStable(out, func(i, j int) bool { return rank[out[i].Kind] < rank[out[j].Kind] })
	return out
}

var (
	goFailure = regexp.MustCompile(`^\s+(\S+_test\.go:\d+): (.+)$`)
	wanted    = regexp.MustCompile(`(?i)\bwant`)
	// goTestLine is go test's own ("--- FAIL: TestX", "=== NAME  TestX/sub"), which ends an error's prose.
	goTestLine = regexp.MustCompile(`^\s*(---|===) [A-Z]+`)
	// progress is what the emulator harness logs for each command: "terraform apply (2m3s)".
	progress = regexp.MustCompile(`^terraform \S+ \([0-9][0-9hms.]*\)$|^apply: [0-9]`)
	tfError  = regexp.MustCompile(`^[│|]?\s*Error: (.+)$`)
	trivyHit = regexp.MustCompile(`AVD-[A-Z]+-\d+.*`)
	// terraform test's progress lines: `tests/x.tftest.hcl... fail`, `  run "name"... pass`.
	terraformLocation = regexp.MustCompile(`^\s+on (\S+ line \d+)`)
	terraformProgress = regexp.MustCompile(`^(\S+\.tftest\.hcl|\s+run "[^"]*")\.\.\. `)
)

// FailureReason picks the line of a failed stage's output that says why: a Go test's message, a
// terraform test's error_message (or another Terraform error), a trivy finding, else the last line.
func FailureReason(log string) string {
	lines := strings.Split(log, "\n")
	// A verbose emulator run logs its progress on lines of the same form ("terraform init (2s)"),
	// so a line that says what was wanted, as every assertion here does, goes first; progress
	// lines never count. A Terraform command that failed a Go test says why in Terraform's own
	// error, unless the harness put ECS's reason on the failure line (a service wait that ran out).
	var first string
	commandFailed := false
	for _, l := range lines {
		m := goFailure.FindStringSubmatch(l)
		if m == nil || progress.MatchString(m[2]) {
			continue
		}
		if wanted.MatchString(m[2]) {
			return clip(m[1] + ": " + m[2])
		}
		if first == "" {
			first = clip(m[1] + ": " + m[2])
			commandFailed = strings.Contains(m[2], ": exit status ") && !strings.Contains(m[2], "(ECS: ")
		}
	}
	if first != "" && !commandFailed {
		return first
	}
	if tf := terraformError(lines); tf != "" {
		return tf
	}
	if first != "" {
		return first
	}
	for _, l := range lines {
		if m := trivyHit.FindString(l); m != "" {
			return clip(strings.TrimSpace(m))
		}
	}
	for i := len(lines) - 1; i >= 0; i-- {
		if t := strings.TrimSpace(lines[i]); t != "" {
			return clip(t)
		}
	}
	return ""
}

// terraformError is the first Terraform error of the log: its summary and prose, and where.
func terraformError(lines []string) string {
	for i, l := range lines {
		m := tfError.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		// The prose after the source context: the lines that are not indented, up to a blank one
		// (in a terminal Terraform boxes the message in "│ " lines, elsewhere it prints it bare).
		var prose []string
		where := ""
		for _, next := range lines[i+1:] {
			if strings.HasPrefix(next, "╵") || terraformProgress.MatchString(next) || goTestLine.MatchString(next) {
				break
			}
			text := next
			if rest, ok := strings.CutPrefix(next, "│"); ok {
				text = strings.TrimPrefix(rest, " ")
			}
			if loc := terraformLocation.FindStringSubmatch(text); loc != nil && where == "" {
				where = loc[1]
			}
			if text == "" || strings.HasPrefix(text, " ") || strings.HasPrefix(text, "Error:") {
				if len(prose) > 0 {
					break
				}
				continue
			}
			prose = append(prose, text)
		}
		out := m[1]
		if len(prose) > 0 {
			out = strings.Join(prose, " ")
			if m[1] != "Test assertion failed" {
				out = m[1] + ": " + out
			}
		}
		if where != "" {
			out += " (" + where + ")"
		}
		return clip(out)
	}
	return ""
}

func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 240 {
		return string(r[:237]) + "..."
	}
	return s
}
