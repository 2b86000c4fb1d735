package i18n

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"terraform-basemachina-modules/test/leakcheck"
)

// The Japanese of every catalog message is Japanese: the detector the CLI's tests run on every
// command's output (internal/cli/japanese_test.go) finds no English phrase in it.
func TestTheCatalogsJapaneseHoldsNoEnglish(t *testing.T) {
	for en, ja := range japanese {
		if p := leakcheck.Phrase(ja); p != "" {
			t.Errorf("the Japanese of %q holds the English %q: %q", en, p, ja)
		}
	}
}

// twoWords finds two lowercase English words in a row, outside code: a phrase by any reading.
var twoWords = regexp.MustCompile(`(^|[ (])[a-z]{2,} [a-z]{2,}([ ,;:)]|\.( |$)|$)`)

// The detector is not blind to the catalog's English: every message of two lowercase words in a
// row is flagged, so neither its Terms nor its rules can hide a sentence.
func TestTheDetectorFindsTheCatalogsEnglish(t *testing.T) {
	sentences := 0
	for en := range japanese {
		if !twoWords.MatchString(regexp.MustCompile("`[^`]*`").ReplaceAllString(en, "")) {
			continue
		}
		sentences++
		if leakcheck.Phrase(en) == "" {
			t.Errorf("the detector passes the English %q", en)
		}
	}
	if sentences < len(japanese)/2 {
		t.Errorf("wanted most of the catalog's %d messages to be sentences, found %d", len(japanese), sentences)
	}
}

// Wrap breaks where Fit does and keeps Japanese line-breaking rules: no line begins with a
// closing bracket or punctuation, none ends with an opening bracket, and no text is lost.
func TestWrapKeepsJapaneseLineBreakingRules(t *testing.T) {
	text := "terraform output -json を実行する example のディレクトリ（--outputs がないとき）。（既定: .）" +
		strings.Repeat("、「句読点」の前後で折り返す。", 6)
	for limit := 20; limit <= 80; limit++ {
		lines := Wrap(text, limit)
		if len(lines) < 2 {
			t.Fatalf("limit %d: wanted the text wrapped, got %q", limit, lines)
		}
		for i, line := range lines {
			if Width(line) > limit {
				t.Errorf("limit %d: line %q is %d columns", limit, line, Width(line))
			}
			r := []rune(line)
			if i > 0 && strings.ContainsRune(noLineStart, r[0]) || strings.ContainsRune(noLineEnd, r[len(r)-1]) {
				t.Errorf("limit %d: line %q begins or ends where Japanese does not break", limit, line)
			}
		}
		if strings.ReplaceAll(strings.Join(lines, ""), " ", "") != strings.ReplaceAll(text, " ", "") {
			t.Errorf("limit %d: text lost: %q", limit, lines)
		}
	}
	if got := Wrap("short", 80); len(got) != 1 || got[0] != "short" {
		t.Errorf("wanted a short text on one line, got %q", got)
	}
}

// The standard library's errors a user meets without AWS read in Japanese too; English keeps Go's
// text, and other errors keep theirs.
func TestStandardErrorsRenderInTheUsersLanguage(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "plan.json")
	_, notFound := os.ReadFile(missing)
	_, isDir := os.ReadFile(t.TempDir())
	var syntax *json.SyntaxError
	if err := json.Unmarshal([]byte("Plan: 3 to add"), new(any)); !errors.As(err, &syntax) {
		t.Fatalf("wanted a JSON syntax error, got %v", err)
	}
	typeErr := json.Unmarshal([]byte(`{"N":"x"}`), &struct{ N int }{})
	for _, c := range []struct {
		err  error
		want string
	}{
		{notFound, missing + ": そのようなファイルやディレクトリはありません"},
		{isDir, ": ディレクトリです"},
		{syntax, "1 バイト目から JSON として読めません"},
		{typeErr, "型の違う JSON の値（string）"},
		{Errorf("Cannot read the plan file: %v", notFound), "プランファイルを読めません: " + missing + ": そのようなファイルやディレクトリはありません"},
	} {
		if got := Japanese.Error(c.err); !strings.Contains(got, c.want) || leakcheck.Phrase(got) != "" {
			t.Errorf("Japanese.Error(%v) = %q, want %q and no English", c.err, got, c.want)
		}
		if got := English.Error(c.err); got != c.err.Error() {
			t.Errorf("English.Error(%v) = %q, want Go's text", c.err, got)
		}
	}
	// A wrapper's own text is kept: only the standard library's own errors are translated.
	wrapped := fmt.Errorf("terraform output: %w", notFound)
	if got := Japanese.Error(wrapped); got != wrapped.Error() {
		t.Errorf("wanted a foreign wrapper kept as it is, got %q", got)
	}
}
