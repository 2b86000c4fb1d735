package i18n

import (
	"strings"
	"unicode"
)

// Columns is the terminal width every line bridgectl prints for people fits.
const Columns = 100

// Fit wraps every line of s that is wider than Columns. A continuation line keeps the line's
// indentation plus four spaces. Lines break at spaces, and anywhere next to a wide (CJK)
// character, as Japanese text allows; a single word wider than the line is left whole.
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
	var out []string
	cur, curWidth := indent, Width(indent)
	body := strings.TrimLeft(line, " ")
	for _, tok := range tokens(body) {
		w := Width(tok)
		if curWidth+w > limit && strings.TrimSpace(cur) != "" {
			out = append(out, strings.TrimRight(cur, " "))
			tok = strings.TrimLeft(tok, " ")
			cur, curWidth = next, Width(next)
			w = Width(tok)
		}
		cur += tok
		curWidth += w
	}
	return append(out, strings.TrimRight(cur, " "))
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
