mock_data "aws_region" {
  defaults = {
    endpoint = "ec2.ap-northeast-1.amazonaws.com"
  }
}

mock_resource "aws_vpc_endpoint" {
  defaults = {
    owner_id = "123456789012"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition = "aws"
  }
}
