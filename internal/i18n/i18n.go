// Package i18n picks Japanese (the default: our users read Japanese first) or English text.
package i18n

import (
	"strings"

	"golang.org/x/text/width"
)

// Lang is an output language.
type Lang string

// The supported languages.
const (
	Japanese Lang = "ja"
	English  Lang = "en"
)

// Detect chooses the language: an explicit flag value wins, then an English LANG/LC_ALL
// (en_US.UTF-8 and the like), else Japanese.
func Detect(flag, lcAll, lang string) (Lang, error) {
	switch strings.ToLower(flag) {
	case "ja", "jp", "japanese":
		return Japanese, nil
	case "en", "english":
		return English, nil
	case "":
	default:
		return Japanese, Errorf("Unknown language %q: use ja or en.", flag)
	}
	for _, v := range []string{lcAll, lang} {
		if v == "" {
			continue
		}
		if strings.HasPrefix(strings.ToLower(v), "en") {
			return English, nil
		}
		return Japanese, nil
	}
	return Japanese, nil
}

// Pick chooses between a Japanese and an English text that were both made through the catalog
// already (data that carries both languages, such as cost lines in JSON).
func (l Lang) Pick(ja, en string) string {
	if l == English {
		return en
	}
	return ja
}

// Width is the number of terminal columns s takes: CJK and full-width characters take two.
func Width(s string) int {
	w := 0
	for _, r := range s {
		if wide(r) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// PadRight pads s with spaces to n terminal columns.
func PadRight(s string, n int) string {
	if d := n - Width(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// PadLeft right-aligns s in n terminal columns.
func PadLeft(s string, n int) string {
	if d := n - Width(s); d > 0 {
		return strings.Repeat(" ", d) + s
	}
	return s
}

// wide reports whether r takes two terminal columns: East Asian Wide and Fullwidth characters,
// as Unicode's East Asian Width property (UAX #11) defines them.
func wide(r rune) bool {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return true
	}
	return false
}
