mock_data "aws_region" {
  defaults = {
    name = "ap-northeast-1"
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
