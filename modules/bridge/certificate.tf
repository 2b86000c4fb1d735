resource "aws_acm_certificate" "this" {
  count = local.create_certificate ? 1 : 0

  domain_name       = var.certificate.domain_name
  validation_method = "DNS"

  tags = merge(local.tags, { Name = "${var.name}-bridge" })

  lifecycle {
    create_before_destroy = true
  }
}

locals {
  # One domain, so exactly one validation record.
  certificate_validation = local.create_certificate ? one(aws_acm_certificate.this[0].domain_validation_options) : null
}

resource "aws_route53_record" "validation" {
  count = local.create_certificate ? 1 : 0

  zone_id         = var.certificate.route53_zone_id
  allow_overwrite = true
  ttl             = 300
  name            = local.certificate_validation.resource_record_name
  type            = local.certificate_validation.resource_record_type
  records         = [local.certificate_validation.resource_record_value]
}

resource "aws_acm_certificate_validation" "this" {
  count = local.create_certificate ? 1 : 0

  certificate_arn         = aws_acm_certificate.this[0].arn
  validation_record_fqdns = [aws_route53_record.validation[0].fqdn]
}

resource "aws_route53_record" "alias" {
  count = local.create_certificate && var.certificate.create_record ? 1 : 0

  zone_id = var.certificate.route53_zone_id
  name    = var.certificate.domain_name
  type    = "A"

  alias {
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
    evaluate_target_health = true
  }
}
