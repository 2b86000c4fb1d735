# The production environment's settings (committed; nothing secret). The tenant id is the secret
# BASEMACHINA_TENANT_ID.
region     = "ap-northeast-1"
name       = "bridge-prod"
cidr_block = "10.20.0.0/16"
azs        = ["ap-northeast-1a", "ap-northeast-1c"]

domain_name     = "bridge.example.com"
route53_zone_id = "Z0000000000000EXAMPLE"

# Pin a release of https://gallery.ecr.aws/basemachina/bridge.
bridge_image_tag    = "CHANGE-ME"
allowed_cidr_blocks = ["34.85.43.93/32"]

# The bootstrap's stack_permissions_boundary_arns["production"].
iam_permissions_boundary = "arn:aws:iam::123456789012:policy/bridge-cicd-boundary-production"

# data_sources = {
#   postgres = { port = 5432, security_group_id = "sg-0123456789abcdef0", description = "app database" }
# }

tags = {
  Project     = "basemachina-bridge"
  Environment = "production"
  ManagedBy   = "terraform"
}
