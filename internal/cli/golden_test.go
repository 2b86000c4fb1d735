package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/test/testfiles"
)

// The commands' output for people, in both languages, is kept in testdata/golden/bridgectl:
// a change shows in review as a diff of what users read. UPDATE_GOLDEN=1 (make fixtures) rewrites.
func TestGoldenOutputsInBothLanguages(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"help", []string{"help"}, ExitOK},
		{"seed-help", []string{"seed", "-h"}, ExitOK},
		{"cost-complete", []string{"cost", testfiles.Plan("complete"), "--region", "ap-northeast-1", "--compare"}, ExitOK},
		{"cost-diff", []string{"cost", "--diff", testfiles.Plan("existing-vpc"), testfiles.Plan("complete"), "--region", "ap-northeast-1"}, ExitOK},
		{"check-complete", []string{"check", testfiles.Plan("complete")}, ExitOK},
		{"cost-unknown-region", []string{"cost", testfiles.Plan("complete"), "--region", "sa-east-1"}, ExitOK},
	}
	for _, lang := range []i18n.Lang{i18n.Japanese, i18n.English} {
		env := map[i18n.Lang]map[string]string{i18n.Japanese: japanese, i18n.English: english}[lang]
		for _, c := range cases {
			t.Run(c.name+"."+string(lang), func(t *testing.T) {
				code, stdout, stderr := run(t, env, c.args...)
				if code != c.code {
					t.Fatalf("exit %d, want %d: %s", code, c.code, stderr)
				}
				got := []byte("$ bridgectl " + strings.Join(relative(c.args), " ") + "\n" + stdout + stderr)
				compareGolden(t, testfiles.Golden("bridgectl", c.name+"."+string(lang)+".txt"), got)
			})
		}
	}
}

// relative shows fixture paths from the repository root, so the golden files do not depend on
// where the repository is checked out.
func relative(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if rel, err := filepath.Rel(testfiles.Root(), a); err == nil && filepath.IsAbs(a) {
			a = rel
		}
		out[i] = a
	}
	return out
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
