package cli

import (
	"fmt"
	"os"
	"testing"

	"terraform-basemachina-modules/internal/i18n"
)

// TestMain fails the package when any command printed, in Japanese, a text the catalog lacks: the
// run-time half of the catalog check (internal/i18n/catalog_test.go checks the literals).
func TestMain(m *testing.M) {
	code := m.Run()
	if missing := i18n.Missing(); code == 0 && len(missing) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: %d texts were shown in Japanese without a translation in internal/i18n/catalog_ja.go:\n", len(missing))
		for _, k := range missing {
			fmt.Fprintf(os.Stderr, "  %q\n", k)
		}
		code = 1
	}
	os.Exit(code)
}
