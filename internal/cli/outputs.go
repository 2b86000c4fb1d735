package cli

import (
	"bytes"
	"context"
	"os"

	flag "github.com/spf13/pflag"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/tfplan"
)

// outputSource says where a command reads the stack's `terraform output -json`.
type outputSource struct {
	file string
	dir  string
}

func (o *outputSource) flags(fs *flag.FlagSet, l i18n.Lang) {
	fs.StringVar(&o.file, "outputs", "", l.S("A file holding `terraform output -json`."))
	fs.StringVar(&o.dir, "dir", ".", l.S("Root module directory to run terraform output -json in (without --outputs)."))
}

func (o *outputSource) read(ctx context.Context, l i18n.Lang) ([]byte, error) {
	if o.file != "" {
		data, err := os.ReadFile(o.file)
		if err != nil {
			return nil, usagef("Cannot read the outputs file: %v", err)
		}
		return data, nil
	}
	out, err := tfplan.Terraform{Dir: o.dir}.Run(ctx, "output", "-json")
	if err != nil {
		return nil, usagef("terraform output -json failed in %s (run it in an applied root module or give --outputs): %v", o.dir, err)
	}
	if len(bytes.TrimSpace(out)) <= 2 {
		return nil, usagef("%s has no Terraform outputs: run terraform apply first.", o.dir)
	}
	return out, nil
}
