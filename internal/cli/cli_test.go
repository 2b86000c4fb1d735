package cli

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"terraform-basemachina-modules/test/testfiles"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
)

func run(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), args, IO{Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string { return env[k] }})
	return code, stdout.String(), stderr.String()
}

var (
	english  = map[string]string{"LANG": "en_US.UTF-8"}
	japanese = map[string]string{"LANG": "ja_JP.UTF-8"}
)

func fixture(name string) string {
	return testfiles.Plan(name)
}

func TestUsageAndUnknownCommands(t *testing.T) {
	if code, _, stderr := run(t, nil); code != ExitUsage || !strings.Contains(stderr, "bridgectl") {
		t.Errorf("wanted usage and exit 2 without a command, got %d %q", code, stderr)
	}
	if code, _, stderr := run(t, english, "deploy"); code != ExitUsage || !strings.Contains(stderr, "Unknown command") {
		t.Errorf("wanted exit 2 for an unknown command, got %d %q", code, stderr)
	}
	if code, stdout, _ := run(t, nil, "help"); code != ExitOK || !strings.Contains(stdout, "終了コード") {
		t.Errorf("wanted Japanese help on stdout and exit 0, got %d %q", code, stdout)
	}
	if code, _, _ := run(t, nil, "cost", "--lang", "fr", "x.json"); code != ExitUsage {
		t.Errorf("wanted exit 2 for an unknown language, got %d", code)
	}
}

// Flags may stand anywhere, help goes to stdout, and a single-dash long flag is refused instead of
// being silently ignored.
func TestFlagsAnywhereAndHelpOnStdout(t *testing.T) {
	for _, args := range [][]string{
		{"--lang", "en", "cost", fixture("complete"), "--region", "ap-northeast-1"},
		{"cost", "--lang=en", fixture("complete"), "--region", "ap-northeast-1"},
		{"cost", fixture("complete"), "--region", "ap-northeast-1", "--lang", "en"},
	} {
		if code, stdout, stderr := run(t, nil, args...); code != ExitOK || !strings.Contains(stdout, "Total per month") {
			t.Errorf("%v: wanted the English estimate, got %d %q %q", args, code, stdout, stderr)
		}
	}
	if code, stdout, stderr := run(t, english, "cost", "-h"); code != ExitOK || !strings.Contains(stdout, "--compare") || stderr != "" {
		t.Errorf("wanted the cost flags on stdout and exit 0, got %d %q %q", code, stdout, stderr)
	}
	if code, stdout, _ := run(t, english, "--lang", "ja", "--help"); code != ExitOK || !strings.Contains(stdout, "終了コード") {
		t.Errorf("wanted Japanese help from a global --lang, got %d %q", code, stdout)
	}
	if code, _, stderr := run(t, english, "cost", "-lang", "en", fixture("complete")); code != ExitUsage || !strings.Contains(stderr, "bridgectl cost -h") {
		t.Errorf("wanted -lang (one dash) refused with a pointer to the flags, got %d %q", code, stderr)
	}
}

func TestCostOfTheCompleteExample(t *testing.T) {
	code, stdout, stderr := run(t, english, "cost", fixture("complete"), "--region", "ap-northeast-1", "--compare")
	if code != ExitOK {
		t.Fatalf("wanted exit 0, got %d: %s", code, stderr)
	}
	for _, want := range []string{"Total per month: 119.05 USD", "NAT gateway per AZ", "the Bridge cannot start"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("wanted %q in:\n%s", want, stdout)
		}
	}
	code, stdout, _ = run(t, nil, "cost", "--json", fixture("complete"), "--region=us-east-1")
	var out struct {
		Estimate struct {
			Region string  `json:"region"`
			Total  float64 `json:"total_monthly_usd"`
		} `json:"estimate"`
	}
	if code != ExitOK || json.Unmarshal([]byte(stdout), &out) != nil || out.Estimate.Region != "us-east-1" || out.Estimate.Total <= 0 {
		t.Errorf("wanted a JSON estimate for us-east-1, got %d %s", code, stdout)
	}
}

func TestCostRejectsBadInputWithOneSentence(t *testing.T) {
	dir := t.TempDir()
	notJSON := filepath.Join(dir, "plan.txt")
	state := filepath.Join(dir, "state.json")
	other := filepath.Join(dir, "other.json")
	_ = os.WriteFile(notJSON, []byte("Plan: 3 to add"), 0o644)
	_ = os.WriteFile(state, []byte(`{"format_version":"1.0","values":{"root_module":{}}}`), 0o644)
	_ = os.WriteFile(other, []byte(`{"hello":"world"}`), 0o644)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no file", []string{"cost"}, "Give one plan JSON file"},
		{"missing file", []string{"cost", filepath.Join(dir, "nope.json"), "--region", "us-east-1"}, "Cannot read the plan file"},
		{"not JSON", []string{"cost", notJSON, "--region", "us-east-1"}, "not JSON"},
		{"state, not plan", []string{"cost", state, "--region", "us-east-1"}, "state, not a plan"},
		{"JSON but not a plan", []string{"cost", other, "--region", "us-east-1"}, "not a Terraform plan"},
		{"no region", []string{"cost", fixture("complete")}, "give --region"},
		{"negative assumption", []string{"cost", fixture("complete"), "--nat-gb", "-1"}, "must not be negative"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := run(t, english, c.args...)
			if code != ExitUsage || !strings.Contains(stderr, c.want) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
				t.Errorf("wanted exit 2 and one line mentioning %q, got %d %q", c.want, code, stderr)
			}
		})
	}
}

func readCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" {
		t.Fatalf("wanted a PEM certificate in %s", path)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

func TestCertWritesAnACMCompatiblePair(t *testing.T) {
	for _, keyType := range []string{"ecdsa-p256", "rsa-2048"} {
		t.Run(keyType, func(t *testing.T) {
			dir := t.TempDir()
			code, stdout, stderr := run(t, english, "cert", "--domain", "bridge.example.com", "--domain", "alt.example.com", "--out", dir, "--key-type", keyType, "--days", "30")
			if code != ExitOK {
				t.Fatalf("wanted exit 0, got %d: %s", code, stderr)
			}
			if !strings.Contains(stdout, filepath.Join(dir, "bridge.crt")) {
				t.Errorf("wanted the file paths on stdout, got %q", stdout)
			}
			cert := readCert(t, filepath.Join(dir, "bridge.crt"))
			if strings.Join(cert.DNSNames, ",") != "bridge.example.com,alt.example.com" || cert.Subject.CommonName != "bridge.example.com" {
				t.Errorf("wanted both SANs and the first as CN, got %v / %s", cert.DNSNames, cert.Subject.CommonName)
			}
			if len(cert.ExtKeyUsage) != 1 || cert.ExtKeyUsage[0] != x509.ExtKeyUsageServerAuth || cert.KeyUsage&x509.KeyUsageDigitalSignature == 0 {
				t.Errorf("wanted a TLS server certificate, got ext %v key usage %v", cert.ExtKeyUsage, cert.KeyUsage)
			}
			if d := time.Until(cert.NotAfter); d < 29*24*time.Hour || d > 31*24*time.Hour {
				t.Errorf("wanted about 30 days of validity, got %s", d)
			}
			// ACM imports RSA 2048 and ECDSA P-256 keys in PEM, with a certificate that matches the key.
			keyPEM, _ := os.ReadFile(filepath.Join(dir, "bridge.key"))
			block, _ := pem.Decode(keyPEM)
			key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
			if err != nil {
				t.Fatalf("wanted a PKCS#8 key: %v", err)
			}
			if !publicKeyMatches(key, cert) {
				t.Error("wanted the key to match the certificate")
			}
			if keyType == "rsa-2048" && cert.PublicKeyAlgorithm != x509.RSA || keyType == "ecdsa-p256" && cert.PublicKeyAlgorithm != x509.ECDSA {
				t.Errorf("wanted a %s key, got %s", keyType, cert.PublicKeyAlgorithm)
			}
			st, _ := os.Stat(filepath.Join(dir, "bridge.key"))
			if st.Mode().Perm() != 0o600 {
				t.Errorf("wanted the key file mode 0600, got %o", st.Mode().Perm())
			}
		})
	}
}

func TestCertRefusesToOverwriteWithoutForce(t *testing.T) {
	dir := t.TempDir()
	if code, _, _ := run(t, english, "cert", "--domain", "bridge.example.com", "--out", dir); code != ExitOK {
		t.Fatal("first run failed")
	}
	first, _ := os.ReadFile(filepath.Join(dir, "bridge.crt"))
	code, _, stderr := run(t, english, "cert", "--domain", "bridge.example.com", "--out", dir)
	if code != ExitFinding || !strings.Contains(stderr, "--force") {
		t.Errorf("wanted exit 1 and a hint about --force, got %d %q", code, stderr)
	}
	again, _ := os.ReadFile(filepath.Join(dir, "bridge.crt"))
	if !bytes.Equal(first, again) {
		t.Error("wanted the existing certificate untouched")
	}
	// An existing key file with loose permissions is tightened on --force.
	_ = os.Chmod(filepath.Join(dir, "bridge.key"), 0o644)
	if code, _, stderr := run(t, english, "cert", "--domain", "bridge.example.com", "--out", dir, "--force"); code != ExitOK {
		t.Fatalf("wanted --force to overwrite, got %d %s", code, stderr)
	}
	st, _ := os.Stat(filepath.Join(dir, "bridge.key"))
	if st.Mode().Perm() != 0o600 {
		t.Errorf("wanted mode 0600 after --force, got %o", st.Mode().Perm())
	}
}

func TestCertRejectsBadInput(t *testing.T) {
	cases := map[string][]string{
		"no domain":    {"cert"},
		"bad domain":   {"cert", "--domain", "not a domain"},
		"bad key type": {"cert", "--domain", "bridge.example.com", "--key-type", "dsa"},
		"too long":     {"cert", "--domain", "bridge.example.com", "--days", "1000"},
	}
	for name, args := range cases {
		if code, _, _ := run(t, english, args...); code != ExitUsage {
			t.Errorf("%s: wanted exit 2, got %d", name, code)
		}
	}
}

type fakeACM struct{ in *acm.ImportCertificateInput }

func (f *fakeACM) ImportCertificate(_ context.Context, in *acm.ImportCertificateInput, _ ...func(*acm.Options)) (*acm.ImportCertificateOutput, error) {
	f.in = in
	return &acm.ImportCertificateOutput{CertificateArn: aws.String("arn:aws:acm:ap-northeast-1:123456789012:certificate/imported")}, nil
}

func TestCertImportPrintsTheARN(t *testing.T) {
	fake := &fakeACM{}
	c := &certCmd{domains: []string{"bridge.example.com"}, out: t.TempDir(), name: "bridge", keyType: "ecdsa-p256", days: 30, doImport: true,
		acm: func(context.Context, string) (ACMImporter, error) { return fake, nil }}
	var stdout, stderr bytes.Buffer
	if err := c.execute(context.Background(), IO{Stdout: &stdout, Stderr: &stderr}, "en"); err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(stdout.String()) != "arn:aws:acm:ap-northeast-1:123456789012:certificate/imported" {
		t.Errorf("wanted the ARN on stdout, got %q", stdout.String())
	}
	if !bytes.Contains(fake.in.Certificate, []byte("BEGIN CERTIFICATE")) || !bytes.Contains(fake.in.PrivateKey, []byte("BEGIN PRIVATE KEY")) {
		t.Error("wanted the PEM certificate and key sent to ACM")
	}
}

// A plan in a region without prices is not a usage error: every form of the command says the
// monthly cost is unavailable and why, and succeeds, so that the pull-request job of a team
// deploying there keeps running.
func TestCostOfARegionWithoutPrices(t *testing.T) {
	const unavailable = `Monthly cost unavailable: there are no prices for region "sa-east-1"`
	for _, args := range [][]string{
		{"cost", fixture("complete"), "--region", "sa-east-1"},
		{"cost", fixture("complete"), "--region", "sa-east-1", "--compare"},
		{"cost", fixture("complete"), "--region", "sa-east-1", "--change"},
		{"cost", "--diff", fixture("existing-vpc"), fixture("complete"), "--region", "sa-east-1"},
	} {
		code, stdout, stderr := run(t, english, args...)
		if code != ExitOK || !strings.Contains(stdout, unavailable) || stderr != "" {
			t.Errorf("%v: wanted exit 0 and %q, got %d %q %q", args[1:], unavailable, code, stdout, stderr)
		}
		if strings.Contains(stdout, "USD") {
			t.Errorf("%v: wanted no figure, got %q", args[1:], stdout)
		}
	}
	if code, stdout, _ := run(t, japanese, "cost", fixture("complete"), "--region", "sa-east-1"); code != ExitOK || !strings.Contains(stdout, "月額は出せません") {
		t.Errorf("wanted the Japanese message, got %d %q", code, stdout)
	}
	code, stdout, _ := run(t, english, "cost", "--json", fixture("complete"), "--region", "sa-east-1")
	var out struct {
		Estimate struct {
			Region      string   `json:"region"`
			Unavailable string   `json:"unavailable"`
			Lines       []string `json:"lines"`
		} `json:"estimate"`
	}
	if code != ExitOK || json.Unmarshal([]byte(stdout), &out) != nil || out.Estimate.Region != "sa-east-1" ||
		!strings.Contains(out.Estimate.Unavailable, "ap-northeast-3") || len(out.Estimate.Lines) != 0 {
		t.Errorf("wanted a JSON estimate marked unavailable naming the priced regions, got %d %s", code, stdout)
	}
}
