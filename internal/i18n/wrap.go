package i18n

import (
	"strings"
	"unicode"
)

// Columns is the terminal width every line bridgectl prints for people fits.
const Columns = 100

// Fit wraps every line of s that is wider than Columns. A continuation line keeps the line's
// indentation plus four spaces. Lines break where Wrap breaks them: at spaces, and next to a wide
// (CJK) character where Japanese allows (never before 。 or 」, never after 「); a single word
// wider than the line is left whole.
func Fit(s string) string {
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	for _, line := range lines {
		out = append(out, wrapLine(line, Columns)...)
	}
	return strings.Join(out, "\n")
}

func wrapLine(line string, limit int) []string {
	if Width(line) <= limit {
		return []string{line}
	}
	indent := line[:len(line)-len(strings.TrimLeft(line, " "))]
	next := indent + "    "
	if Width(next) > limit/2 {
		next = "    "
	}
	// Every line gets the continuation's width, so the first is at most four columns shorter
	// than it could be: simpler than two limits, and no line is ever too wide.
	wrapped := Wrap(strings.TrimLeft(line, " "), limit-max(Width(indent), Width(next)))
	for i := range wrapped {
		if i == 0 {
			wrapped[i] = indent + wrapped[i]
		} else {
			wrapped[i] = next + wrapped[i]
		}
	}
	return wrapped
}

// tokens splits text where a line may break: after each space, and around wide characters.
func tokens(s string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case wide(r):
			flush()
			cur.WriteRune(r)
			flush()
		case unicode.IsSpace(r):
			cur.WriteRune(r)
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}

// noLineStart are the characters a Japanese line never begins with: closing brackets and
// punctuation, the long-vowel mark and small kana; noLineEnd, those it never ends with.
const (
	noLineStart = "、。，．）」』】〕！？：ーぁぃぅぇぉっゃゅょァィゥェォッャュョ"
	noLineEnd   = "（「『【〔"
)

// Wrap breaks s into lines of at most limit columns, at the places Fit breaks lines, without
// indenting them. Characters a Japanese line must not begin with take the characters before them
// along to the next line, and so does an opening bracket at the end of a line. A word wider than
// the limit is left whole.
func Wrap(s string, limit int) []string {
	var lines [][]string
	var cur []string
	width := 0
	for _, tok := range tokens(s) {
		w := Width(tok)
		if width+w > limit && strings.TrimSpace(strings.Join(cur, "")) != "" {
			var carry []string
			for len(cur) > 1 {
				first := tok
				if len(carry) > 0 {
					first = carry[0]
				}
				if !strings.ContainsRune(noLineStart, []rune(first)[0]) && !strings.ContainsRune(noLineEnd, []rune(cur[len(cur)-1])[0]) {
					break
				}
				cur, carry = cur[:len(cur)-1], append([]string{cur[len(cur)-1]}, carry...)
			}
			lines = append(lines, cur)
			cur, width = carry, 0
			for _, c := range carry {
				width += Width(c)
			}
			if len(cur) == 0 {
				tok = strings.TrimLeft(tok, " ")
				w = Width(tok)
			}
		}
		cur = append(cur, tok)
		width += w
	}
	lines = append(lines, cur)
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimRight(strings.Join(l, ""), " ")
	}
	return out
}
