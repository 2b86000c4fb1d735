# The HTTPS listener waits for its certificate's DNS validation: it takes the ARN from
# aws_acm_certificate_validation, not from aws_acm_certificate, whose ARN exists (and would be
# attached, then refused by the ALB) before the certificate is issued. Both carry the same ARN, so
# no value can tell them apart: applying the listener alone (-target) must bring the validation
# along, which only a dependency does. Its own file, so no earlier run left a validation in state.
mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  certificate = { domain_name = "bridge.example.com", route53_zone_id = "Z0123456789ABCDEFGHIJ" }
}

override_resource {
  target = aws_acm_certificate.this
  values = {
    arn = "arn:aws:acm:ap-northeast-1:123456789012:certificate/22222222-3333-4444-5555-666666666666"
    domain_validation_options = [{
      domain_name           = "bridge.example.com"
      resource_record_name  = "_abc.bridge.example.com."
      resource_record_type  = "CNAME"
      resource_record_value = "_xyz.acm-validations.aws."
    }]
  }
}

# The provider sets a validation's id to the time it completed.
override_resource {
  target = aws_acm_certificate_validation.this
  values = { id = "2026-11-23 00:00:00 +0000 UTC" }
}

# Terraform warns that targeting is in effect: that is the point of this run.
run "listener_alone" {
  command = apply

  plan_options {
    target = [aws_lb_listener.https]
  }

  assert {
    condition     = aws_lb_listener.https.certificate_arn == "arn:aws:acm:ap-northeast-1:123456789012:certificate/22222222-3333-4444-5555-666666666666"
    error_message = "wanted the module's certificate on the listener, got ${jsonencode(aws_lb_listener.https.certificate_arn)}"
  }
}

run "validation_applied_with_the_listener" {
  command = plan

  # A validation the listener did not bring along is created only now, with this id.
  override_resource {
    target          = aws_acm_certificate_validation.this
    override_during = plan
    values          = { id = "planned after the listener" }
  }

  assert {
    condition     = aws_acm_certificate_validation.this[0].id == "2026-11-23 00:00:00 +0000 UTC"
    error_message = "wanted the certificate validated when the listener alone was applied (the listener must wait for aws_acm_certificate_validation), but the validation is ${jsonencode(aws_acm_certificate_validation.this[0].id)}"
  }
}
