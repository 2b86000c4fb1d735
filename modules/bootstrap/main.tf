data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  partition = data.aws_partition.current.partition
  # From the EC2 endpoint (ec2.<region>.<dns suffix>), which provider 5.x and 6.x both resolve offline
  # without deprecation: 6.x deprecates `name` and `id`, and 5.x has no `region` attribute.
  region     = split(".", data.aws_region.current.endpoint)[1]
  bucket_arn = "arn:${local.partition}:s3:::${var.state.bucket_name}"
  # One state key per environment under the prefix; S3 native locking writes <key>.tflock beside
  # each, so no DynamoDB table. The bootstrap's own state lives outside the prefix.
  state_keys = { for env in keys(var.environments) : env => "${var.state.key_prefix}/${env}/terraform.tfstate" }
  # Where the plan job on the default branch saves the plan that reviewers approve and the apply job
  # applies. A plan file holds the prior state in clear (secrets too), so it stays in this bucket,
  # under the environment's own roles, instead of a GitHub artifact that every reader of the
  # repository may download.
  saved_plan_prefixes = { for env in keys(var.environments) : env => "${var.state.key_prefix}/${env}/plans/" }
  bootstrap_key       = "bootstrap/terraform.tfstate"
  github_env_name     = { for env, e in var.environments : env => coalesce(e.github_environment, env) }
  # The name every resource of an environment's stacks begins with: its roles manage only these.
  name_prefix_of = { for env, e in var.environments : env => coalesce(e.name_prefix, var.managed_name_prefix) }

  tags = merge(var.tags, { "terraform-module" = "terraform-basemachina-modules/bootstrap" })
}

# Server access logging needs a second bucket and is opt-in through state_access_logs_bucket;
# CloudTrail data events are the usual audit trail for a state bucket.
#trivy:ignore:AVD-AWS-0089
resource "aws_s3_bucket" "state" {
  bucket = var.state.bucket_name

  # force_destroy stays false: S3 refuses to delete a bucket that still holds state versions.
  force_destroy = false

  tags = merge(local.tags, { Name = var.state.bucket_name })
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id

  versioning_configuration {
    status = "Enabled"
  }
}

# SSE-S3 is the default so the bucket costs no KMS key; a customer key is opt-in through state_kms_key_arn.
resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.state.kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.state.kms_key_arn
    }
    bucket_key_enabled = var.state.kms_key_arn != null
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  bucket = aws_s3_bucket.state.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_policy" "state" {
  bucket = aws_s3_bucket.state.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [local.bucket_arn, "${local.bucket_arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })

  depends_on = [aws_s3_bucket_public_access_block.state]
}

resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    id     = "expire-noncurrent-state-versions"
    status = "Enabled"

    # The whole bucket: an empty prefix, since provider 5.90 warns that an empty filter {} will be an
    # error (hashicorp/terraform-provider-aws#42714), and both 5.x and 6.x accept this form.
    filter {
      prefix = ""
    }

    noncurrent_version_expiration {
      noncurrent_days = var.state.noncurrent_version_expiration_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  # A saved plan is applied within the hour or never (a later apply makes it stale): keep none. It
  # holds state values in clear, so its noncurrent versions (the bucket is versioned; the apply job's
  # delete only adds a delete marker) go after a day too: where two expirations overlap, S3 honours
  # the shorter (Amazon S3 User Guide, "How Amazon S3 handles conflicts in lifecycle configurations").
  dynamic "rule" {
    for_each = local.saved_plan_prefixes
    content {
      id     = "expire-saved-plans-${rule.key}"
      status = "Enabled"
      filter {
        prefix = rule.value
      }
      expiration {
        days = 1
      }
      noncurrent_version_expiration {
        noncurrent_days = 1
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.state]
}

resource "aws_s3_bucket_logging" "state" {
  count = var.state.access_logs_bucket == null ? 0 : 1

  bucket        = aws_s3_bucket.state.id
  target_bucket = var.state.access_logs_bucket
  target_prefix = "${var.state.bucket_name}/"
}
