package seed

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"strings"
	"testing"
	"time"
)

// rdsCABundleSHA256 pins rds-global-bundle.pem to the file whose provenance rdsca.go records; a
// replaced bundle fails here until its new hash (and origin) is written down.
const rdsCABundleSHA256 = "05c6b4a9bf4daa95c888711481e19cc8e2e11aed4de8db759f51f4a6fce64917"

// The PEM of the ap-northeast-1 RSA2048 G1 root, the CA of modules/datastore's instances
// (ca_cert_identifier = "rds-ca-rsa2048-g1") in the Region the examples use, hashes to the value an
// unrelated project pins for the same certificate: a check of the bundle against a second source.
const apNortheast1RSA2048G1PEMSHA256 = "1e6881a91bf287b6ff2be7c003139a9bb4a7d75171819a72165114258efe93bd"

func bundleCertificates(t *testing.T) map[string]*x509.Certificate {
	t.Helper()
	certs := map[string]*x509.Certificate{}
	rest := RDSCABundle
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			t.Fatalf("wanted only certificates in the bundle, found a %s block", block.Type)
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			t.Fatalf("certificate %d does not parse: %v", len(certs)+1, err)
		}
		if _, dup := certs[cert.Subject.CommonName]; dup {
			t.Fatalf("%q is in the bundle twice", cert.Subject.CommonName)
		}
		if sum := sha256.Sum256(pem.EncodeToMemory(block)); cert.Subject.CommonName == "Amazon RDS ap-northeast-1 Root CA RSA2048 G1" && hex.EncodeToString(sum[:]) != apNortheast1RSA2048G1PEMSHA256 {
			t.Errorf("the ap-northeast-1 RSA2048 G1 root's PEM hashes to %x, want %s", sum, apNortheast1RSA2048G1PEMSHA256)
		}
		certs[cert.Subject.CommonName] = cert
	}
	// Anything left over would be a certificate pem.Decode could not read: psql might, or might not.
	if len(bytes.TrimSpace(rest)) != 0 {
		t.Fatalf("wanted nothing but PEM certificates, %d bytes left after the last one", len(rest))
	}
	return certs
}

func TestEmbeddedRDSBundleIsTheRecordedFile(t *testing.T) {
	if sum := sha256.Sum256(RDSCABundle); hex.EncodeToString(sum[:]) != rdsCABundleSHA256 {
		t.Fatalf("rds-global-bundle.pem has sha256 %x, want %s: record where the new file came from in rdsca.go and update the hash", sum, rdsCABundleSHA256)
	}
}

// Every certificate is a self-signed root CA valid today: psql trusts what the file holds, and an
// expired root (the rds-ca-2019 ones ran out in 2024) would be dead weight at best.
func TestEmbeddedRDSBundleHoldsValidRootCAs(t *testing.T) {
	certs := bundleCertificates(t)
	if len(certs) < 3*30 {
		t.Fatalf("wanted three roots for each of 30 Regions or more, got %d certificates", len(certs))
	}
	now := time.Now()
	for cn, c := range certs {
		if !strings.HasPrefix(cn, "Amazon RDS ") || !strings.HasSuffix(cn, " G1") {
			t.Errorf("%q is not one of the Amazon RDS G1 roots", cn)
		}
		if now.Before(c.NotBefore) || now.After(c.NotAfter) {
			t.Errorf("%q is not valid now: %s to %s", cn, c.NotBefore, c.NotAfter)
		}
		if !c.IsCA || !c.BasicConstraintsValid || c.KeyUsage&x509.KeyUsageCertSign == 0 {
			t.Errorf("%q is not a CA certificate", cn)
		}
		if c.Issuer.String() != c.Subject.String() {
			t.Errorf("%q is issued by %q, want a self-signed root", cn, c.Issuer)
		}
		if err := c.CheckSignatureFrom(c); err != nil {
			t.Errorf("%q: its self-signature does not verify: %v", cn, err)
		}
	}
}

// The Regions this project deploys to have all three G1 roots AWS offers (the module picks
// rds-ca-rsa2048-g1; an instance switched to rds-ca-rsa4096-g1 or rds-ca-ecc384-g1 keeps
// verifying), each with the key the CA's name promises.
func TestEmbeddedRDSBundleCoversTheProjectsRegions(t *testing.T) {
	certs := bundleCertificates(t)
	for _, region := range []string{"ap-northeast-1", "ap-northeast-3", "us-east-1"} {
		for _, kind := range []string{"RSA2048", "RSA4096", "ECC384"} {
			cn := fmt.Sprintf("Amazon RDS %s Root CA %s G1", region, kind)
			c, ok := certs[cn]
			if !ok {
				t.Errorf("wanted %q in the bundle", cn)
				continue
			}
			var key string
			switch k := c.PublicKey.(type) {
			case *rsa.PublicKey:
				key = fmt.Sprintf("RSA%d", k.N.BitLen())
			case *ecdsa.PublicKey:
				if k.Curve == elliptic.P384() {
					key = "ECC384"
				}
			}
			if key != kind {
				t.Errorf("%q has a %T key (%s), want %s", cn, c.PublicKey, key, kind)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(RDSCABundle) {
				t.Fatal("the bundle adds no certificate to a pool")
			}
			if _, err := c.Verify(x509.VerifyOptions{Roots: pool}); err != nil {
				t.Errorf("%q does not verify against the bundle as a trust store: %v", cn, err)
			}
		}
	}
}
