package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	flag "github.com/spf13/pflag"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"

	"terraform-basemachina-modules/internal/certgen"
	"terraform-basemachina-modules/internal/i18n"
)

// ACMImporter is the part of the ACM client that cert --import uses.
type ACMImporter interface {
	ImportCertificate(ctx context.Context, params *acm.ImportCertificateInput, optFns ...func(*acm.Options)) (*acm.ImportCertificateOutput, error)
}

type certCmd struct {
	domains  []string
	out      string
	name     string
	keyType  string
	days     int
	force    bool
	doImport bool
	region   string
	now      func() time.Time
	acm      func(ctx context.Context, region string) (ACMImporter, error)
}

func (c *certCmd) flags(fs *flag.FlagSet, l i18n.Lang) {
	fs.StringArrayVar(&c.domains, "domain", nil, l.S("A name (SAN) for the certificate. Repeatable; the first becomes the common name."))
	fs.StringVar(&c.out, "out", ".", l.S("Directory that receives the PEM files."))
	fs.StringVar(&c.name, "name", "bridge", l.S("File name stem (<name>.crt and <name>.key)."))
	fs.StringVar(&c.keyType, "key-type", string(certgen.ECDSAP256), l.S("Key type: ecdsa-p256 or rsa-2048 (both importable into ACM)."))
	fs.IntVar(&c.days, "days", 90, l.S("Validity in days."))
	fs.BoolVar(&c.force, "force", false, l.S("Overwrite existing files."))
	fs.BoolVar(&c.doImport, "import", false, l.S("Import into ACM and print the ARN (needs AWS credentials)."))
	fs.StringVar(&c.region, "region", "", l.S("Region for --import (default from the AWS configuration)."))
}

func (c *certCmd) validate(args []string, l i18n.Lang) error {
	if len(args) > 0 {
		return usagef("Unexpected argument %q; give names with --domain.", args[0])
	}
	req := c.request()
	if err := req.Validate(); err != nil {
		return usageError{err}
	}
	return nil
}

func (c *certCmd) request() certgen.Request {
	now := time.Now()
	if c.now != nil {
		now = c.now()
	}
	return certgen.Request{Domains: c.domains, KeyType: certgen.KeyType(c.keyType), Validity: time.Duration(c.days) * 24 * time.Hour, Now: now}
}

func (c *certCmd) execute(ctx context.Context, env IO, l i18n.Lang) error {
	certPath := filepath.Join(c.out, c.name+".crt")
	keyPath := filepath.Join(c.out, c.name+".key")
	if !c.force {
		for _, p := range []string{certPath, keyPath} {
			if _, err := os.Stat(p); err == nil {
				return i18n.Errorf("%s already exists; add --force to overwrite it.", p)
			}
		}
	}
	// The AWS side is checked before anything is written: without credentials or a region nothing is left behind.
	var client ACMImporter
	if c.doImport {
		newClient := c.acm
		if newClient == nil {
			newClient = defaultACM
		}
		var err error
		if client, err = newClient(ctx, c.region); err != nil {
			return err
		}
	}
	res, err := certgen.Generate(c.request())
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return i18n.Errorf("Cannot create %s: %w", c.out, err)
	}
	if err := os.WriteFile(certPath, res.CertPEM, 0o644); err != nil {
		return i18n.Errorf("Cannot write %s: %w", certPath, err)
	}
	// WriteFile keeps the mode of an existing file, so set it explicitly.
	if err := os.WriteFile(keyPath, res.KeyPEM, 0o600); err != nil {
		return i18n.Errorf("Cannot write %s: %w", keyPath, err)
	}
	if err := os.Chmod(keyPath, 0o600); err != nil {
		return i18n.Errorf("Cannot make %s readable by its owner only: %w", keyPath, err)
	}
	fmt.Fprintf(env.Stderr, l.S("Wrote a self-signed certificate (valid until %s): %s, %s\n"),
		res.Cert.NotAfter.Format(time.DateOnly), certPath, keyPath)
	if !c.doImport {
		fmt.Fprintln(env.Stdout, certPath)
		fmt.Fprintln(env.Stdout, keyPath)
		return nil
	}
	out, err := client.ImportCertificate(ctx, &acm.ImportCertificateInput{
		Certificate: res.CertPEM,
		PrivateKey:  res.KeyPEM,
		Tags:        []acmtypes.Tag{{Key: aws.String("ManagedBy"), Value: aws.String("bridgectl")}},
	})
	if err != nil {
		return i18n.Errorf("importing into ACM failed: %w", err)
	}
	if out.CertificateArn == nil {
		return i18n.Errorf("ACM imported the certificate but returned no ARN.")
	}
	fmt.Fprintln(env.Stdout, *out.CertificateArn)
	return nil
}

func defaultACM(ctx context.Context, region string) (ACMImporter, error) {
	cfg, err := loadAWSConfig(ctx, region)
	if err != nil {
		return nil, err
	}
	return acm.NewFromConfig(cfg), nil
}
