//go:build emulator

package emulator_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"

	"terraform-basemachina-modules/test/examples"
	"terraform-basemachina-modules/test/moto"
)

// TestReimportedCertificateKeepsItsTags is the smallest reproduction of renewing an imported
// certificate: the provider re-imports a new body under the same ARN without tags (tags cannot be
// given on a re-import), and AWS keeps the certificate's tags. moto 5.2.1 drops them; the front
// carries them across (test/moto/acm.go), and the Terraform root converges.
func TestReimportedCertificateKeepsItsTags(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	tags := []acmtypes.Tag{{Key: aws.String("Name"), Value: aws.String("reimport")}}
	reimport := func(client *acm.Client) []acmtypes.Tag {
		t.Helper()
		c, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		first, second := testCertificate(t), testCertificate(t)
		created, err := client.ImportCertificate(c, &acm.ImportCertificateInput{Certificate: first[0], PrivateKey: first[1], Tags: tags})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := client.ImportCertificate(c, &acm.ImportCertificateInput{CertificateArn: created.CertificateArn, Certificate: second[0], PrivateKey: second[1]}); err != nil {
			t.Fatal(err)
		}
		listed, err := client.ListTagsForCertificate(c, &acm.ListTagsForCertificateInput{CertificateArn: created.CertificateArn})
		if err != nil {
			t.Fatal(err)
		}
		return listed.Tags
	}
	// The gap itself: when moto keeps the tags, the front's workaround can go.
	if got := reimport(acm.NewFromConfig(moto.Config(w.moto.URL, region))); len(got) != 0 {
		t.Errorf("moto itself now keeps a re-imported certificate's tags (%d): remove reimportCertificate from the front", len(got))
	}
	if got := reimport(acm.NewFromConfig(w.cfg)); len(got) != 1 || aws.ToString(got[0].Key) != "Name" {
		t.Errorf("through the front a re-imported certificate has tags %v, want the Name tag it had", got)
	}

	tmp := t.TempDir()
	root := filepath.Join(tmp, "root")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	const config = `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
variable "region" { type = string }
resource "aws_acm_certificate" "imported" {
  certificate_body = file("${path.module}/certs/bridge.crt")
  private_key      = file("${path.module}/certs/bridge.key")
  tags             = { Name = "reimport" }
}
`
	if err := os.WriteFile(filepath.Join(root, "main.tf"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	s := openStack(t, w, tmp, "root").asAdministrator()
	s.set(map[string]any{"region": region})
	s.init()
	if err := examples.WriteTestCertificate(root); err != nil {
		t.Fatal(err)
	}
	s.apply()
	// A renewal, as `bridgectl cert` writes it: a new key and body in the same files.
	if err := examples.WriteTestCertificate(root); err != nil {
		t.Fatal(err)
	}
	renewal := changes(s.plan())
	if len(renewal) != 1 || !renewal[0].Actions.Update() {
		t.Fatalf("a renewed certificate should be re-imported in place, the plan has %v", renewal)
	}
	s.apply()
	assertNoDrift(t, s.plan())
}

// testCertificate is a new self-signed certificate and key, PEM encoded.
func testCertificate(t *testing.T) [2][]byte {
	t.Helper()
	dir := t.TempDir()
	if err := examples.WriteTestCertificate(dir); err != nil {
		t.Fatal(err)
	}
	cert, err := os.ReadFile(filepath.Join(dir, "certs", "bridge.crt"))
	if err != nil {
		t.Fatal(err)
	}
	key, err := os.ReadFile(filepath.Join(dir, "certs", "bridge.key"))
	if err != nil {
		t.Fatal(err)
	}
	return [2][]byte{cert, key}
}
