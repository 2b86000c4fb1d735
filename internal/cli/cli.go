// Package cli implements bridgectl's commands: one type per command with a validate and an execute
// step, data on stdout, progress and errors on stderr, --json for machines, Japanese by default.
package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	flag "github.com/spf13/pflag"

	"terraform-basemachina-modules/internal/i18n"
)

// Exit codes.
const (
	ExitOK      = 0 // success
	ExitFinding = 1 // a finding or a failure
	ExitUsage   = 2 // bad usage or bad input
)

// IO is where a command reads its environment and writes its output.
type IO struct {
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// command is one bridgectl subcommand.
type command interface {
	// flags registers the command's flags.
	flags(fs *flag.FlagSet, l i18n.Lang)
	// validate checks flags and arguments before anything is done; its error is a usage error.
	validate(args []string, l i18n.Lang) error
	// execute does the work; its error is a failure (exit 1) unless it is a usageError.
	execute(ctx context.Context, env IO, l i18n.Lang) error
}

// usageError marks errors caused by the user's input (exit 2).
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// usagef is a usage error with a catalog message (internal/i18n), shown in the user's language.
func usagef(key string, args ...any) error { return usageError{i18n.Errorf(key, args...)} }

// errFinding reports that the command ran and found problems, already printed (exit 1).
var errFinding error = findings{}

type findings struct{}

func (findings) Error() string { return "findings reported" }

type commandSpec struct {
	name    string
	args    string // the positional arguments of the usage line, a catalog key; "" when there are none
	summary string // English; the catalog holds the Japanese
	example string // one command line, the same in both languages
	make    func() command
}

var commands = []commandSpec{
	{"init", "[DIR]", "Write your infrastructure repository from the template, with your accounts, regions, domains, names and state bucket",
		"bridgectl init bridge-infra --values values.json", func() command { return &initCmd{} }},
	{"preview", "[DIR]", "Plan your own root module without an AWS account and show what it creates, how traffic flows, what holds for security and what it costs",
		"bridgectl preview live/dev --var-file dev.tfvars", func() command { return &previewCmd{} }},
	{"check", "PLAN.json", "Apply the security rules to a plan JSON (exit 1 when one is broken)",
		"terraform show -json tfplan > plan.json && bridgectl check plan.json", func() command { return &checkCmd{} }},
	{"cost", "PLAN.json", "Estimate the monthly cost of a terraform plan JSON",
		"bridgectl cost plan.json --compare", func() command { return &costCmd{} }},
	{"cert", "", "Make a self-signed certificate for a test environment",
		"bridgectl cert --domain bridge.example.com --out certs --days 30", func() command { return &certCmd{} }},
	{"doctor", "", "Diagnose a deployed stack",
		"bridgectl doctor --dir examples/complete --wait", func() command { return &doctorCmd{} }},
	{"logs", "", "Show the Bridge's recent log lines, readable (--since, --follow, --filter)",
		"bridgectl logs --dir examples/complete --since 2h --follow", func() command { return &logsCmd{} }},
	{"seed", "", "Load SQL into the private RDS without a bastion host",
		"bridgectl seed --dir examples/complete --file examples/complete/seed/init.sql", func() command { return &seedCmd{} }},
}

// Run parses args and runs one command; it returns the exit code. Flags, --lang included, may
// stand anywhere on the line: before the command, between arguments or after them.
func Run(ctx context.Context, args []string, env IO) int {
	name, rest, langFlag := splitCommand(args)
	l, err := i18n.Detect(langFlag, env.Getenv("LC_ALL"), env.Getenv("LANG"))
	if err != nil {
		// An unknown --lang is told in the language of the environment.
		l, _ = i18n.Detect("", env.Getenv("LC_ALL"), env.Getenv("LANG"))
		fmt.Fprintln(env.Stderr, l.Error(err))
		return ExitUsage
	}
	if name == "help" {
		// `bridgectl help cost` is `bridgectl cost -h`.
		if topic, _, _ := splitCommand(rest); topic != "" {
			name, rest = topic, []string{"--help"}
		}
	}
	if name == "" || name == "help" {
		if name == "" && !wantsHelp(rest) {
			printFitted(env.Stderr, func(w io.Writer) { printUsage(w, l) })
			return ExitUsage
		}
		printFitted(env.Stdout, func(w io.Writer) { printUsage(w, l) })
		return ExitOK
	}
	var spec *commandSpec
	for i := range commands {
		if commands[i].name == name {
			spec = &commands[i]
		}
	}
	if spec == nil {
		fmt.Fprintf(env.Stderr, l.S("Unknown command %q. Run `bridgectl help` for the list.\n"), name)
		return ExitUsage
	}
	cmd := spec.make()
	fs := flag.NewFlagSet("bridgectl "+spec.name, flag.ContinueOnError)
	// pflag would print its errors, in English, and the usage to one writer: here its errors are
	// told in the user's language on stderr (flagError) and the help goes to stdout.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.String("lang", "", l.S("Output language: ja or en (default from LANG, else ja)."))
	cmd.flags(fs, l)
	if err := fs.Parse(rest); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printFitted(env.Stdout, func(w io.Writer) { printCommandUsage(w, spec, fs, l) })
			return ExitOK
		}
		printFitted(env.Stderr, func(w io.Writer) {
			fmt.Fprintln(w, flagError(err, fs, l))
			fmt.Fprintf(w, l.S("Run `bridgectl %s -h` for its flags.\n"), spec.name)
		})
		return ExitUsage
	}
	if err := cmd.validate(fs.Args(), l); err != nil {
		fmt.Fprintln(env.Stderr, l.Error(err))
		return ExitUsage
	}
	if err := cmd.execute(withLang(ctx, l), env, l); err != nil {
		if errors.Is(err, errFinding) {
			return ExitFinding
		}
		fmt.Fprintln(env.Stderr, l.Error(err))
		var u usageError
		if errors.As(err, &u) {
			return ExitUsage
		}
		return ExitFinding
	}
	return ExitOK
}

// splitCommand finds the command name, the first argument that is neither a flag nor the value of
// --lang, and the language asked for, so that help text is in the right language from the start.
func splitCommand(args []string) (name string, rest []string, lang string) {
	rest = args
	for i := 0; i < len(args); i++ {
		a := args[i]
		if v, ok := strings.CutPrefix(a, "--lang="); ok {
			lang = v
		} else if a == "--lang" && i+1 < len(args) {
			lang = args[i+1]
			i++
		} else if name == "" && !strings.HasPrefix(a, "-") {
			name = a
			rest = append(append([]string{}, args[:i]...), args[i+1:]...)
		}
	}
	return name, rest, lang
}

// printFitted renders text for people and wraps each line to i18n.Columns; JSON is never wrapped.
func printFitted(w io.Writer, render func(io.Writer)) {
	var buf bytes.Buffer
	render(&buf)
	_, _ = io.WriteString(w, i18n.Fit(buf.String()))
}

func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "-h" || a == "--help" {
			return true
		}
	}
	return false
}

// flagError says what is wrong with the flags in the user's language: pflag's own errors are
// English ("unknown flag: --x", "invalid argument ...").
func flagError(err error, fs *flag.FlagSet, l i18n.Lang) string {
	var (
		notExist *flag.NotExistError
		noValue  *flag.ValueRequiredError
		invalid  *flag.InvalidValueError
		syntax   *flag.InvalidSyntaxError
	)
	switch {
	case errors.As(err, &notExist):
		group := notExist.GetSpecifiedShortnames()
		if group == "" {
			return l.Sprintf("Unknown flag --%s.", notExist.GetSpecifiedName())
		}
		// -lang: a long flag written with one dash reads as the short flags -l, -a, -n, -g.
		if long, _, _ := strings.Cut(group, "="); len(long) > 1 && fs.Lookup(long) != nil {
			return l.Sprintf("-%s is not a flag: a long flag takes two dashes (--%s).", long, long)
		}
		return l.Sprintf("Unknown flag -%s.", notExist.GetSpecifiedName())
	case errors.As(err, &noValue):
		if noValue.GetSpecifiedShortnames() != "" {
			return l.Sprintf("-%s needs a value.", noValue.GetSpecifiedName())
		}
		return l.Sprintf("--%s needs a value.", noValue.GetSpecifiedName())
	case errors.As(err, &invalid):
		name, value := invalid.GetFlag().Name, invalid.GetValue()
		switch invalid.GetFlag().Value.Type() {
		case "duration":
			return l.Sprintf("--%s takes a duration such as 30s, 15m or 2h (got %q).", name, value)
		case "int", "float64":
			return l.Sprintf("--%s takes a number (got %q).", name, value)
		case "bool":
			return l.Sprintf("--%s takes true or false (got %q).", name, value)
		}
		return l.Sprintf("--%s does not take %q.", name, value)
	case errors.As(err, &syntax):
		return l.Sprintf("%s is not a flag: write --NAME or --NAME=VALUE.", syntax.GetSpecifiedFlag())
	}
	return l.Error(err)
}

// synopsis is a command's line of usage: its flags and its positional arguments.
func synopsis(spec *commandSpec, l i18n.Lang) string {
	s := l.Sprintf("bridgectl %s [flags]", spec.name)
	if spec.args != "" {
		s += " " + l.S(spec.args)
	}
	return s
}

func printCommandUsage(w io.Writer, spec *commandSpec, fs *flag.FlagSet, l i18n.Lang) {
	fmt.Fprintf(w, "bridgectl %s: %s\n\n", spec.name, l.S(spec.summary))
	fmt.Fprintf(w, "%s %s\n\n", l.S("Usage:"), synopsis(spec, l))
	fmt.Fprintln(w, l.S("Flags:"))
	printFlags(w, fs, l)
	fmt.Fprintln(w)
	fmt.Fprintln(w, l.S("Example:"))
	fmt.Fprintf(w, "  %s\n", spec.example)
}

// printFlags lists the flags with their help and default in the user's language; pflag's own
// PrintDefaults writes "(default ...)" in English and reads back-quoted words as placeholders.
// A long help continues in its column.
func printFlags(w io.Writer, fs *flag.FlagSet, l i18n.Lang) {
	type row struct{ left, help string }
	var rows []row
	width := 0
	fs.VisitAll(func(f *flag.Flag) {
		left := "--" + f.Name
		if f.Shorthand != "" {
			left = "-" + f.Shorthand + ", " + left
		}
		if t := f.Value.Type(); t != "bool" {
			left += " " + placeholder(t, l)
		}
		help := f.Usage
		if d := f.DefValue; d != "" && d != "false" && d != "[]" && d != "0" {
			help = l.Sprintf("%s (default: %s)", help, d)
		}
		rows = append(rows, row{left, help})
		width = max(width, i18n.Width(left))
	})
	indent := strings.Repeat(" ", 2+width+2)
	for _, r := range rows {
		for i, line := range i18n.Wrap(r.help, max(i18n.Columns-len(indent), 40)) {
			if i == 0 {
				fmt.Fprintf(w, "  %s  %s\n", i18n.PadRight(r.left, width), line)
			} else {
				fmt.Fprintf(w, "%s%s\n", indent, line)
			}
		}
	}
}

// placeholder names a flag's value for people.
func placeholder(valueType string, l i18n.Lang) string {
	switch valueType {
	case "string", "stringArray", "stringSlice":
		return l.S("TEXT")
	case "duration":
		return l.S("DURATION")
	case "int", "float64":
		return l.S("NUMBER")
	}
	return valueType
}

func printUsage(w io.Writer, l i18n.Lang) {
	fmt.Fprintln(w, l.S("bridgectl operates BaseMachina Bridge stacks."))
	fmt.Fprintln(w)
	fmt.Fprintln(w, l.S("Usage: bridgectl <command> [flags]"))
	fmt.Fprintln(w)
	for i := range commands {
		fmt.Fprintf(w, "  %s\n", synopsis(&commands[i], l))
		for _, line := range i18n.Wrap(l.S(commands[i].summary), i18n.Columns-6) {
			fmt.Fprintf(w, "      %s\n", line)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, l.S("Run `bridgectl help <command>` or `bridgectl <command> -h` for a command's flags and an example."))
	fmt.Fprintln(w, l.S("Exit codes: 0 ok, 1 a finding or failure, 2 bad usage."))
}

// errorf is a failure (exit 1) in one sentence, with a catalog message.
func errorf(key string, args ...any) error { return i18n.Errorf(key, args...) }
