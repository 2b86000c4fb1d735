package i18n

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// The message catalog works like gettext: the English text of a message is its key and
// catalog_ja.go holds the Japanese for every key. Code writes l.S("English") or
// l.Sprintf("English %s", x), and errors that reach a user are built with Errorf, so that one
// file holds every translation and a test (catalog_test.go) finds any text that bypasses it.

// S returns the text for key (its English form) in the language.
func (l Lang) S(key string) string {
	if l == English {
		return key
	}
	if ja, ok := japanese[key]; ok {
		return ja
	}
	recordMissing(key)
	return key
}

// Sprintf formats the message key in the language. Arguments that are errors are rendered in the
// language too.
func (l Lang) Sprintf(key string, args ...any) string {
	return fmt.Sprintf(strings.ReplaceAll(l.S(key), "%w", "%v"), l.localizeArgs(args)...)
}

// Error is an error whose message comes from the catalog. Its Error method gives the English text
// (logs, wrapping, tests); Lang.Error gives it in the user's language.
type Error struct {
	key  string
	args []any
}

// Errorf returns an error with a catalog message. %w marks the errors it wraps, as in fmt.Errorf.
func Errorf(key string, args ...any) error {
	return &Error{key: key, args: args}
}

func (e *Error) Error() string {
	return fmt.Sprintf(strings.ReplaceAll(e.key, "%w", "%v"), e.args...)
}

// Unwrap returns the errors among the arguments, so errors.Is and errors.As see through.
func (e *Error) Unwrap() []error {
	var errs []error
	for _, a := range e.args {
		if err, ok := a.(error); ok {
			errs = append(errs, err)
		}
	}
	return errs
}

// Error renders err in the language: a catalog error and the catalog errors it wraps are
// translated, and so are the standard library's file and JSON errors (foreign.go); the text of
// other errors (the AWS SDK's, Terraform's) is kept as it is.
func (l Lang) Error(err error) string {
	if err == nil {
		return ""
	}
	// err itself, not errors.As: a wrapper's own text must not be dropped for the error it wraps.
	if e, ok := err.(*Error); ok { //nolint:errorlint // see above
		return l.Sprintf(e.key, e.args...)
	}
	// A wrapper that adds no text of its own (the CLI's usage error) shows what it wraps.
	if inner := errors.Unwrap(err); inner != nil && inner.Error() == err.Error() {
		return l.Error(inner)
	}
	if l != English {
		if s := l.foreign(err); s != "" {
			return s
		}
	}
	return err.Error()
}

func (l Lang) localizeArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if err, ok := a.(error); ok {
			out[i] = l.Error(err)
		} else {
			out[i] = a
		}
	}
	return out
}

var (
	missingMu sync.Mutex
	missing   = map[string]bool{}
)

func recordMissing(key string) {
	missingMu.Lock()
	missing[key] = true
	missingMu.Unlock()
}

// Missing lists the keys asked for in Japanese that the catalog lacks, so that tests which run
// commands can fail on text that bypasses the catalog at run time.
func Missing() []string {
	missingMu.Lock()
	defer missingMu.Unlock()
	keys := make([]string, 0, len(missing))
	for k := range missing {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
