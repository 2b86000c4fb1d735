package i18n

import (
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	cases := []struct {
		flag, lcAll, lang string
		want              Lang
		wantErr           bool
	}{
		{"", "", "", Japanese, false},
		{"", "", "ja_JP.UTF-8", Japanese, false},
		{"", "", "en_US.UTF-8", English, false},
		{"", "en_GB.UTF-8", "ja_JP.UTF-8", English, false},
		{"ja", "", "en_US.UTF-8", Japanese, false},
		{"en", "", "", English, false},
		{"fr", "", "", Japanese, true},
	}
	for _, c := range cases {
		got, err := Detect(c.flag, c.lcAll, c.lang)
		if (err != nil) != c.wantErr || got != c.want {
			t.Errorf("Detect(%q, %q, %q) = %v, %v; wanted %v (error %v)", c.flag, c.lcAll, c.lang, got, err, c.want, c.wantErr)
		}
	}
}

func TestWidthCountsWideCharactersTwice(t *testing.T) {
	if got := Width("月額 USD"); got != 8 {
		t.Errorf("wanted 8 columns, got %d", got)
	}
	if got := PadRight("データ", 8); got != "データ  " {
		t.Errorf("wanted two spaces of padding, got %q", got)
	}
}

func TestFitWrapsLongLinesWithinTheColumns(t *testing.T) {
	long := "  " + strings.Repeat("word ", 40)
	ja := "  " + strings.Repeat("日本語の文章", 20)
	for _, s := range []string{long, ja, long + "\n" + ja} {
		for _, line := range strings.Split(Fit(s), "\n") {
			if Width(line) > Columns {
				t.Errorf("line of %d columns: %q", Width(line), line)
			}
			if !strings.HasPrefix(line, "  ") {
				t.Errorf("wanted the indentation kept on %q", line)
			}
		}
	}
	if got := Fit("short line"); got != "short line" {
		t.Errorf("wanted a short line untouched, got %q", got)
	}
	if strings.ReplaceAll(strings.ReplaceAll(Fit(long), "\n", ""), " ", "") != strings.ReplaceAll(long, " ", "") {
		t.Error("wanted no text lost when wrapping")
	}
}

// Fit breaks long Japanese lines where Wrap does: no line of the result begins with 。 or 、 or
// ends with 「, which the previous character-by-character wrapping did.
func TestFitKeepsJapaneseLineBreakingRules(t *testing.T) {
	for pad := 0; pad < 12; pad++ {
		text := "  " + strings.Repeat("あ", pad) + strings.Repeat("「設定」を確認してください。", 12)
		lines := strings.Split(Fit(text), "\n")
		if len(lines) < 2 {
			t.Fatalf("wanted the line wrapped, got %q", lines)
		}
		for i, line := range lines {
			body := []rune(strings.TrimLeft(line, " "))
			if Width(line) > Columns {
				t.Errorf("pad %d: line of %d columns: %q", pad, Width(line), line)
			}
			if i > 0 && strings.ContainsRune(noLineStart, body[0]) || strings.ContainsRune(noLineEnd, body[len(body)-1]) {
				t.Errorf("pad %d: line %q begins or ends where Japanese does not break", pad, line)
			}
		}
	}
}
