# What bridgectl reads from the module: the port doctor checks the security groups on must be the
# one the container listens on, not a literal (a stack with port = 9090 got a false failure).
mock_provider "aws" {
  source = "./tests/mocks"
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
