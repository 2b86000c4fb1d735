// Package i18n picks Japanese (the default: our users read Japanese first) or English text.
package i18n

import (
	"fmt"
	"strings"
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
		return Japanese, fmt.Errorf("unknown language %q: use ja or en", flag)
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

// T returns the text for the language.
func (l Lang) T(ja, en string) string {
	if l == English {
		return en
	}
	return ja
}
