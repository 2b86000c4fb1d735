package cli

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"terraform-basemachina-modules/internal/cost"
	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/preview"
	"terraform-basemachina-modules/test/testfiles"
)

// maxColumns is the terminal width every line a person reads must fit.
const maxColumns = 100

func assertFits(t *testing.T, what, out string) {
	t.Helper()
	for i, line := range strings.Split(out, "\n") {
		if w := i18n.Width(line); w > maxColumns {
			t.Errorf("%s line %d is %d columns wide (at most %d): %q", what, i+1, w, maxColumns, line)
		}
	}
}

func TestOutputFitsOneHundredColumns(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.Japanese, i18n.English} {
		env := map[string]string{"LANG": map[i18n.Lang]string{i18n.Japanese: "ja_JP.UTF-8", i18n.English: "en_US.UTF-8"}[lang]}
		t.Run(string(lang), func(t *testing.T) {
			_, help, _ := run(t, env, "help")
			assertFits(t, "help", help)
			for _, c := range commands {
				_, out, _ := run(t, env, c.name, "--help")
				assertFits(t, c.name+" --help", out)
			}
			_, out, _ := run(t, env, "cost", fixture("complete"), "--region", "ap-northeast-1", "--compare")
			assertFits(t, "cost --compare", out)
			_, out, _ = run(t, env, "cost", "--diff", fixture("existing-vpc"), fixture("complete"), "--region", "ap-northeast-1")
			assertFits(t, "cost --diff", out)
			_, out, _ = run(t, env, "check", fixture("complete"))
			assertFits(t, "check", out)

			plan, err := testfiles.LoadPlan("complete")
			if err != nil {
				t.Fatal(err)
			}
			e, err := cost.FromPlan(plan, "ap-northeast-1", cost.DefaultAssumptions())
			if err != nil {
				t.Fatal(err)
			}
			// The preview command prints its report through printFitted, as here (planning needs terraform).
			var buf bytes.Buffer
			printFitted(&buf, func(w io.Writer) {
				preview.Write(w, preview.Root{Dir: "examples/complete", Example: true, PlanPath: "out/preview/complete.plan.json"}, preview.Summarize(plan, cost.Category, lang), e, lang)
			})
			assertFits(t, "preview", buf.String())
		})
	}
}
