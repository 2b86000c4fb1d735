// Package leakcheck finds English phrases in text bridgectl printed in Japanese. The CLI's tests
// run its commands in Japanese and fail on any line it flags; the catalog's test proves that it
// flags the catalog's English messages and passes their Japanese.
package leakcheck

import (
	"regexp"
	"strings"
	"unicode"
)

// MinWords is how many English words in a row make a phrase: "unknown flag", "not given".
const MinWords = 2

// Terms are names of more than one word that Japanese text keeps as they are, because the AWS
// console and AWS's Japanese documentation keep them: translated, they would be harder to find.
// The list is short on purpose; a phrase goes here only when it is such a name.
var Terms = []string{
	"Fargate Spot",       // the capacity provider FARGATE_SPOT
	"Secrets Manager",    // AWS Secrets Manager
	"Auto Scaling",       // the Auto Scaling group of the NAT instance
	"Route 53",           // Amazon Route 53 (doctor's DNS check follows its check name, dns-alias)
	"Container Insights", // CloudWatch Container Insights, a setting of the ECS cluster
}

// commands are programs whose name and subcommand ("terraform apply", "bridgectl check") Japanese
// text names as they are typed, quoted or not.
var commands = map[string]bool{"terraform": true, "bridgectl": true}

// codeSpan is text between backquotes: a command or a value to type, not language.
var codeSpan = regexp.MustCompile("`[^`]*`")

// Phrase returns the first run of MinWords or more English words in line, or "".
func Phrase(line string) string {
	if p := Phrases(line); len(p) > 0 {
		return p[0]
	}
	return ""
}

// Phrases returns every run of MinWords or more English words in line.
//
// A word is lowercase ASCII letters after an optional capital, possibly joined by hyphens or
// apostrophes (write-only, Bridge's), with an optional plural "(s)". A name in capitals or camel
// case (AWS, NAT, CloudWatch, BaseMachina) is not a word, and does not end a run either: "One NAT
// gateway" is a phrase. Anything else ends a run: a number, a path, a flag, an identifier with a
// dot, an underscore or an equals sign, and any non-ASCII character, so Japanese text separates
// the English names around it. Punctuation around a word (brackets, quotes, commas, colons, a
// full stop) does not end a run, as it does not end an English sentence. Code in backquotes, the
// Terms and a command with its subcommand are taken out first.
func Phrases(line string) []string {
	line = codeSpan.ReplaceAllString(line, "\x00")
	for _, t := range Terms {
		line = strings.ReplaceAll(line, t, "\x00")
	}
	var found, run []string
	end := func() {
		if len(run) >= MinWords {
			found = append(found, strings.Join(run, " "))
		}
		run = run[:0]
	}
	for _, segment := range strings.FieldsFunc(line, func(r rune) bool { return r > unicode.MaxASCII || r == 0 }) {
		fields := strings.Fields(segment)
		for i := 0; i < len(fields); i++ {
			w, name := word(fields[i])
			switch {
			case name:
			case commands[w]:
				end()
				i++ // the subcommand
			case w != "":
				run = append(run, w)
			default:
				end()
			}
		}
		end()
	}
	return found
}

// Finding is a line that holds an English phrase.
type Finding struct {
	Line   string
	Phrase string
}

// Find returns every line of text that holds an English phrase, with the phrase.
func Find(text string) []Finding {
	var out []Finding
	for _, line := range strings.Split(text, "\n") {
		if p := Phrase(line); p != "" {
			out = append(out, Finding{Line: line, Phrase: p})
		}
	}
	return out
}

// word returns field as an English word without the punctuation around it, or "". name tells
// that field is a name in capitals or camel case instead.
func word(field string) (w string, name bool) {
	field = strings.ReplaceAll(strings.ReplaceAll(field, "(es)", ""), "(s)", "")
	w = strings.TrimFunc(field, func(r rune) bool { return strings.ContainsRune("()[]{}<>\"'`,.;:!?", r) })
	if w == "" {
		return "", false
	}
	afterLetter, capitals, digits := false, 0, false
	for _, r := range w {
		switch {
		case r >= 'a' && r <= 'z':
			afterLetter = true
		case r >= 'A' && r <= 'Z':
			afterLetter = true
			capitals++
		case r >= '0' && r <= '9':
			digits = true
		case (r == '-' || r == '\'') && afterLetter:
			afterLetter = false
		default: // a symbol: a path, a flag or an identifier
			return "", false
		}
	}
	switch {
	case capitals > 0 && digits, capitals > 1, capitals == 1 && (w[0] < 'A' || w[0] > 'Z'):
		return "", true // EC2, IPv4, AWS, CloudWatch, vCPU
	case digits, !afterLetter: // a value, or a trailing hyphen
		return "", false
	}
	return w, false
}
