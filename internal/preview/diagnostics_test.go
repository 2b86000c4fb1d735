package preview

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"terraform-basemachina-modules/test/testfiles"
)

func captured(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testfiles.Dir(), "terraform-output", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// The two diagnostics of testdata/terraform-output, as a person should read them: Terraform's
// words, its source excerpt, nothing else.
const wantDiagnostics = `Error: Invalid value for variable

  on main.tf line 1:
   1: variable "name" {
    ├────────────────
    │ var.name is "far-too-long-a-name"

name must be at most 8 characters; got "far-too-long-a-name".

This was checked by the validation rule at main.tf:3,3-13.

Error: Invalid value for input variable

  on main.tf line 9:
   9: variable "unused_count" {

Unsuitable value for var.unused_count set using -var="unused_count=...": a
number is required.`

// Real output of a failed terraform plan, with colour and without: only the error blocks remain,
// the same either way, without ANSI codes, the box around each block or "Planning failed".
func TestDiagnosticsKeepOnlyTerraformsErrorBlocks(t *testing.T) {
	for _, mode := range []string{"color", "no-color"} {
		t.Run(mode, func(t *testing.T) {
			stdout := captured(t, "plan-invalid-variables."+mode+".stdout")
			stderr := captured(t, "plan-invalid-variables."+mode+".stderr")
			if mode == "color" && !strings.Contains(stderr, "\x1b[") {
				t.Fatal("the colour capture holds no ANSI code: it no longer tests their removal")
			}
			got := Diagnostics(stdout, stderr)
			if got != wantDiagnostics {
				t.Errorf("got:\n%s\n\nwanted:\n%s", got, wantDiagnostics)
			}
		})
	}
}

// A warning on stdout is a diagnostic too; it follows the errors.
func TestDiagnosticsKeepWarningsAfterErrors(t *testing.T) {
	stdout := "Initializing the backend...\n\nWarning: Deprecated attribute\n\n  on main.tf line 4\n"
	stderr := "\nError: Unsupported argument\n\nAn argument named \"nme\" is not expected here.\n"
	got := Diagnostics(stdout, stderr)
	want := "Error: Unsupported argument\n\nAn argument named \"nme\" is not expected here.\n\nWarning: Deprecated attribute\n\n  on main.tf line 4"
	if got != want {
		t.Errorf("got:\n%q\nwanted:\n%q", got, want)
	}
}

// Terraform killed by the timeout prints no diagnostic: its last lines are what there is to show,
// never an empty report.
func TestDiagnosticsWithoutAnyGiveTheLastLines(t *testing.T) {
	var lines []string
	for i := range 30 {
		lines = append(lines, "\x1b[0mline "+string(rune('a'+i%26)))
	}
	got := Diagnostics(strings.Join(lines, "\n"), "")
	if n := len(strings.Split(got, "\n")); n != tailLines || strings.Contains(got, "\x1b") || !strings.HasSuffix(got, "line d") {
		t.Errorf("wanted the last %d lines without colour codes, got %d:\n%s", tailLines, n, got)
	}
}
