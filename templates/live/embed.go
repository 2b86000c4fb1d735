// Package live carries the customer repository template into bridgectl, whose `init` writes a
// repository from it. This file is not part of the template: the patterns below name the
// template's files, and init writes only those.
package live

import "embed"

// FS holds the template's files by their paths in the customer's repository. The patterns name
// files rather than whole directories, so nothing a local `terraform init` or plan leaves in a root
// (.terraform/, state, plan files) can be embedded.
//
//go:embed .gitignore README.md README.en.md .github/workflows/*.yml
//go:embed bootstrap/*.tf bootstrap/*.tfvars bootstrap/.terraform.lock.hcl
//go:embed dev/*.tf dev/*.tfvars dev/.terraform.lock.hcl
//go:embed production/*.tf production/*.tfvars production/.terraform.lock.hcl
var FS embed.FS
