locals {
  enable_access_logs        = var.access_logs != null
  create_access_logs_bucket = local.enable_access_logs && try(var.access_logs.bucket == null, false)
  access_logs_bucket        = local.create_access_logs_bucket ? aws_s3_bucket.access_logs[0].id : try(var.access_logs.bucket, null)

  # Elastic Load Balancing writes access logs as a regional AWS account in the Regions it served
  # before August 2022, and as the log-delivery service principal in newer ones. Account ids from
  # https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
  # (the same table as the provider's aws_elb_service_account, which this replaces to stay offline).
  elb_log_delivery_account_by_region = {
    "af-south-1"     = "098369216593"
    "ap-east-1"      = "754344448648"
    "ap-northeast-1" = "582318560864"
    "ap-northeast-2" = "600734575887"
    "ap-northeast-3" = "383597477331"
    "ap-south-1"     = "718504428378"
    "ap-southeast-1" = "114774131450"
    "ap-southeast-2" = "783225319266"
    "ap-southeast-3" = "589379963580"
    "ca-central-1"   = "985666609251"
    "cn-north-1"     = "638102146993"
    "cn-northwest-1" = "037604701340"
    "eu-central-1"   = "054676820928"
    "eu-north-1"     = "897822967062"
    "eu-south-1"     = "635631232127"
    "eu-west-1"      = "156460612806"
    "eu-west-2"      = "652711504416"
    "eu-west-3"      = "009996457667"
    "me-south-1"     = "076674570225"
    "sa-east-1"      = "507241528517"
    "us-east-1"      = "127311923021"
    "us-east-2"      = "033677994240"
    "us-gov-east-1"  = "190560391635"
    "us-gov-west-1"  = "048591011584"
    "us-west-1"      = "027434742980"
    "us-west-2"      = "797873946194"
  }
  elb_log_delivery_account = lookup(local.elb_log_delivery_account_by_region, local.region, null)
  elb_log_delivery_principal = (local.elb_log_delivery_account != null
    ? { AWS = "arn:${local.partition}:iam::${local.elb_log_delivery_account}:root" }
    : { Service = "logdelivery.elasticloadbalancing.amazonaws.com" }
  )
  access_logs_object_arn = local.create_access_logs_bucket ? "arn:${local.partition}:s3:::${local.access_logs_bucket}/${var.access_logs.prefix}/AWSLogs/${local.account_id}/*" : null
}

# ALB access log delivery supports SSE-S3 only, and logging this log bucket would only log the delivery.
#trivy:ignore:AVD-AWS-0132
#trivy:ignore:AVD-AWS-0089
resource "aws_s3_bucket" "access_logs" {
  count = local.create_access_logs_bucket ? 1 : 0

  # bucket_prefix (37 characters at most, so "<name>-logs-" for a 28-character name) takes a unique
  # suffix: bucket names are global.
  bucket_prefix = "${var.name}-logs-"
  force_destroy = var.access_logs.force_destroy

  tags = merge(local.tags, { Name = "${var.name}-alb-logs" })
}

resource "aws_s3_bucket_ownership_controls" "access_logs" {
  count = local.create_access_logs_bucket ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "access_logs" {
  count = local.create_access_logs_bucket ? 1 : 0

  bucket                  = aws_s3_bucket.access_logs[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# ALB access log delivery supports SSE-S3 only: a customer managed key would stop the logs.
#trivy:ignore:AVD-AWS-0132
resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs" {
  count = local.create_access_logs_bucket ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# Versioning keeps a deleted or overwritten log object recoverable until the lifecycle expires it.
resource "aws_s3_bucket_versioning" "access_logs" {
  count = local.create_access_logs_bucket ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "access_logs" {
  count = local.create_access_logs_bucket ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id

  rule {
    id     = "expire-access-logs"
    status = "Enabled"

    # An explicit empty prefix: the form valid on provider 5.x and 6.x without warnings.
    filter {
      prefix = ""
    }

    expiration {
      days = var.access_logs.expiration_days
    }
    noncurrent_version_expiration {
      noncurrent_days = 7
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.access_logs]
}

resource "aws_s3_bucket_policy" "access_logs" {
  count = local.create_access_logs_bucket ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "ElbLogDelivery"
        Effect    = "Allow"
        Principal = local.elb_log_delivery_principal
        Action    = "s3:PutObject"
        Resource  = local.access_logs_object_arn
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.access_logs[0].arn, "${aws_s3_bucket.access_logs[0].arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })

  # A policy call racing the public access block fails; one after the other always works.
  depends_on = [aws_s3_bucket_public_access_block.access_logs]
}
