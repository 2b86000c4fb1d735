package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"terraform-basemachina-modules/test/testfiles"
)

// fakeTerraform puts a terraform first on PATH whose init succeeds and whose plan prints the
// captured output of a real failed plan (testdata/terraform-output) and exits 1, so the preview's
// own path from terraform's output to the user's screen is tested without planning anything.
func fakeTerraform(t *testing.T, capture string) {
	t.Helper()
	bin := t.TempDir()
	script := `#!/bin/sh
case "$1" in
init) echo "Initializing the backend..."; exit 0 ;;
plan) cat "$FAKE_TF_STDOUT"; cat "$FAKE_TF_STDERR" >&2; exit 1 ;;
esac
exit 3
`
	if err := os.WriteFile(filepath.Join(bin, "terraform"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(testfiles.Dir(), "terraform-output")
	t.Setenv("FAKE_TF_STDOUT", filepath.Join(dir, capture+".stdout"))
	t.Setenv("FAKE_TF_STDERR", filepath.Join(dir, capture+".stderr"))
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// A failed plan shows Terraform's error blocks and nothing else of its output: no ANSI colour
// codes, no box, no "Planning failed" preamble, no literal \n; the whole output goes to a file
// whose path is printed, in the user's language.
func TestAFailedPlanShowsOnlyTerraformsErrors(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "main.tf"), []byte("variable \"name\" {\n  type = string\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, env := range []map[string]string{english, japanese} {
		t.Run(env["LANG"], func(t *testing.T) {
			fakeTerraform(t, "plan-invalid-variables.color")
			code, stdout, stderr := run(t, env, "preview", root)
			if code != ExitFinding || stdout != "" {
				t.Fatalf("wanted exit 1 and nothing on stdout, got %d %q", code, stdout)
			}
			for _, want := range []string{"Error: Invalid value for variable", "│ var.name is \"far-too-long-a-name\"", "Error: Invalid value for input variable", "number is required."} {
				if !strings.Contains(stderr, want) {
					t.Errorf("wanted %q in:\n%s", want, stderr)
				}
			}
			for _, unwanted := range []string{"\x1b", "╷", "╵", "│ Error", "Planning failed", `\n`, "Initializing the backend"} {
				if strings.Contains(stderr, unwanted) {
					t.Errorf("wanted no %q in:\n%s", unwanted, stderr)
				}
			}
			marker := map[string]string{"en_US.UTF-8": "Its full output: ", "ja_JP.UTF-8": "出力の全文: "}[env["LANG"]]
			_, after, ok := strings.Cut(stderr, marker)
			if !ok {
				t.Fatalf("wanted %q and the log's path in:\n%s", marker, stderr)
			}
			logPath := strings.TrimSpace(after)
			t.Cleanup(func() { _ = os.Remove(logPath) })
			log, err := os.ReadFile(logPath)
			if err != nil {
				t.Fatalf("the printed log %q: %v", logPath, err)
			}
			// The file keeps everything, colours included, for whoever needs the rest.
			if !strings.Contains(string(log), "Planning failed") || !strings.Contains(string(log), "\x1b[") {
				t.Errorf("wanted terraform's whole output in %s, got:\n%s", logPath, log)
			}
			if st, err := os.Stat(logPath); err != nil || st.Mode().Perm() != 0o600 {
				t.Errorf("wanted the log readable by its owner only, got %v %v", st, err)
			}
		})
	}
}
