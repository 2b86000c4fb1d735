package cli

import (
	"io"
	"slices"
	"strings"
	"testing"

	flag "github.com/spf13/pflag"

	"terraform-basemachina-modules/internal/i18n"
)

// Each command's help, in both languages, holds a usage line with its positional arguments, its
// flags and one example; `bridgectl help <command>` prints the same, and `bridgectl help` lists
// every usage line.
func TestEveryCommandHasAUsageLineFlagsAndAnExample(t *testing.T) {
	for _, lang := range []struct {
		env                             map[string]string
		usage, synopsis, flags, example string
		args                            map[string]string
	}{
		{english, "Usage:", "bridgectl %s [flags]", "Flags:", "Example:", map[string]string{"init": " [DIR]", "preview": " [DIR]", "check": " PLAN.json", "cost": " PLAN.json"}},
		{japanese, "使い方:", "bridgectl %s [フラグ]", "フラグ:", "例:", map[string]string{"init": " [ディレクトリ]", "preview": " [ディレクトリ]", "check": " PLAN.json", "cost": " PLAN.json"}},
	} {
		code, overview, _ := run(t, lang.env, "help")
		if code != ExitOK {
			t.Fatalf("help: exit %d", code)
		}
		for _, c := range commands {
			code, help, stderr := run(t, lang.env, c.name, "-h")
			if code != ExitOK || stderr != "" {
				t.Fatalf("%s -h: exit %d %q", c.name, code, stderr)
			}
			synopsis := strings.Replace(lang.synopsis, "%s", c.name, 1) + lang.args[c.name]
			if !strings.Contains(help, "\n"+lang.usage+" "+synopsis+"\n") {
				t.Errorf("%s -h (%s): wanted the usage line %q in:\n%s", c.name, lang.env["LANG"], synopsis, help)
			}
			if !strings.Contains(overview, "\n  "+synopsis+"\n") {
				t.Errorf("help (%s): wanted %q listed in:\n%s", lang.env["LANG"], synopsis, overview)
			}
			if !strings.Contains(help, "\n"+lang.flags+"\n") || !strings.Contains(help, "  --lang ") {
				t.Errorf("%s -h: wanted the flags in:\n%s", c.name, help)
			}
			if !strings.HasSuffix(help, "\n"+lang.example+"\n  "+c.example+"\n") {
				t.Errorf("%s -h: wanted the example last in:\n%s", c.name, help)
			}
			if _, same, _ := run(t, lang.env, "help", c.name); same != help {
				t.Errorf("help %s differs from %s -h:\n%s", c.name, c.name, same)
			}
		}
	}
}

// Every example runs as written: its flags are the command's, and it gives the arguments its
// usage line names.
func TestTheExamplesParse(t *testing.T) {
	for i := range commands {
		c := &commands[i]
		_, line, ok := strings.Cut(c.example, "bridgectl "+c.name)
		if !ok {
			t.Errorf("%s: the example %q does not run bridgectl %s", c.name, c.example, c.name)
			continue
		}
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c.make().flags(fs, i18n.English)
		if err := fs.Parse(strings.Fields(line)); err != nil {
			t.Errorf("%s: the example %q: %v", c.name, c.example, err)
			continue
		}
		want := map[string][]int{"": {0}, "PLAN.json": {1}, "[DIR]": {0, 1}}[c.args]
		if n := fs.NArg(); !slices.Contains(want, n) {
			t.Errorf("%s: the example %q gives %d arguments; the usage line says %q", c.name, c.example, n, c.args)
		}
	}
}

// A flag that cannot be parsed is told in the user's language, in one sentence naming the flag
// and the value, with the command's help to turn to; never with pflag's English.
func TestFlagErrorsInTheUsersLanguage(t *testing.T) {
	plan := fixture("complete")
	cases := []struct {
		args   []string
		en, ja string
	}{
		{[]string{"cost", plan, "--nope"}, "Unknown flag --nope.", "不明なフラグ --nope です。"},
		{[]string{"cost", plan, "-x"}, "Unknown flag -x.", "不明なフラグ -x です。"},
		{[]string{"cost", "-lang", "en", plan}, "-lang is not a flag: a long flag takes two dashes (--lang).", "-lang というフラグはありません。"},
		{[]string{"cost", plan, "--region"}, "--region needs a value.", "--region には値が必要です。"},
		{[]string{"cost", plan, "--nat-gb", "many"}, `--nat-gb takes a number (got "many").`, `--nat-gb には数値を指定してください（"many" は数値ではありません）。`},
		{[]string{"logs", "--since", "yesterday"}, `--since takes a duration such as 30s, 15m or 2h (got "yesterday").`, "--since には 30s、15m、2h のような期間"},
		{[]string{"check", plan, "--json=maybe"}, `--json takes true or false (got "maybe").`, "--json には true か false を指定してください"},
		{[]string{"cost", plan, "---region"}, "---region is not a flag: write --NAME or --NAME=VALUE.", "---region はフラグの形ではありません。"},
	}
	for _, c := range cases {
		for _, l := range []struct {
			env        map[string]string
			want, hint string
		}{
			{english, c.en, "Run `bridgectl " + c.args[0] + " -h` for its flags."},
			{japanese, c.ja, "`bridgectl " + c.args[0] + " -h` でフラグの一覧を表示します。"},
		} {
			code, stdout, stderr := run(t, l.env, c.args...)
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			if code != ExitUsage || stdout != "" || !strings.HasPrefix(stderr, l.want) || lines[len(lines)-1] != l.hint {
				t.Errorf("%v (%s): wanted exit 2, %q and the hint %q, got %d %q %q", c.args, l.env["LANG"], l.want, l.hint, code, stdout, stderr)
			}
			for _, english := range []string{"unknown flag", "unknown shorthand", "needs an argument", "invalid argument", "bad flag syntax", "strconv", "invalid syntax"} {
				if strings.Contains(stderr, english) {
					t.Errorf("%v: pflag's English %q in %q", c.args, english, stderr)
				}
			}
		}
	}
}

// An unknown --lang is refused in the language of the environment.
func TestAnUnknownLanguageIsRefusedInTheEnvironmentsLanguage(t *testing.T) {
	for env, want := range map[string]string{"en_US.UTF-8": `Unknown language "fr": use ja or en.`, "ja_JP.UTF-8": `不明な言語 "fr" です。ja か en を指定してください。`} {
		if code, _, stderr := run(t, map[string]string{"LANG": env}, "--lang", "fr", "help"); code != ExitUsage || strings.TrimSpace(stderr) != want {
			t.Errorf("LANG=%s: wanted exit 2 and %q, got %d %q", env, want, code, stderr)
		}
	}
}
