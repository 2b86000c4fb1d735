locals {
  # The account owning the endpoints, read from one of them so planning needs no account lookup.
  endpoint_account_id = try(aws_vpc_endpoint.s3[0].owner_id, one([for e in aws_vpc_endpoint.interface : e.owner_id]), null)

  this_account_statement = {
    Sid       = "ThisAccountsResources"
    Effect    = "Allow"
    Principal = "*"
    Action    = "*"
    Resource  = "*"
    Condition = { StringEquals = { "aws:ResourceAccount" = local.endpoint_account_id } }
  }

  # ECR serves image layers from an AWS-owned bucket per region:
  # https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
  s3_endpoint_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EcrImageLayers"
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "arn:${data.aws_partition.current.partition}:s3:::prod-${local.region}-starport-layer-bucket/*"
      },
      local.this_account_statement,
    ]
  })

  interface_endpoint_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # GetAuthorizationToken names no resource, so aws:ResourceAccount cannot scope it.
        Sid       = "EcrAuthToken"
        Effect    = "Allow"
        Principal = "*"
        Action    = "ecr:GetAuthorizationToken"
        Resource  = "*"
      },
      local.this_account_statement,
    ]
  })
}

resource "aws_vpc_endpoint_policy" "s3" {
  count = var.restrict_endpoint_policies && local.create_s3_endpoint ? 1 : 0

  vpc_endpoint_id = aws_vpc_endpoint.s3[0].id
  policy          = local.s3_endpoint_policy
}

resource "aws_vpc_endpoint_policy" "interface" {
  for_each = var.restrict_endpoint_policies ? toset([for s in local.enabled_interface_services : s if s != "ssmmessages"]) : toset([])

  vpc_endpoint_id = aws_vpc_endpoint.interface[each.key].id
  policy          = local.interface_endpoint_policy
}
