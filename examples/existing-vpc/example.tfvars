# Sample identities of an existing VPC: replace every id with yours (the plan tests use this file as it is).
vpc_id          = "vpc-0a1b2c3d4e5f60718"
vpc_cidr_blocks = ["10.20.0.0/16"]
private_subnets = [
  { id = "subnet-0a1b2c3d4e5f60001", availability_zone = "ap-northeast-1a" },
  { id = "subnet-0a1b2c3d4e5f60002", availability_zone = "ap-northeast-1c" },
]
public_subnet_ids       = ["subnet-0a1b2c3d4e5f60101", "subnet-0a1b2c3d4e5f60102"]
private_route_table_ids = ["rtb-0a1b2c3d4e5f60001", "rtb-0a1b2c3d4e5f60002"]
domain_name             = "bridge.example.com"
certificate_arn         = "arn:aws:acm:ap-northeast-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef"
