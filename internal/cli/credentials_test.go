package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"terraform-basemachina-modules/internal/diagnose"
)

// isolateAWS gives the SDK an empty world: no profiles, no keys, no instance metadata.
func isolateAWS(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	for k, v := range map[string]string{
		"HOME": home, "AWS_CONFIG_FILE": filepath.Join(home, "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(home, "credentials"),
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": "",
		"AWS_PROFILE": "", "AWS_WEB_IDENTITY_TOKEN_FILE": "", "AWS_CONTAINER_CREDENTIALS_FULL_URI": "",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "", "AWS_REGION": "", "AWS_DEFAULT_REGION": "",
	} {
		t.Setenv(k, v)
	}
	return home
}

// oneSentence: a credential problem is reported in one line that names the fix, with no SDK chain.
func oneSentence(t *testing.T, stderr string, wants ...string) {
	t.Helper()
	if lines := strings.Split(strings.TrimSpace(stderr), "\n"); len(lines) != 1 {
		t.Errorf("wanted one line, got %d: %q", len(lines), stderr)
	}
	for _, bad := range []string{"operation error", "IMDS", "https response error", "[FAIL]"} {
		if strings.Contains(stderr, bad) {
			t.Errorf("wanted no SDK chain, got %q", stderr)
		}
	}
	for _, want := range wants {
		if !strings.Contains(stderr, want) {
			t.Errorf("wanted %q in %q", want, stderr)
		}
	}
}

func TestDoctorWithoutCredentialsStopsInOneSentence(t *testing.T) {
	isolateAWS(t)
	code, stdout, stderr := run(t, english, "doctor", "--outputs", doctorOutputs(t), "--wait")
	if code != ExitUsage || stdout != "" {
		t.Errorf("wanted exit 2 and no results, got %d %q", code, stdout)
	}
	oneSentence(t, stderr, "No AWS credentials", "aws sso login", "AWS_PROFILE")
}

func TestDoctorWithAnExpiredSSOSessionNamesTheLogin(t *testing.T) {
	home := isolateAWS(t)
	config := "[profile dev]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = ap-northeast-1\nsso_account_id = 123456789012\nsso_role_name = Admin\nregion = ap-northeast-1\n"
	if err := os.WriteFile(filepath.Join(home, "config"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_PROFILE", "dev")
	code, _, stderr := run(t, nil, "doctor", "--outputs", doctorOutputs(t))
	if code != ExitUsage {
		t.Errorf("wanted exit 2, got %d", code)
	}
	oneSentence(t, stderr, "SSO", "aws sso login")
}

func TestSeedWithoutCredentialsStopsInOneSentence(t *testing.T) {
	isolateAWS(t)
	sql := filepath.Join(t.TempDir(), "init.sql")
	_ = os.WriteFile(sql, []byte("select 1;"), 0o644)
	code, _, stderr := run(t, english, "seed", "--outputs", writeOutputs(t), "--file", sql)
	if code != ExitUsage {
		t.Errorf("wanted exit 2, got %d", code)
	}
	oneSentence(t, stderr, "No AWS credentials")
}

// cert --import checks the AWS side before it writes anything.
func TestCertImportWithoutRegionWritesNothing(t *testing.T) {
	isolateAWS(t)
	dir := t.TempDir()
	code, _, stderr := run(t, english, "cert", "--domain", "bridge.example.com", "--out", dir, "--import")
	if code != ExitUsage {
		t.Errorf("wanted exit 2, got %d", code)
	}
	oneSentence(t, stderr, "No AWS region", "--region")
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("wanted no file written, found %d", len(entries))
	}
}

func TestDoctorOverridesWithEqualValuesAllApply(t *testing.T) {
	c := &doctorCmd{cluster: "demo", service: "demo", region: "us-east-1"}
	var s diagnose.Stack
	c.override(&s)
	if s.ClusterName != "demo" || s.ServiceName != "demo" || s.Region != "us-east-1" {
		t.Errorf("wanted every override applied, got cluster %q service %q region %q", s.ClusterName, s.ServiceName, s.Region)
	}
}
