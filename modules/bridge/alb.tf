locals {
  certificate_arn = local.create_certificate ? aws_acm_certificate_validation.this[0].certificate_arn : var.certificate.arn
}

# The ALB must be internet-facing: BaseMachina calls the Bridge from the internet. Ingress is limited
# to allowed_cidr_blocks by the security group.
#trivy:ignore:AVD-AWS-0053
resource "aws_lb" "this" {
  name               = "${var.name}-alb"
  load_balancer_type = "application"
  internal           = false
  security_groups    = [aws_security_group.alb.id]
  subnets            = var.public_subnet_ids

  drop_invalid_header_fields = true
  desync_mitigation_mode     = "defensive"
  idle_timeout               = var.load_balancer.idle_timeout
  enable_deletion_protection = var.load_balancer.deletion_protection

  dynamic "access_logs" {
    for_each = local.enable_access_logs ? [1] : []
    content {
      bucket  = local.access_logs_bucket
      prefix  = var.access_logs.prefix
      enabled = true
    }
  }

  tags = merge(local.tags, { Name = "${var.name}-alb" })

  # Elastic Load Balancing checks that it may write to the bucket when logs are switched on.
  depends_on = [aws_s3_bucket_policy.access_logs]
}

resource "aws_lb_target_group" "this" {
  # A name prefix (6 characters at most) and create_before_destroy let a changed target group be
  # replaced without ResourceInUse errors from the listener that still points at the old one.
  name_prefix          = "${substr(replace(var.name, "-", ""), 0, 5)}-"
  port                 = var.port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = var.load_balancer.deregistration_delay

  health_check {
    path                = var.health_check.path
    matcher             = "200"
    protocol            = "HTTP"
    port                = "traffic-port"
    interval            = 10
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = merge(local.tags, { Name = "${var.name}-bridge" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.load_balancer.ssl_policy
  certificate_arn   = local.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  tags = merge(local.tags, { Name = "${var.name}-https" })
}

resource "aws_lb_listener" "http_redirect" {
  count = var.load_balancer.http_redirect ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }

  tags = merge(local.tags, { Name = "${var.name}-http-redirect" })
}
