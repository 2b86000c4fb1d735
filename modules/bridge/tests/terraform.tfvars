# The inputs every test file of this module starts from: terraform test loads this file for each
# of them. A file's own variables block, and a run's, override these values (certificate.tftest.hcl
# requests its certificate, tenant_secret.tftest.hcl has no tenant_id, some files add tags).
name               = "acme-bridge"
tenant_id          = "tenant-0123"
vpc_id             = "vpc-0123456789abcdef0"
private_subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
public_subnet_ids  = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]
certificate        = { domain_name = "bridge.example.com", arn = "arn:aws:acm:ap-northeast-1:123456789012:certificate/11111111-2222-3333-4444-555555555555" }
image_tag          = "v1.0.0"
