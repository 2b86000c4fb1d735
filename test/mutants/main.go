// Command mutants is the mutation harness behind `make mutants`: it applies each defect of
// test/mutants/mutants.txt, one at a time, to a copy of the repository's tracked files, runs the
// stages that should catch it (cheapest first, until one fails), and prints which were caught and
// the kill ratio. Results go to test/mutants/results.json; -report prints the section of
// docs/performance.md from them.
//
//	go run ./test/mutants [flags]
//	  -run REGEXP      only the mutants whose names match (MUTANTS_RUN)
//	  -stages KINDS    only these kinds of stage, e.g. static,tftest,go (MUTANTS_STAGES; default all)
//	  -source SOURCE   worktree (the tracked files as they are, default) or head (MUTANTS_SOURCE)
//	  -baseline WHICH  cheap (default: every selected non-emulator stage), all or none (MUTANTS_BASELINE)
//	  -check           only check that every mutant's edits still apply
//	  -report          print the markdown section from the recorded results
//	  -write-doc FILE  replace the section between the markers in FILE
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

func main() {
	os.Exit(run())
}

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func run() int {
	var (
		listPath    = flag.String("list", "test/mutants/mutants.txt", "the mutant list, relative to the repository root")
		resultsPath = flag.String("results", "test/mutants/results.json", "the results file, relative to the repository root")
		only        = flag.String("run", env("MUTANTS_RUN", ""), "only the mutants whose names match this regular expression")
		kinds       = flag.String("stages", env("MUTANTS_STAGES", strings.Join(Kinds, ",")), "kinds of stage to run: static, tftest, go, emulator")
		source      = flag.String("source", env("MUTANTS_SOURCE", string(FromWorktree)), "worktree or head")
		baseline    = flag.String("baseline", env("MUTANTS_BASELINE", "cheap"), "cheap, all or none")
		check       = flag.Bool("check", false, "only check that every mutant's edits apply")
		report      = flag.Bool("report", false, "print the docs/performance.md section from the results")
		writeDoc    = flag.String("write-doc", "", "replace the section between the markers in this file")
		rereason    = flag.Bool("reasons-from-logs", false, "recompute each catch's reason from the kept log of its stage (out/mutants/<name>.log), after the reason finder improved, and stop")
		combineInto = flag.String("combine-into", "", "copy the tree into this directory with every mutant -run selects applied at once, and stop (a broken stack for a test)")
	)
	flag.Parse()
	repo, err := repoRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "mutants:", err)
		return 2
	}
	f, err := os.Open(filepath.Join(repo, *listPath))
	if err != nil {
		fmt.Fprintln(os.Stderr, "mutants:", err)
		return 2
	}
	mutants, err := ParseList(f)
	_ = f.Close()
	if err != nil {
		fmt.Fprintf(os.Stderr, "mutants: %s: %v\n", *listPath, err)
		return 2
	}
	results, err := loadResults(filepath.Join(repo, *resultsPath))
	if err != nil {
		fmt.Fprintln(os.Stderr, "mutants:", err)
		return 2
	}
	if *rereason {
		changed := rereasonFromLogs(results, filepath.Join(repo, "out", "mutants"))
		if err := results.save(filepath.Join(repo, *resultsPath)); err != nil {
			fmt.Fprintln(os.Stderr, "mutants:", err)
			return 2
		}
		fmt.Printf("%d reasons recomputed from the kept logs\n", changed)
		return 0
	}
	if *report || *writeDoc != "" {
		var b strings.Builder
		Report(&b, mutants, results)
		if *writeDoc != "" {
			if err := WriteDoc(filepath.Join(repo, *writeDoc), b.String()); err != nil {
				fmt.Fprintln(os.Stderr, "mutants:", err)
				return 2
			}
		}
		if *report {
			fmt.Print(b.String())
		}
		return 0
	}

	selected := mutants
	if *only != "" {
		re, err := regexp.Compile(*only)
		if err != nil {
			fmt.Fprintln(os.Stderr, "mutants: -run:", err)
			return 2
		}
		selected = nil
		for _, m := range mutants {
			if re.MatchString(m.Name) {
				selected = append(selected, m)
			}
		}
		if len(selected) == 0 {
			fmt.Fprintf(os.Stderr, "mutants: no mutant matches %q\n", *only)
			return 2
		}
	}
	src := Source(*source)
	if src != FromWorktree && src != FromHead {
		fmt.Fprintf(os.Stderr, "mutants: -source %q: worktree or head\n", *source)
		return 2
	}
	// A stale mutant is an error of the list: the run refuses to start rather than report it.
	if errs := CheckMutants(repo, src, selected); len(errs) > 0 {
		for _, e := range errs {
			fmt.Fprintln(os.Stderr, "mutants:", e)
		}
		fmt.Fprintf(os.Stderr, "mutants: %d of %d mutants no longer apply: update %s\n", len(errs), len(selected), *listPath)
		return 2
	}
	if *check {
		fmt.Printf("%d mutants, every edit applies to the %s tree\n", len(selected), src)
		return 0
	}
	if *combineInto != "" {
		if *only == "" {
			fmt.Fprintln(os.Stderr, "mutants: -combine-into needs -run to select the mutants")
			return 2
		}
		if err := combine(repo, *combineInto, selected); err != nil {
			fmt.Fprintln(os.Stderr, "mutants:", err)
			return 2
		}
		return 0
	}

	allowed := map[string]bool{}
	for _, k := range strings.FieldsFunc(*kinds, func(r rune) bool { return r == ',' || r == ' ' }) {
		if !contains(Kinds, k) {
			fmt.Fprintf(os.Stderr, "mutants: -stages: unknown kind %q (%s)\n", k, strings.Join(Kinds, ", "))
			return 2
		}
		allowed[k] = true
	}
	if *baseline != "cheap" && *baseline != "all" && *baseline != "none" {
		fmt.Fprintf(os.Stderr, "mutants: -baseline %q: cheap, all or none\n", *baseline)
		return 2
	}

	work, err := os.MkdirTemp("", "mutants-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "mutants:", err)
		return 2
	}
	defer func() { _ = os.RemoveAll(work) }()
	logs := filepath.Join(repo, "out", "mutants")
	if err := os.MkdirAll(logs, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "mutants:", err)
		return 2
	}
	tree := Describe(repo, src)
	pristine := filepath.Join(work, "pristine")
	fmt.Printf("mutants: copying the %s tree (%s)\n", src, tree)
	if err := MakePristine(repo, pristine, filepath.Join(work, "plugin-cache"), src); err != nil {
		fmt.Fprintln(os.Stderr, "mutants:", err)
		return 2
	}
	runner := &Runner{Pristine: pristine, Logs: logs, Kinds: allowed, Out: os.Stdout, Tree: tree, Previous: map[string]Result{}}
	for k, v := range results.Mutants {
		runner.Previous[k] = v
	}

	// An interrupt stops the running stage's process group; what was recorded is kept.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	interrupted := make(chan struct{})
	go func() {
		sig := <-signals
		fmt.Fprintf(os.Stderr, "\nmutants: %v received: stopping the running stage; what was recorded is kept\n", sig)
		close(interrupted)
		runner.Interrupt()
	}()
	stopped := func() bool {
		select {
		case <-interrupted:
			return true
		default:
			return false
		}
	}

	if *baseline != "none" {
		stages := DistinctStages(selected, func(st Stage) bool {
			return allowed[st.Kind] && (st.Kind != "emulator" || *baseline == "all")
		})
		fmt.Printf("mutants: %d stages on the unmutated copy first (log: out/mutants/baseline.log)\n", len(stages))
		base, broken := runner.Baseline(stages, filepath.Join(logs, "baseline.log"))
		if stopped() {
			fmt.Fprintln(os.Stderr, "mutants: interrupted during the baseline; nothing recorded")
			return 2
		}
		for k, v := range base {
			v.Tree = tree
			results.Baseline[k] = v
		}
		if err := results.save(filepath.Join(repo, *resultsPath)); err != nil {
			fmt.Fprintln(os.Stderr, "mutants:", err)
		}
		if len(broken) > 0 {
			for _, b := range broken {
				fmt.Fprintln(os.Stderr, "mutants: the unmutated tree fails", b)
			}
			fmt.Fprintln(os.Stderr, "mutants: a stage that fails without a defect would catch every mutant; fix the tree (or MUTANTS_SOURCE=head) first")
			return 2
		}
	}

	started := time.Now()
	for i, m := range selected {
		if stopped() {
			break
		}
		fmt.Printf("[%d/%d] %-44s ", i+1, len(selected), m.Name)
		res := runner.RunMutant(m)
		if stopped() {
			fmt.Println("interrupted")
			break
		}
		res.Tree, res.Selected = tree, strings.Join(selectedKinds(allowed), ",")
		results.Mutants[m.Name] = res
		if err := results.save(filepath.Join(repo, *resultsPath)); err != nil {
			fmt.Fprintln(os.Stderr, "mutants:", err)
			return 2
		}
		detail := res.CaughtBy
		if res.Status != Caught {
			detail = res.Reason
		}
		fmt.Printf("%s %s (%ds)\n", res.Status, detail, res.Seconds)
	}
	fmt.Printf("\nmutants: %s, log per mutant in out/mutants/\n\n", time.Since(started).Round(time.Second))
	PrintTable(os.Stdout, selected, results)
	if len(selected) < len(mutants) {
		fmt.Println("whole list:", tally(mutants, results).Summary())
	}
	for _, m := range selected {
		if r := results.Mutants[m.Name]; r.Status == Errored {
			return 1
		}
	}
	return 0
}

func selectedKinds(allowed map[string]bool) []string {
	var out []string
	for _, k := range Kinds {
		if allowed[k] {
			out = append(out, k)
		}
	}
	return out
}

func repoRoot() (string, error) {
	out, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return "", fmt.Errorf("not inside the repository's git work tree: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}
