# Stacks built before 1.0 keyed this rule by list position; 1.0 keys it by name. The block carries
# the existing rule over, so upgrading replaces nothing. Data source rules are keyed by the names
# you give in `data_sources`: add a moved block per rule you had (from ["0"], ["1"], ... in the
# order of your old list), as CHANGELOG.md shows.
moved {
  from = module.vpc_endpoints.aws_vpc_security_group_ingress_rule.from_security_groups["0"]
  to   = module.vpc_endpoints.aws_vpc_security_group_ingress_rule.from_security_groups["bridge"]
}
