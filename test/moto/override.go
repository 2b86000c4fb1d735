package moto

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// services are the provider endpoint keys of every AWS service the modules and examples call.
var services = []string{
	"accessanalyzer", "acm", "applicationautoscaling", "autoscaling", "cloudwatch", "events", "ec2", "ecr", "ecs", "elasticache", "elbv2", "iam",
	"logs", "rds", "route53", "s3", "secretsmanager", "sns", "ssm", "sts",
}

// OverrideFileName is the file WriteOverride writes; Terraform merges it over the root's provider.
const OverrideFileName = "emulator_override.tf"

// WriteOverride points the AWS provider of the root module in dir at endpoint. The account id is
// still requested (moto answers STS): without it security group references read back in another
// form and drift. max_retries is low because moto answers 500 for actions it lacks. The keys come
// from the environment (AWS_ACCESS_KEY_ID), so each command can sign as the principal it plays
// and the front can tell whose call each request is.
func WriteOverride(dir, endpoint string) error {
	var eps strings.Builder
	for _, s := range services {
		fmt.Fprintf(&eps, "    %-22s = %q\n", s, endpoint)
	}
	content := fmt.Sprintf(`# Written by the emulator harness; never part of the example itself.
provider "aws" {
  region                      = var.region
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  s3_use_path_style           = true
  max_retries                 = 1

  endpoints {
%s  }
}
`, eps.String())
	return os.WriteFile(filepath.Join(dir, OverrideFileName), []byte(content), 0o600)
}

// ClientEnv is the environment that points the AWS SDKs (bridgectl, this harness) at endpoint.
func ClientEnv(endpoint, region string) []string {
	return []string{
		"AWS_ENDPOINT_URL=" + endpoint,
		"AWS_ACCESS_KEY_ID=emulator",
		"AWS_SECRET_ACCESS_KEY=emulator",
		"AWS_REGION=" + region,
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_PROFILE=",
		"AWS_CONFIG_FILE=/dev/null",
		"AWS_SHARED_CREDENTIALS_FILE=/dev/null",
	}
}
