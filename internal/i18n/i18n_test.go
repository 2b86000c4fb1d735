package i18n

import "testing"

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
