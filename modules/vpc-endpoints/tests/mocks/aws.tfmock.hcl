mock_data "aws_region" {
  defaults = {
    name = "ap-northeast-1"
  }
}
