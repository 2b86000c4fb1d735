output "vpc_id" {
  description = "Id of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "CIDR block of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "azs" {
  description = "Availability Zones in the order given."
  value       = var.azs
}

output "public_subnet_ids" {
  description = "Public subnet ids in the order of `azs` (for the ALB)."
  value       = [for az in var.azs : aws_subnet.public[az].id]
  # Nothing may use a public subnet before the internet gateway is attached and routed: an ALB
  # created earlier fails with "VPC has no internet gateway".
  depends_on = [aws_internet_gateway.this, aws_route.public_internet, aws_route_table_association.public]
}

output "private_subnet_ids" {
  description = "Private subnet ids in the order of `azs` (for tasks and databases)."
  value       = [for az in var.azs : aws_subnet.private[az].id]
  # Tasks started before their route out (and the endpoints) exist cannot fetch their key or image.
  depends_on = [aws_route.private_nat, aws_route_table_association.private, module.endpoints]
}

output "public_subnet_ids_by_az" {
  description = "Public subnet ids by AZ."
  value       = { for az, s in aws_subnet.public : az => s.id }
  # Nothing may use a public subnet before the internet gateway is attached and routed: an ALB
  # created earlier fails with "VPC has no internet gateway".
  depends_on = [aws_internet_gateway.this, aws_route.public_internet, aws_route_table_association.public]
}

output "private_subnet_ids_by_az" {
  description = "Private subnet ids by AZ."
  value       = { for az, s in aws_subnet.private : az => s.id }
  # Tasks started before their route out (and the endpoints) exist cannot fetch their key or image.
  depends_on = [aws_route.private_nat, aws_route_table_association.private, module.endpoints]
}

output "private_subnet_cidr_blocks" {
  description = "Private subnet CIDR blocks in the order of `azs`."
  value       = [for az in var.azs : local.private_cidrs[az]]
}

output "public_route_table_id" {
  description = "Id of the public route table."
  value       = aws_route_table.public.id
}

output "private_route_table_ids" {
  description = "Private route table ids in the order of `azs`."
  value       = [for az in var.azs : aws_route_table.private[az].id]
}

output "nat_gateway_ids" {
  description = "NAT gateway ids by AZ (empty with nat_mode = \"none\")."
  value       = { for az, n in aws_nat_gateway.this : az => n.id }
}

output "nat_public_ips" {
  description = "Public IPv4 addresses the private subnets' egress leaves from, by AZ (NAT gateways, or the NAT instance's): allow-list these at data sources outside AWS."
  value = merge(
    { for az, e in aws_eip.nat : az => e.public_ip },
    local.create_nat_instance ? { (local.nat_instance_az) = aws_eip.nat_instance[0].public_ip } : {},
  )
}

output "nat_instance_network_interface_id" {
  description = "The NAT instance's fixed network interface the private routes point to, or null."
  value       = try(aws_network_interface.nat_instance[0].id, null)
}

output "nat_instance_log_group_name" {
  description = "Log group of the NAT instance's setup log, or null."
  value       = try(aws_cloudwatch_log_group.nat_instance[0].name, null)
}

output "endpoint_ids" {
  description = "VPC endpoint ids by service."
  value       = module.endpoints.endpoint_ids
}

output "endpoint_security_group_id" {
  description = "Security group of the interface endpoints, or null."
  value       = module.endpoints.security_group_id
}

output "egress_mode" {
  description = "The NAT mode in force: single, per_az or none."
  value       = var.nat_mode
}
