# What bridgectl reads from the module: the port doctor checks the security groups on must be the
# one the container listens on, not a literal (a stack with port = 9090 got a false failure).
mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  name               = "acme-bridge"
  tenant_id          = "tenant-0123"
  vpc_id             = "vpc-0123456789abcdef0"
  private_subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
  public_subnet_ids  = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]
  certificate        = { domain_name = "bridge.example.com", arn = "arn:aws:acm:ap-northeast-1:123456789012:certificate/11111111-2222-3333-4444-555555555555" }
  image_tag          = "v1.0.0"
}

run "port_output_follows_the_container_port" {
  command = plan

  variables {
    port = 9090
  }

  assert {
    condition     = output.port == 9090 && aws_lb_target_group.this.port == 9090
    error_message = "output port = ${output.port}, target group port ${aws_lb_target_group.this.port}: want both 9090, the port the container listens on"
  }
}
