################################################################################
# NAT instance (nat_mode = "instance"): one small instance instead of NAT gateways
################################################################################
# The private subnets route to a network interface this module owns, not to an instance: each
# instance the Auto Scaling group of one launches attaches that interface itself as device 1 at boot,
# retrying while a previous instance still holds it (as fck-nat does), and moves the Elastic IP to its
# own primary interface, so routes and the public address survive a replacement and a replacement
# never fails to launch over the interface. A lifecycle hook keeps a new instance out of service until
# its rules are checked, and the first apply routes the private subnets only then. Trade-offs
# (docs/cost.md): one AZ, no managed failover (egress is down until the replacement has booted, a few
# minutes), and patching means an instance refresh, which the group starts itself when the launch
# template changes.

locals {
  create_nat_instance     = var.nat_mode == "instance"
  nat_instance_name       = "${var.name}-nat-instance"
  nat_instance_ready_hook = "nat-ready"
}

resource "aws_security_group" "nat_instance" {
  count = local.create_nat_instance ? 1 : 0

  name        = "${var.name}-nat-instance"
  description = "NAT instance: forwards the private subnets' egress"
  vpc_id      = aws_vpc.this.id

  tags = merge(local.tags, { Name = "${var.name}-nat-instance" })
}

resource "aws_vpc_security_group_ingress_rule" "nat_instance" {
  for_each = local.create_nat_instance ? { for pair in setproduct(values(local.private_cidrs), var.nat_instance.ports) : "${pair[0]}:${pair[1]}" => pair } : {}

  security_group_id = aws_security_group.nat_instance[0].id
  description       = "Egress of a private subnet, to be forwarded"
  ip_protocol       = "tcp"
  from_port         = each.value[1]
  to_port           = each.value[1]
  cidr_ipv4         = each.value[0]

  tags = merge(local.tags, { Name = "${var.name}-nat-instance-from-${each.value[0]}" })
}

# A NAT forwards to any address on the internet: that is its purpose.
#trivy:ignore:AVD-AWS-0104
resource "aws_vpc_security_group_egress_rule" "nat_instance" {
  count = local.create_nat_instance ? 1 : 0

  security_group_id = aws_security_group.nat_instance[0].id
  description       = "Forwarded egress and the instance's own package and agent traffic"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"

  tags = merge(local.tags, { Name = "${var.name}-nat-instance-out-443" })
}

# The extra ports a NAT forwards (nat_instance.ports), to any address, as above.
#trivy:ignore:AVD-AWS-0104
resource "aws_vpc_security_group_egress_rule" "nat_instance_ports" {
  for_each = local.create_nat_instance ? setsubtract(var.nat_instance.ports, [443]) : []

  security_group_id = aws_security_group.nat_instance[0].id
  description       = "Forwarded egress"
  ip_protocol       = "tcp"
  from_port         = each.value
  to_port           = each.value
  cidr_ipv4         = "0.0.0.0/0"

  tags = merge(local.tags, { Name = "${var.name}-nat-instance-out-${each.value}" })
}

resource "aws_network_interface" "nat_instance" {
  count = local.create_nat_instance ? 1 : 0

  subnet_id       = aws_subnet.public[local.nat_instance_az].id
  security_groups = [aws_security_group.nat_instance[0].id]
  # A NAT receives packets addressed elsewhere.
  source_dest_check = false
  description       = "${var.name} NAT instance (routes of the private subnets point here)"

  tags = merge(local.tags, { Name = "${var.name}-nat-instance" })
}

# Allocated here, associated by each instance with its own primary interface at boot (user data).
resource "aws_eip" "nat_instance" {
  count = local.create_nat_instance ? 1 : 0

  domain = "vpc"

  tags = merge(local.tags, { Name = "${var.name}-nat-instance" })

  depends_on = [aws_internet_gateway.this]
}

# CloudWatch Logs encrypts at rest by default; the group holds the NAT setup log only.
#trivy:ignore:AVD-AWS-0017
resource "aws_cloudwatch_log_group" "nat_instance" {
  count = local.create_nat_instance ? 1 : 0

  name              = "/ec2/${var.name}/nat-instance"
  retention_in_days = var.nat_instance.log_retention_days

  tags = merge(local.tags, { Name = "${var.name}-nat-instance" })
}

resource "aws_iam_role" "nat_instance" {
  count = local.create_nat_instance ? 1 : 0

  permissions_boundary = var.iam_permissions_boundary
  name                 = "${var.name}-nat-instance"
  description          = "NAT instance: Session Manager access and its setup log."
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = merge(local.tags, { Name = "${var.name}-nat-instance" })
}

# Session Manager instead of SSH: no key pair, no inbound port.
resource "aws_iam_role_policy_attachment" "nat_instance_ssm" {
  count = local.create_nat_instance ? 1 : 0

  role       = aws_iam_role.nat_instance[0].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_role_policy" "nat_instance_logs" {
  count = local.create_nat_instance ? 1 : 0

  name = "write-setup-log"
  role = aws_iam_role.nat_instance[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "WriteSetupLog"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
      Resource = ["${aws_cloudwatch_log_group.nat_instance[0].arn}:*"]
    }]
  })
}

# What the boot script does to itself: attach the fixed interface, take the Elastic IP, stop source
# and destination checks on its own primary interface, and report its launch and its health. Every
# EC2 resource it may touch carries the NAT instance's Name tag (the launch template tags the
# instance and its primary interface at launch).
resource "aws_iam_role_policy" "nat_instance_self" {
  count = local.create_nat_instance ? 1 : 0

  name = "take-the-fixed-interface"
  role = aws_iam_role.nat_instance[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "TakeTheFixedInterfaceAndAddress"
        Effect = "Allow"
        Action = ["ec2:AttachNetworkInterface", "ec2:AssociateAddress", "ec2:ModifyNetworkInterfaceAttribute"]
        Resource = [
          "arn:${local.partition}:ec2:${local.nat_instance_region}:${local.nat_instance_account}:instance/*",
          "arn:${local.partition}:ec2:${local.nat_instance_region}:${local.nat_instance_account}:network-interface/*",
          "arn:${local.partition}:ec2:${local.nat_instance_region}:${local.nat_instance_account}:elastic-ip/${aws_eip.nat_instance[0].allocation_id}",
        ]
        Condition = { StringEquals = { "aws:ResourceTag/Name" = local.nat_instance_name } }
      },
      {
        Sid      = "ReportLaunchAndHealth"
        Effect   = "Allow"
        Action   = ["autoscaling:CompleteLifecycleAction", "autoscaling:SetInstanceHealth"]
        Resource = ["arn:${local.partition}:autoscaling:${local.nat_instance_region}:${local.nat_instance_account}:autoScalingGroup:*:autoScalingGroupName/${local.nat_instance_name}"]
      },
    ]
  })
}

locals {
  # The region and account of the NAT's own resources, read from an ARN Terraform already knows
  # (no data source that would call AWS at plan).
  nat_instance_region  = try(split(":", aws_network_interface.nat_instance[0].arn)[3], "")
  nat_instance_account = try(split(":", aws_network_interface.nat_instance[0].arn)[4], "")
}

resource "aws_iam_instance_profile" "nat_instance" {
  count = local.create_nat_instance ? 1 : 0

  name = "${var.name}-nat-instance"
  role = aws_iam_role.nat_instance[0].name

  tags = merge(local.tags, { Name = "${var.name}-nat-instance" })
}

resource "aws_launch_template" "nat_instance" {
  count = local.create_nat_instance ? 1 : 0

  name        = "${var.name}-nat-instance"
  description = "NAT instance for the private subnets of ${var.name}"
  # EC2 resolves the public parameter at each launch: no AMI lookup at plan, current image on replacement.
  image_id      = "resolve:ssm:${var.nat_instance.image_ssm_parameter}"
  instance_type = var.nat_instance.instance_type
  user_data = base64encode(templatefile("${path.module}/templates/nat_instance.sh.tftpl", {
    log_group            = aws_cloudwatch_log_group.nat_instance[0].name
    private_cidrs        = join(",", values(local.private_cidrs))
    network_interface_id = aws_network_interface.nat_instance[0].id
    eip_allocation_id    = aws_eip.nat_instance[0].allocation_id
    autoscaling_group    = local.nat_instance_name
    lifecycle_hook       = local.nat_instance_ready_hook
  }))
  update_default_version = true

  iam_instance_profile {
    arn = aws_iam_instance_profile.nat_instance[0].arn
  }

  # The instance's own primary interface, in the public subnet the group names. It needs a public
  # address to reach the EC2 API before it takes the Elastic IP, which then replaces that address
  # (an instance holds one public IPv4 address either way, so the hourly charge is the same).
  network_interfaces {
    device_index                = 0
    associate_public_ip_address = true
    security_groups             = [aws_security_group.nat_instance[0].id]
    delete_on_termination       = true
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_type           = "gp3"
      volume_size           = 8
      encrypted             = true
      delete_on_termination = true
    }
  }

  # T instances in standard mode: a NAT for the Bridge is idle almost always, and unlimited mode
  # could bill surplus credits.
  credit_specification {
    cpu_credits = "standard"
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge(local.tags, { Name = "${var.name}-nat-instance" })
  }
  tag_specifications {
    resource_type = "volume"
    tags          = merge(local.tags, { Name = "${var.name}-nat-instance" })
  }
  # The boot script may change only interfaces with this Name (aws_iam_role_policy.nat_instance_self).
  tag_specifications {
    resource_type = "network-interface"
    tags          = merge(local.tags, { Name = local.nat_instance_name })
  }

  tags = merge(local.tags, { Name = "${var.name}-nat-instance" })
}

resource "aws_autoscaling_group" "nat_instance" {
  count = local.create_nat_instance ? 1 : 0

  name = local.nat_instance_name
  # The fixed interface lives in one AZ, so the group launches into that AZ's public subnet.
  vpc_zone_identifier       = [aws_subnet.public[local.nat_instance_az].id]
  min_size                  = 1
  max_size                  = 1
  desired_capacity          = 1
  health_check_type         = "EC2"
  health_check_grace_period = 120
  # Creation waits until the instance is in service, which the hook below holds until it forwards.
  wait_for_capacity_timeout = "15m"

  # A new instance stays in Pending:Wait until its boot script has checked its rules and continued
  # the launch; a script that fails abandons it (default result), and the group launches another.
  # AWS applies an initial hook only when the group is created (provider docs).
  initial_lifecycle_hook {
    name                 = local.nat_instance_ready_hook
    lifecycle_transition = "autoscaling:EC2_INSTANCE_LAUNCHING"
    default_result       = "ABANDON"
    heartbeat_timeout    = 900
  }

  launch_template {
    id      = aws_launch_template.nat_instance[0].id
    version = aws_launch_template.nat_instance[0].latest_version
  }

  # A new launch template version (another image parameter or type) replaces the instance. With
  # one instance the refresh cannot keep one in service; the replacement waits for the interface
  # its predecessor releases (user data).
  instance_refresh {
    strategy = "Rolling"
    preferences {
      min_healthy_percentage = 0
    }
  }

  dynamic "tag" {
    for_each = merge(local.tags, { Name = "${var.name}-nat-instance" })
    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = false
    }
  }
}
