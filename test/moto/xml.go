package moto

import (
	"bytes"
	"encoding/xml"
	"iter"
	"strings"
)

// xmlTexts yields, in document order, the texts of the elements named name in an XML answer whose
// text contains every of contains (when given); it stops at the first token it cannot read.
func xmlTexts(doc []byte, name string, contains ...string) iter.Seq[string] {
	return func(yield func(string) bool) {
		d := xml.NewDecoder(bytes.NewReader(doc))
		for {
			tok, err := d.Token()
			if err != nil {
				return
			}
			start, ok := tok.(xml.StartElement)
			if !ok || start.Name.Local != name {
				continue
			}
			var text string
			if d.DecodeElement(&text, &start) != nil {
				continue
			}
			match := true
			for _, c := range contains {
				match = match && strings.Contains(text, c)
			}
			if match && !yield(text) {
				return
			}
		}
	}
}

// xmlValue is the text of the first element named name in an XML answer (whose text contains
// every of contains, when given).
func xmlValue(doc []byte, name string, contains ...string) string {
	for text := range xmlTexts(doc, name, contains...) {
		return text
	}
	return ""
}

// xmlValues are the texts of every element named name in an XML answer (whose text contains every
// of contains, when given), trimmed of surrounding white space.
func xmlValues(doc []byte, name string, contains ...string) []string {
	var out []string
	for text := range xmlTexts(doc, name, contains...) {
		out = append(out, strings.TrimSpace(text))
	}
	return out
}
