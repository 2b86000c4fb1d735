package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/testfiles"
	"terraform-basemachina-modules/internal/tfplan"
)

// fakePlan makes planOffline return the fixture plan of one example instead of running terraform,
// so the preview's report of a root is tested on the plan `make fixtures` keeps.
func fakePlan(t *testing.T, example string) {
	t.Helper()
	saved := planOffline
	t.Cleanup(func() { planOffline = saved })
	planOffline = func(context.Context, tfplan.Options) (*tfplan.Result, error) {
		data, err := os.ReadFile(testfiles.Plan(example))
		if err != nil {
			return nil, err
		}
		plan, err := tfplan.Parse(data)
		if err != nil {
			return nil, err
		}
		return &tfplan.Result{Plan: plan, JSON: data}, nil
	}
}

// seconds is the planning time, which varies from run to run.
var seconds = regexp.MustCompile(`[0-9]+\.[0-9]`)

// The preview of roots other than examples/complete, in both languages, kept in
// testdata/golden/bridgectl beside the other commands' outputs (UPDATE_GOLDEN=1 rewrites them):
// a bootstrap root, which has no traffic path and no Bridge rules to pass, and an existing-VPC
// root, whose tasks run in subnets it is given by ID.
func TestGoldenPreviewOfOtherRoots(t *testing.T) {
	for _, example := range []string{"bootstrap", "existing-vpc"} {
		for _, lang := range []i18n.Lang{i18n.Japanese, i18n.English} {
			env := map[i18n.Lang]map[string]string{i18n.Japanese: japanese, i18n.English: english}[lang]
			t.Run(example+"."+string(lang), func(t *testing.T) {
				fakePlan(t, example)
				t.Chdir(testfiles.Root()) // the root as a user names it, and the repository's examples/
				out := filepath.Join(t.TempDir(), example+".plan.json")
				args := []string{"preview", filepath.Join("examples", example), "--region", "ap-northeast-1", "--out", out}
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
				compareGolden(t, testfiles.Golden("bridgectl", "preview-"+example+"."+string(lang)+".txt"), []byte(got))
			})
		}
	}
}

// compareGolden compares output with its golden file, or rewrites the file with UPDATE_GOLDEN=1.
func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (make fixtures): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (make fixtures to accept):\n%s", path, got)
	}
}
