################################################################################
# Seed bucket: where `bridgectl seed` puts one SQL file for the length of one task
################################################################################

# Objects live minutes (bridgectl deletes each one when its task stops, the lifecycle rule after a
# day at the latest): versioning, access logs and a customer managed key would keep or guard copies
# of data that is meant to be gone. SSE-S3 encrypts them at rest; the policy refuses plain HTTP.
#trivy:ignore:AVD-AWS-0089
#trivy:ignore:AVD-AWS-0090
#trivy:ignore:AVD-AWS-0132
resource "aws_s3_bucket" "seed" {
  count = local.create_seed ? 1 : 0

  # bucket_prefix (37 characters at most, so "<name>-seed-" for a 28-character name) takes a unique
  # suffix: bucket names are global.
  bucket_prefix = "${var.name}-seed-"
  # Only transient seed objects live here; a file left by an interrupted bridgectl must not block
  # terraform destroy.
  force_destroy = true

  tags = merge(local.tags, { Name = "${var.name}-seed" })
}

resource "aws_s3_bucket_ownership_controls" "seed" {
  count = local.create_seed ? 1 : 0

  bucket = aws_s3_bucket.seed[0].id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "seed" {
  count = local.create_seed ? 1 : 0

  bucket                  = aws_s3_bucket.seed[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# SSE-S3: a customer managed key would guard files that live minutes, at a monthly key price.
#trivy:ignore:AVD-AWS-0132
resource "aws_s3_bucket_server_side_encryption_configuration" "seed" {
  count = local.create_seed ? 1 : 0

  bucket = aws_s3_bucket.seed[0].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "seed" {
  count = local.create_seed ? 1 : 0

  bucket = aws_s3_bucket.seed[0].id

  rule {
    id     = "expire-seed-files"
    status = "Enabled"

    filter {
      prefix = local.seed_object_prefix
    }

    expiration {
      days = 1
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_bucket_policy" "seed" {
  count = local.create_seed ? 1 : 0

  bucket = aws_s3_bucket.seed[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyPlainHttp"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.seed[0].arn, "${aws_s3_bucket.seed[0].arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })

  depends_on = [aws_s3_bucket_public_access_block.seed]
}

# The seed task's own role: its fetch container reads seed files and nothing else.
resource "aws_iam_role" "seed_task" {
  count = local.create_seed ? 1 : 0

  permissions_boundary = var.iam_permissions_boundary
  name                 = "${var.name}-seed-task"
  description          = "Lets the seed task's fetch container read the SQL file bridgectl seed uploaded."
  assume_role_policy   = local.seed_trust_policy

  tags = merge(local.tags, { Name = "${var.name}-seed-task" })
}

resource "aws_iam_role_policy" "seed_task" {
  count = local.create_seed ? 1 : 0

  name = "read-seed-files"
  role = aws_iam_role.seed_task[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "ReadSeedFiles"
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = ["${aws_s3_bucket.seed[0].arn}/${local.seed_object_prefix}*"]
    }]
  })
}
