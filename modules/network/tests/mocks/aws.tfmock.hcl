mock_data "aws_region" {
  defaults = {
    endpoint = "ec2.ap-northeast-1.amazonaws.com"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/mock"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:ap-northeast-1:123456789012:log-group:/vpc/mock/flow-logs"
  }
}

# Ids shaped like AWS's, so the vpc-endpoints module's id validations accept them.
mock_resource "aws_vpc" {
  defaults = {
    id  = "vpc-0123456789abcdef0"
    arn = "arn:aws:ec2:ap-northeast-1:123456789012:vpc/vpc-0123456789abcdef0"
  }
}

mock_resource "aws_subnet" {
  defaults = {
    id = "subnet-0123456789abcdef0"
  }
}

mock_resource "aws_route_table" {
  defaults = {
    id = "rtb-0123456789abcdef0"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition  = "aws"
    dns_suffix = "amazonaws.com"
  }
}

mock_resource "aws_iam_instance_profile" {
  defaults = {
    arn = "arn:aws:iam::123456789012:instance-profile/acme-nat-instance"
  }
}


mock_resource "aws_launch_template" {
  defaults = {
    id             = "lt-0123456789abcdef0"
    latest_version = 1
  }
}

# The NAT instance's policy reads its region and account from the fixed interface's ARN.
mock_resource "aws_network_interface" {
  defaults = {
    id  = "eni-0123456789abcdef0"
    arn = "arn:aws:ec2:ap-northeast-1:123456789012:network-interface/eni-0123456789abcdef0"
  }
}

mock_resource "aws_eip" {
  defaults = {
    allocation_id = "eipalloc-0123456789abcdef0"
  }
}
