package cli

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
)

func publicKeyMatches(key any, cert *x509.Certificate) bool {
	switch k := key.(type) {
	case *ecdsa.PrivateKey:
		return k.PublicKey.Equal(cert.PublicKey)
	case *rsa.PrivateKey:
		return k.PublicKey.Equal(cert.PublicKey)
	}
	return false
}
