mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  name = "acme"
  azs  = ["ap-northeast-1a", "ap-northeast-1c"]
  tags = { Project = "bridge-test" }
}

# A mock gives every subnet (route table, log group, role) the same id or ARN, so an assert could not
# tell the public subnet of an AZ from its private one: each gets a value of its own, and the asserts
# name them. Subnets end in <AZ letter><1 public, 2 private>. File-wide, as a run's override reaches
# only what that very run creates.
override_resource {
  target = aws_subnet.public["ap-northeast-1a"]
  values = { id = "subnet-0000000000001a001" }
}

override_resource {
  target = aws_subnet.public["ap-northeast-1c"]
  values = { id = "subnet-0000000000001c001" }
}

override_resource {
  target = aws_subnet.private["ap-northeast-1a"]
  values = { id = "subnet-0000000000001a002" }
}

override_resource {
  target = aws_subnet.private["ap-northeast-1c"]
  values = { id = "subnet-0000000000001c002" }
}

override_resource {
  target = aws_route_table.public
  values = { id = "rtb-00000000000000001" }
}

override_resource {
  target = aws_route_table.private["ap-northeast-1a"]
  values = { id = "rtb-0000000000001a002" }
}

override_resource {
  target = aws_route_table.private["ap-northeast-1c"]
  values = { id = "rtb-0000000000001c002" }
}

override_resource {
  target = aws_cloudwatch_log_group.flow_logs
  values = { arn = "arn:aws:logs:ap-northeast-1:123456789012:log-group:/vpc/acme/flow-logs" }
}

override_resource {
  target = aws_cloudwatch_log_group.nat_instance
  values = { arn = "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ec2/acme/nat-instance" }
}

override_resource {
  target = aws_iam_role.flow_logs
  values = { arn = "arn:aws:iam::123456789012:role/acme-vpc-flow-logs", id = "acme-vpc-flow-logs" }
}

override_resource {
  target = aws_iam_role.nat_instance
  values = { arn = "arn:aws:iam::123456789012:role/acme-nat-instance", id = "acme-nat-instance" }
}

run "single_nat_two_azs" {
  command = apply

  # Only this account's flow logs may use the role (confused deputy guard).
  assert {
    condition     = jsondecode(aws_iam_role.flow_logs[0].assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "123456789012" && jsondecode(aws_iam_role.flow_logs[0].assume_role_policy).Statement[0].Condition.ArnLike["aws:SourceArn"] == "arn:aws:ec2:ap-northeast-1:123456789012:vpc-flow-log/*"
    error_message = "wanted the source account and ARN on the flow-log role's trust, got ${aws_iam_role.flow_logs[0].assume_role_policy}"
  }

  assert {
    condition     = length(aws_subnet.public) == 2 && length(aws_subnet.private) == 2
    error_message = "wanted 2 public and 2 private subnets, got ${length(aws_subnet.public)} and ${length(aws_subnet.private)}"
  }
  assert {
    condition     = length(aws_nat_gateway.this) == 1 && length(aws_eip.nat) == 1
    error_message = "wanted one NAT gateway and one EIP, got ${length(aws_nat_gateway.this)} and ${length(aws_eip.nat)}"
  }
  assert {
    condition     = length(aws_route_table.private) == 2 && length(aws_route.private_nat) == 2
    error_message = "wanted a private route table and a NAT route per AZ"
  }
  # Both AZs leave through the one NAT, which sits in a public subnet.
  assert {
    condition     = alltrue([for r in aws_route.private_nat : r.nat_gateway_id == aws_nat_gateway.this["ap-northeast-1a"].id])
    error_message = "wanted every private route through the single NAT in ap-northeast-1a"
  }
  assert {
    condition     = aws_nat_gateway.this["ap-northeast-1a"].subnet_id == "subnet-0000000000001a001"
    error_message = "wanted the NAT in the public subnet of its AZ (subnet-0000000000001a001), got ${aws_nat_gateway.this["ap-northeast-1a"].subnet_id}"
  }
  # Each private route table (one per AZ) holds its AZ's default route and serves that AZ's private
  # subnet; the public subnets share the public table.
  assert {
    condition     = { for az, r in aws_route.private_nat : az => r.route_table_id } == { "ap-northeast-1a" = "rtb-0000000000001a002", "ap-northeast-1c" = "rtb-0000000000001c002" }
    error_message = "wanted each AZ's NAT route in its own private route table, got ${jsonencode({ for az, r in aws_route.private_nat : az => r.route_table_id })}"
  }
  assert {
    condition     = { for az, a in aws_route_table_association.private : az => [a.subnet_id, a.route_table_id] } == { "ap-northeast-1a" = ["subnet-0000000000001a002", "rtb-0000000000001a002"], "ap-northeast-1c" = ["subnet-0000000000001c002", "rtb-0000000000001c002"] }
    error_message = "wanted each private subnet on its AZ's private route table, got ${jsonencode({ for az, a in aws_route_table_association.private : az => [a.subnet_id, a.route_table_id] })}"
  }
  assert {
    condition     = { for az, a in aws_route_table_association.public : az => [a.subnet_id, a.route_table_id] } == { "ap-northeast-1a" = ["subnet-0000000000001a001", "rtb-00000000000000001"], "ap-northeast-1c" = ["subnet-0000000000001c001", "rtb-00000000000000001"] }
    error_message = "wanted each public subnet on the public route table, got ${jsonencode({ for az, a in aws_route_table_association.public : az => [a.subnet_id, a.route_table_id] })}"
  }
  assert {
    condition     = aws_route.public_internet.route_table_id == "rtb-00000000000000001" && aws_route.public_internet.gateway_id == aws_internet_gateway.this.id && aws_route.public_internet.destination_cidr_block == "0.0.0.0/0"
    error_message = "wanted the public route table's default route to the internet gateway"
  }
  assert {
    condition     = length(aws_route_table_association.public) == 2 && length(aws_route_table_association.private) == 2
    error_message = "wanted every subnet associated with its route table"
  }
  # CIDRs come from the AZ letter: a -> slot 0, c -> slot 2; private in the upper half.
  assert {
    condition     = aws_subnet.public["ap-northeast-1c"].cidr_block == "10.0.32.0/20" && aws_subnet.private["ap-northeast-1a"].cidr_block == "10.0.128.0/20"
    error_message = "wanted public 1c = 10.0.32.0/20 and private 1a = 10.0.128.0/20, got ${aws_subnet.public["ap-northeast-1c"].cidr_block} and ${aws_subnet.private["ap-northeast-1a"].cidr_block}"
  }
  assert {
    condition     = alltrue(concat([for s in aws_subnet.public : !s.map_public_ip_on_launch], [for s in aws_subnet.private : !s.map_public_ip_on_launch]))
    error_message = "wanted no automatic public IPs on any subnet"
  }
  assert {
    condition     = length(aws_default_security_group.this.ingress) == 0 && length(aws_default_security_group.this.egress) == 0
    error_message = "wanted the default security group emptied of rules"
  }
  assert {
    condition     = aws_flow_log.this[0].traffic_type == "REJECT" && aws_flow_log.this[0].log_destination_type == "cloud-watch-logs"
    error_message = "wanted REJECT flow logs to CloudWatch Logs by default"
  }
  # The flow log role may write only to its own log group.
  assert {
    condition     = jsondecode(aws_iam_role_policy.flow_logs[0].policy).Statement[0].Resource == ["arn:aws:logs:ap-northeast-1:123456789012:log-group:/vpc/acme/flow-logs:*"] && aws_iam_role_policy.flow_logs[0].role == "acme-vpc-flow-logs"
    error_message = "wanted the flow log role, and it only, to write to the flow log group, got ${aws_iam_role_policy.flow_logs[0].policy} on ${aws_iam_role_policy.flow_logs[0].role}"
  }
  assert {
    condition     = aws_flow_log.this[0].log_destination == "arn:aws:logs:ap-northeast-1:123456789012:log-group:/vpc/acme/flow-logs" && aws_flow_log.this[0].iam_role_arn == "arn:aws:iam::123456789012:role/acme-vpc-flow-logs"
    error_message = "wanted the flow log to deliver into its log group as its role, got ${jsonencode(aws_flow_log.this[0].log_destination)} as ${jsonencode(aws_flow_log.this[0].iam_role_arn)}"
  }
  assert {
    condition     = alltrue([for a in jsondecode(aws_iam_role_policy.flow_logs[0].policy).Statement[0].Action : !strcontains(a, "*")])
    error_message = "wanted no wildcard action in the flow log policy"
  }
  assert {
    condition     = output.egress_mode == "single"
    error_message = "wanted egress_mode single"
  }
  assert {
    condition     = output.private_subnet_ids == ["subnet-0000000000001a002", "subnet-0000000000001c002"] && output.public_subnet_ids == ["subnet-0000000000001a001", "subnet-0000000000001c001"]
    error_message = "wanted the private and the public subnet ids each in AZ order, got ${jsonencode(output.private_subnet_ids)} and ${jsonencode(output.public_subnet_ids)}"
  }
  assert {
    condition     = output.private_subnet_ids_by_az == { "ap-northeast-1a" = "subnet-0000000000001a002", "ap-northeast-1c" = "subnet-0000000000001c002" } && output.public_subnet_ids_by_az == { "ap-northeast-1a" = "subnet-0000000000001a001", "ap-northeast-1c" = "subnet-0000000000001c001" }
    error_message = "wanted the subnet ids by AZ, each tier its own, got ${jsonencode(output.private_subnet_ids_by_az)} and ${jsonencode(output.public_subnet_ids_by_az)}"
  }
  # The free S3 gateway endpoint is on, attached to the private route tables.
  assert {
    condition     = contains(keys(output.endpoint_ids), "s3") && length(output.endpoint_ids) == 1
    error_message = "wanted only the S3 gateway endpoint by default, got ${jsonencode(keys(output.endpoint_ids))}"
  }
  assert {
    condition     = alltrue([for t in [aws_vpc.this.tags, aws_subnet.public["ap-northeast-1a"].tags, aws_nat_gateway.this["ap-northeast-1a"].tags, aws_eip.nat["ap-northeast-1a"].tags, aws_route_table.public.tags, aws_flow_log.this[0].tags] : t["Project"] == "bridge-test"])
    error_message = "wanted the caller's tags on the network resources"
  }
}

run "single_nat_three_azs" {
  command = apply
  variables {
    azs = ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]
  }
  assert {
    condition     = length(aws_subnet.public) == 3 && length(aws_subnet.private) == 3 && length(aws_route_table.private) == 3
    error_message = "wanted 3 subnets of each tier and 3 private route tables"
  }
  assert {
    condition     = length(aws_nat_gateway.this) == 1 && length(aws_eip.nat) == 1 && length(aws_route.private_nat) == 3
    error_message = "wanted one NAT and three routes to it"
  }
}

run "per_az_nat_two_azs" {
  command = apply
  variables {
    nat_mode = "per_az"
  }
  assert {
    condition     = length(aws_nat_gateway.this) == 2 && length(aws_eip.nat) == 2
    error_message = "wanted a NAT and an EIP per AZ"
  }
  assert {
    condition     = alltrue([for az, r in aws_route.private_nat : r.nat_gateway_id == aws_nat_gateway.this[az].id])
    error_message = "wanted each AZ's private route through its own NAT"
  }
}

run "per_az_nat_three_azs" {
  command = apply
  variables {
    nat_mode = "per_az"
    azs      = ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]
  }
  assert {
    condition     = length(aws_nat_gateway.this) == 3 && length(aws_eip.nat) == 3 && length(aws_route.private_nat) == 3
    error_message = "wanted 3 NATs, 3 EIPs and 3 routes"
  }
}

run "no_nat" {
  command = apply
  variables {
    nat_mode = "none"
  }
  assert {
    condition     = length(aws_nat_gateway.this) == 0 && length(aws_eip.nat) == 0 && length(aws_route.private_nat) == 0
    error_message = "wanted no NAT, EIP or private default route"
  }
  assert {
    condition     = output.egress_mode == "none"
    error_message = "wanted egress_mode none"
  }
}

run "nat_instance" {
  command = apply
  variables {
    nat_mode = "instance"
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 0 && length(aws_eip.nat) == 0 && length(aws_autoscaling_group.nat_instance) == 1
    error_message = "wanted one NAT instance group and no NAT gateway"
  }

  # Every private route table points at the fixed interface, which outlives replaced instances.
  assert {
    condition     = alltrue([for r in aws_route.private_nat : r.network_interface_id == aws_network_interface.nat_instance[0].id && r.nat_gateway_id == null]) && length(aws_route.private_nat) == 2
    error_message = "wanted both private routes to the NAT instance's interface"
  }

  assert {
    condition     = aws_network_interface.nat_instance[0].source_dest_check == false && aws_network_interface.nat_instance[0].subnet_id == "subnet-0000000000001a001"
    error_message = "wanted the interface in the first public subnet with the source/destination check off"
  }

  # Each instance launches with its own primary interface in the fixed interface's public subnet and
  # attaches the fixed one itself: a replacement never fails to launch over an interface in use.
  assert {
    condition     = one(aws_launch_template.nat_instance[0].network_interfaces).network_interface_id == null && one(aws_launch_template.nat_instance[0].network_interfaces).associate_public_ip_address == "true" && aws_autoscaling_group.nat_instance[0].vpc_zone_identifier == toset(["subnet-0000000000001a001"])
    error_message = "wanted the group of one to launch in the fixed interface's subnet with a primary interface of its own"
  }

  # A new instance is in service only once its script continued the launch; the routes wait for it.
  assert {
    condition     = one(aws_autoscaling_group.nat_instance[0].initial_lifecycle_hook).lifecycle_transition == "autoscaling:EC2_INSTANCE_LAUNCHING" && one(aws_autoscaling_group.nat_instance[0].initial_lifecycle_hook).default_result == "ABANDON" && aws_autoscaling_group.nat_instance[0].wait_for_capacity_timeout != "0"
    error_message = "wanted a launch hook that abandons an instance whose script did not finish, and creation that waits for it"
  }


  # The image comes from EC2 at launch, not from an AMI lookup at plan.
  assert {
    condition     = aws_launch_template.nat_instance[0].image_id == "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64" && aws_launch_template.nat_instance[0].instance_type == "t4g.nano"
    error_message = "wanted Amazon Linux 2023 arm64 through resolve:ssm on t4g.nano, got ${aws_launch_template.nat_instance[0].image_id}"
  }

  assert {
    condition     = one(aws_launch_template.nat_instance[0].metadata_options).http_tokens == "required" && aws_launch_template.nat_instance[0].key_name == null && one(one(aws_launch_template.nat_instance[0].block_device_mappings).ebs).encrypted == "true"
    error_message = "wanted IMDSv2 only, no key pair and an encrypted root volume"
  }

  # Only the private subnets may send through it, on 443 only by default.
  assert {
    condition     = toset([for r in aws_vpc_security_group_ingress_rule.nat_instance : "${r.cidr_ipv4}:${r.from_port}"]) == toset(["10.0.128.0/20:443", "10.0.160.0/20:443"])
    error_message = "wanted ingress on 443 from the two private subnets only, got ${jsonencode([for r in aws_vpc_security_group_ingress_rule.nat_instance : "${r.cidr_ipv4}:${r.from_port}"])}"
  }

  assert {
    condition     = strcontains(base64decode(aws_launch_template.nat_instance[0].user_data), "MASQUERADE") && strcontains(base64decode(aws_launch_template.nat_instance[0].user_data), "10.0.128.0/20,10.0.160.0/20")
    error_message = "wanted the setup script to masquerade the private subnets"
  }

  assert {
    condition     = strcontains(base64decode(aws_launch_template.nat_instance[0].user_data), "fixed_eni=\"${aws_network_interface.nat_instance[0].id}\"") && strcontains(base64decode(aws_launch_template.nat_instance[0].user_data), aws_eip.nat_instance[0].allocation_id)
    error_message = "wanted the setup script to attach the fixed interface and take the Elastic IP"
  }

  # The script may touch only what carries the NAT instance's Name, and report only for its group.
  assert {
    condition     = jsondecode(aws_iam_role_policy.nat_instance_self[0].policy).Statement[0].Condition.StringEquals["aws:ResourceTag/Name"] == "acme-nat-instance" && endswith(jsondecode(aws_iam_role_policy.nat_instance_self[0].policy).Statement[1].Resource[0], ":autoScalingGroupName/acme-nat-instance")
    error_message = "wanted the NAT instance's own grants scoped to its Name tag and its group, got ${aws_iam_role_policy.nat_instance_self[0].policy}"
  }

  # Its role writes its own setup log and nothing else (Session Manager comes from the managed policy).
  assert {
    condition     = jsondecode(aws_iam_role_policy.nat_instance_logs[0].policy).Statement[0].Resource == ["arn:aws:logs:ap-northeast-1:123456789012:log-group:/ec2/acme/nat-instance:*"] && aws_iam_role_policy_attachment.nat_instance_ssm[0].policy_arn == "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
    error_message = "wanted the NAT instance role to write only its log group, got ${aws_iam_role_policy.nat_instance_logs[0].policy}"
  }

  # Beside the NAT instance's role and log group, the flow log keeps its own.
  assert {
    condition     = aws_flow_log.this[0].log_destination == "arn:aws:logs:ap-northeast-1:123456789012:log-group:/vpc/acme/flow-logs" && aws_flow_log.this[0].iam_role_arn == "arn:aws:iam::123456789012:role/acme-vpc-flow-logs" && aws_iam_role_policy.flow_logs[0].role == "acme-vpc-flow-logs"
    error_message = "wanted the flow log in its own log group with its own role, got ${jsonencode(aws_flow_log.this[0].log_destination)} as ${jsonencode(aws_flow_log.this[0].iam_role_arn)}"
  }

  # Its grants sit on its own role, the one its instance profile carries.
  assert {
    condition     = aws_iam_role_policy.nat_instance_logs[0].role == "acme-nat-instance" && aws_iam_role_policy.nat_instance_self[0].role == "acme-nat-instance" && aws_iam_instance_profile.nat_instance[0].role == "acme-nat-instance"
    error_message = "wanted the NAT instance's policies on the role of its instance profile, got ${aws_iam_role_policy.nat_instance_logs[0].role}, ${aws_iam_role_policy.nat_instance_self[0].role} and ${aws_iam_instance_profile.nat_instance[0].role}"
  }

  assert {
    condition     = length(output.nat_public_ips) == 1 && output.nat_instance_network_interface_id == aws_network_interface.nat_instance[0].id && output.egress_mode == "instance"
    error_message = "wanted the NAT instance's address and interface in the outputs"
  }
}

run "rejects_an_x86_nat_instance_type_with_the_arm_image" {
  command = plan
  variables {
    nat_mode     = "instance"
    nat_instance = { instance_type = "t3.nano" }
  }
  expect_failures = [var.nat_instance]
}

run "rejects_a_nat_instance_image_other_than_amazon_linux_2023" {
  command = plan
  variables {
    nat_mode     = "instance"
    nat_instance = { image_ssm_parameter = "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id" }
  }
  expect_failures = [var.nat_instance]
}

run "rejects_a_nat_instance_port_out_of_range" {
  command = plan
  variables {
    nat_mode     = "instance"
    nat_instance = { ports = [443, 70000] }
  }
  expect_failures = [var.nat_instance]
}

run "no_nat_three_azs" {
  command = apply
  variables {
    nat_mode = "none"
    azs      = ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]
  }
  assert {
    condition     = length(aws_subnet.private) == 3 && length(aws_nat_gateway.this) == 0
    error_message = "wanted 3 private subnets and no NAT"
  }
}

run "flow_logs_off" {
  command = apply
  variables {
    flow_logs = null
  }
  assert {
    condition     = length(aws_flow_log.this) == 0 && length(aws_cloudwatch_log_group.flow_logs) == 0 && length(aws_iam_role.flow_logs) == 0
    error_message = "wanted no flow log resources"
  }
}

run "interface_endpoints_from_network" {
  command = apply
  variables {
    endpoints = { interface = ["ecr.api", "ecr.dkr", "logs"] }
  }
  assert {
    condition     = toset(keys(output.endpoint_ids)) == toset(["s3", "ecr.api", "ecr.dkr", "logs"])
    error_message = "wanted s3, ecr.api, ecr.dkr and logs endpoints, got ${jsonencode(keys(output.endpoint_ids))}"
  }
}

run "explicit_subnet_cidrs" {
  command = apply
  variables {
    public_subnet_cidrs  = { "ap-northeast-1a" = "10.0.0.0/24", "ap-northeast-1c" = "10.0.1.0/24" }
    private_subnet_cidrs = { "ap-northeast-1a" = "10.0.10.0/24", "ap-northeast-1c" = "10.0.11.0/24" }
  }
  assert {
    condition     = aws_subnet.private["ap-northeast-1c"].cidr_block == "10.0.11.0/24"
    error_message = "wanted the explicit private CIDR"
  }
}

# Rejected inputs, one run each.
run "rejects_invalid_cidr" {
  command = plan
  variables {
    cidr_block = "10.0.0.0/33"
  }
  expect_failures = [var.cidr_block]
}

run "rejects_cidr_that_is_not_a_network_address" {
  command = plan
  variables {
    cidr_block = "10.0.1.0/16"
  }
  expect_failures = [var.cidr_block]
}

run "rejects_one_az" {
  command = plan
  variables {
    azs = ["ap-northeast-1a"]
  }
  expect_failures = [var.azs]
}

run "rejects_duplicate_azs" {
  command = plan
  variables {
    azs = ["ap-northeast-1a", "ap-northeast-1a"]
  }
  expect_failures = [var.azs]
}

run "rejects_more_azs_than_subnets_fit" {
  command = plan
  variables {
    subnet_newbits = 2
    azs            = ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]
  }
  expect_failures = [var.azs]
}

run "rejects_invalid_nat_mode" {
  command = plan
  variables {
    nat_mode = "double"
  }
  expect_failures = [var.nat_mode]
}

run "rejects_subnet_cidr_outside_vpc" {
  command = plan
  variables {
    public_subnet_cidrs = { "ap-northeast-1a" = "10.1.0.0/24", "ap-northeast-1c" = "10.0.1.0/24" }
  }
  expect_failures = [aws_vpc.this]
}

run "rejects_overlapping_subnet_cidrs" {
  command = plan
  variables {
    public_subnet_cidrs  = { "ap-northeast-1a" = "10.0.0.0/24", "ap-northeast-1c" = "10.0.1.0/24" }
    private_subnet_cidrs = { "ap-northeast-1a" = "10.0.0.0/25", "ap-northeast-1c" = "10.0.11.0/24" }
  }
  expect_failures = [aws_vpc.this]
}

run "rejects_subnet_cidrs_missing_an_az" {
  command = plan
  variables {
    public_subnet_cidrs = { "ap-northeast-1a" = "10.0.0.0/24" }
  }
  expect_failures = [aws_vpc.this]
}

run "rejects_flow_logs_with_an_unknown_traffic_type" {
  command = plan

  variables {
    flow_logs = { traffic_type = "DENY" }
  }

  expect_failures = [var.flow_logs]
}

run "rejects_an_unknown_interface_endpoint" {
  command = plan

  variables {
    endpoints = { interface = ["ecr.api", "s3"] }
  }

  expect_failures = [var.endpoints]
}
