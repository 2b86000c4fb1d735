# Plans and prices examples/complete in us-east-1: make preview PREVIEW_ARGS="--var-file examples/complete/us-east-1.tfvars"
region = "us-east-1"
azs    = ["us-east-1a", "us-east-1b"]
