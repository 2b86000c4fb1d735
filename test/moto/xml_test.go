package moto

import (
	"slices"
	"testing"
)

func TestXMLValueAndValues(t *testing.T) {
	doc := []byte(`<R><Arn> arn:aws:iam::1:instance-profile/p </Arn><x><Arn>arn:aws:iam::1:role/r</Arn></x><Arn>arn:aws:iam::1:role/s</Arn></R>`)
	if got := xmlValue(doc, "Arn"); got != " arn:aws:iam::1:instance-profile/p " {
		t.Errorf("xmlValue: the first element's text as it stands, got %q", got)
	}
	if got := xmlValue(doc, "Arn", ":role/"); got != "arn:aws:iam::1:role/r" {
		t.Errorf("xmlValue with contains: the first matching text, got %q", got)
	}
	if got := xmlValue(doc, "Missing"); got != "" {
		t.Errorf("xmlValue of a missing element: empty, got %q", got)
	}
	if got, want := xmlValues(doc, "Arn"), []string{"arn:aws:iam::1:instance-profile/p", "arn:aws:iam::1:role/r", "arn:aws:iam::1:role/s"}; !slices.Equal(got, want) {
		t.Errorf("xmlValues: every text, trimmed, got %q want %q", got, want)
	}
	if got, want := xmlValues(doc, "Arn", ":role/", "/s"), []string{"arn:aws:iam::1:role/s"}; !slices.Equal(got, want) {
		t.Errorf("xmlValues with contains: got %q want %q", got, want)
	}
	if got := xmlValues([]byte(`<R><Arn>a</Arn><broken`), "Arn"); !slices.Equal(got, []string{"a"}) {
		t.Errorf("xmlValues of a cut answer: what was read before the cut, got %q", got)
	}
}
