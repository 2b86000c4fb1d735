package cli

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/test/testfiles"
)

// seconds is the planning time, which varies from run to run.
var seconds = regexp.MustCompile(`[0-9]+\.[0-9]`)

// The preview of roots other than examples/complete, in both languages, kept in
// testdata/golden/bridgectl beside the other commands' outputs (UPDATE_GOLDEN=1 rewrites them):
// a bootstrap root, which has no traffic path and no Bridge rules to pass, and an existing-VPC
// root, whose tasks run in subnets it is given by ID.
func TestGoldenPreviewOfOtherRoots(t *testing.T) {
	// Osaka, the second region of a Japanese company, with the production stack: every price of
	// ap-northeast-3 is in the table, some approximate, and the preview says which.
	for _, c := range []struct{ name, example, region string }{
		{"bootstrap", "bootstrap", "ap-northeast-1"},
		{"existing-vpc", "existing-vpc", "ap-northeast-1"},
		{"complete-osaka", "complete", "ap-northeast-3"},
	} {
		example := c.example
		for _, lang := range []i18n.Lang{i18n.Japanese, i18n.English} {
			env := map[i18n.Lang]map[string]string{i18n.Japanese: japanese, i18n.English: english}[lang]
			t.Run(c.name+"."+string(lang), func(t *testing.T) {
				stubPlan(t, example)
				t.Chdir(testfiles.Root()) // the root as a user names it, and the repository's examples/
				out := filepath.Join(t.TempDir(), example+".plan.json")
				args := []string{"preview", filepath.Join("examples", example), "--region", c.region, "--out", out}
				code, stdout, stderr := run(t, env, args...)
				if code != ExitOK {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				// Wrapped to 100 columns, still no arrow points at the end of a line.
				for _, line := range strings.Split(stdout, "\n") {
					if strings.HasSuffix(strings.TrimSpace(line), "-->") {
						t.Errorf("an arrow to nothing: %q", line)
					}
				}
				got := "$ bridgectl " + strings.Join(args, " ") + "\n" + stdout + seconds.ReplaceAllString(stderr, "N.N")
				got = strings.ReplaceAll(got, out, "$TMP/"+example+".plan.json")
				compareGolden(t, testfiles.Golden("bridgectl", "preview-"+c.name+"."+string(lang)+".txt"), []byte(got))
			})
		}
	}
}
