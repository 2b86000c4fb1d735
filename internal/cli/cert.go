package cli

import (
	"context"
	"errors"
	"fmt"
	flag "github.com/spf13/pflag"
	"os"
	"path/filepath"
	"time"

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
	fs.StringArrayVar(&c.domains, "domain", nil, l.T("証明書の名前（SAN）。複数回指定でき、最初のものが CN になる。", "A name (SAN) for the certificate. Repeatable; the first becomes the common name."))
	fs.StringVar(&c.out, "out", ".", l.T("PEM ファイルを書くディレクトリ。", "Directory that receives the PEM files."))
	fs.StringVar(&c.name, "name", "bridge", l.T("ファイル名（<name>.crt と <name>.key）。", "File name stem (<name>.crt and <name>.key)."))
	fs.StringVar(&c.keyType, "key-type", string(certgen.ECDSAP256), l.T("鍵の種類: ecdsa-p256 または rsa-2048（どちらも ACM に取り込める）。", "Key type: ecdsa-p256 or rsa-2048 (both importable into ACM)."))
	fs.IntVar(&c.days, "days", 90, l.T("有効期間（日）。", "Validity in days."))
	fs.BoolVar(&c.force, "force", false, l.T("既存のファイルを上書きする。", "Overwrite existing files."))
	fs.BoolVar(&c.doImport, "import", false, l.T("ACM に取り込み、ARN を表示する（AWS 認証情報が必要）。", "Import into ACM and print the ARN (needs AWS credentials)."))
	fs.StringVar(&c.region, "region", "", l.T("--import 先のリージョン（既定は AWS の設定）。", "Region for --import (default from the AWS configuration)."))
}

func (c *certCmd) validate(args []string, l i18n.Lang) error {
	if len(args) > 0 {
		return usagef(l.T("余分な引数 %q があります。名前は --domain で指定します。", "Unexpected argument %q; give names with --domain."), args[0])
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
				return fmt.Errorf(l.T("%s は既にあります。上書きするには --force を付けてください。", "%s already exists; add --force to overwrite it."), p)
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
		return fmt.Errorf("create %s: %w", c.out, err)
	}
	if err := os.WriteFile(certPath, res.CertPEM, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", certPath, err)
	}
	// WriteFile keeps the mode of an existing file, so set it explicitly.
	if err := os.WriteFile(keyPath, res.KeyPEM, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", keyPath, err)
	}
	if err := os.Chmod(keyPath, 0o600); err != nil {
		return fmt.Errorf("chmod %s: %w", keyPath, err)
	}
	fmt.Fprintf(env.Stderr, l.T("自己署名証明書を書きました（%s まで有効）: %s, %s\n", "Wrote a self-signed certificate (valid until %s): %s, %s\n"),
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
		return fmt.Errorf(l.T("ACM への取り込みに失敗しました: %w", "importing into ACM failed: %w"), err)
	}
	if out.CertificateArn == nil {
		return errors.New("ACM returned no certificate ARN")
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
