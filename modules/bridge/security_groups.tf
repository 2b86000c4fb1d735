resource "aws_security_group" "alb" {
  name_prefix = "${var.name}-bridge-alb-"
  description = "BaseMachina Bridge ALB: HTTPS from the allowed sources only."
  vpc_id      = var.vpc_id

  tags = merge(local.tags, { Name = "${var.name}-bridge-alb" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  for_each = toset(var.allowed_cidr_blocks)

  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from an allowed source"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.value

  tags = merge(local.tags, { Name = "${var.name}-bridge-alb-https" })
}

resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  for_each = var.load_balancer.http_redirect ? toset(var.allowed_cidr_blocks) : toset([])

  security_group_id = aws_security_group.alb.id
  description       = "HTTP from an allowed source, redirected to HTTPS"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = each.value

  tags = merge(local.tags, { Name = "${var.name}-bridge-alb-http" })
}

resource "aws_vpc_security_group_egress_rule" "alb_to_tasks" {
  security_group_id            = aws_security_group.alb.id
  description                  = "ALB to Bridge tasks"
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
  referenced_security_group_id = aws_security_group.task.id

  tags = merge(local.tags, { Name = "${var.name}-bridge-alb-to-tasks" })
}

resource "aws_security_group" "task" {
  name_prefix = "${var.name}-bridge-task-"
  description = "BaseMachina Bridge tasks: only the ALB may connect."
  vpc_id      = var.vpc_id

  tags = merge(local.tags, { Name = "${var.name}-bridge-task" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "task_from_alb" {
  security_group_id            = aws_security_group.task.id
  description                  = "Bridge port from the ALB"
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
  referenced_security_group_id = aws_security_group.alb.id

  tags = merge(local.tags, { Name = "${var.name}-bridge-task-from-alb" })
}

# The Bridge must reach api.basemachina.com, whose addresses are not published, plus ECR, Logs and
# Secrets Manager; HTTPS to anywhere is the narrowest rule that works.
#trivy:ignore:AVD-AWS-0104
resource "aws_vpc_security_group_egress_rule" "task_https" {
  security_group_id = aws_security_group.task.id
  description       = "HTTPS to BaseMachina and AWS APIs"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"

  tags = merge(local.tags, { Name = "${var.name}-bridge-task-https" })
}

resource "aws_vpc_security_group_egress_rule" "task_data_sources" {
  # Keyed by the caller's names: the security group ids are often unknown until apply, the names never.
  for_each = var.data_sources

  security_group_id            = aws_security_group.task.id
  description                  = coalesce(each.value.description, "Data source ${each.key}")
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  cidr_ipv4                    = each.value.cidr_block
  referenced_security_group_id = each.value.security_group_id

  tags = merge(local.tags, { Name = "${var.name}-bridge-task-data-${each.key}" })
}
