// Package certgen makes self-signed certificates for test environments, in a form ACM imports:
// PEM, RSA 2048 or ECDSA P-256, with the domains as subject alternative names.
package certgen

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"regexp"
	"strings"
	"time"

	"terraform-basemachina-modules/internal/i18n"
)

// KeyType is the kind of private key.
type KeyType string

// The key types ACM accepts for imported certificates that this tool makes.
const (
	ECDSAP256 KeyType = "ecdsa-p256"
	RSA2048   KeyType = "rsa-2048"
)

// Request describes the certificate to make.
type Request struct {
	Domains  []string // DNS names (or IP addresses); the first is the subject's common name
	KeyType  KeyType
	Validity time.Duration
	Now      time.Time // zero means time.Now()
}

// Result holds PEM-encoded certificate and private key.
type Result struct {
	CertPEM []byte
	KeyPEM  []byte
	Cert    *x509.Certificate
}

var dnsName = regexp.MustCompile(`^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// Validate checks the request and says what is wrong in one sentence.
func (r Request) Validate() error {
	if len(r.Domains) == 0 {
		return i18n.Errorf("Give at least one --domain.")
	}
	for _, d := range r.Domains {
		if net.ParseIP(d) != nil {
			continue
		}
		if len(d) > 253 || !dnsName.MatchString(d) {
			return i18n.Errorf("%q is not a valid DNS name: use lowercase letters, digits, hyphens and dots.", d)
		}
	}
	if r.KeyType != ECDSAP256 && r.KeyType != RSA2048 {
		return i18n.Errorf("Key type %q is not supported: use %s or %s.", r.KeyType, ECDSAP256, RSA2048)
	}
	// Clients reject server certificates valid for more than 398 days, and a test certificate should expire.
	if r.Validity < time.Hour || r.Validity > 398*24*time.Hour {
		return i18n.Errorf("The validity must be 1 to 398 days (browsers refuse longer server certificates); got %d days.", int(r.Validity.Hours()/24))
	}
	return nil
}

// Generate makes a self-signed certificate and its key.
func Generate(r Request) (*Result, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	now := r.Now
	if now.IsZero() {
		now = time.Now()
	}
	var (
		key      crypto.Signer
		keyUsage = x509.KeyUsageDigitalSignature
		err      error
	)
	switch r.KeyType {
	case ECDSAP256:
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case RSA2048:
		key, err = rsa.GenerateKey(rand.Reader, 2048)
		// RSA key exchange in older TLS versions needs key encipherment.
		keyUsage |= x509.KeyUsageKeyEncipherment
	}
	if err != nil {
		return nil, i18n.Errorf("Cannot generate the %s key: %w", r.KeyType, err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, i18n.Errorf("Cannot generate the serial number: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: r.Domains[0], Organization: []string{"BaseMachina Bridge test environment"}},
		NotBefore:             now.Add(-5 * time.Minute), // tolerate small clock skew
		NotAfter:              now.Add(r.Validity),
		KeyUsage:              keyUsage,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	for _, d := range r.Domains {
		if ip := net.ParseIP(d); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, strings.ToLower(d))
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, i18n.Errorf("Cannot sign the certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, i18n.Errorf("Cannot read the generated certificate: %w", err)
	}
	// PKCS#8 is what ACM documents for imported keys of both kinds.
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, i18n.Errorf("Cannot encode the private key: %w", err)
	}
	return &Result{
		CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		KeyPEM:  pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}),
		Cert:    cert,
	}, nil
}
