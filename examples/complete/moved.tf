# Stacks built before 1.0 keyed these rules by list position; 1.0 keys them by name. These blocks
# carry the existing rules over, so upgrading replaces none of them (no moment without the rule).
moved {
  from = module.bridge.aws_vpc_security_group_egress_rule.task_data_sources["0"]
  to   = module.bridge.aws_vpc_security_group_egress_rule.task_data_sources["postgres"]
}

moved {
  from = module.bridge.aws_vpc_security_group_egress_rule.task_data_sources["1"]
  to   = module.bridge.aws_vpc_security_group_egress_rule.task_data_sources["redis"]
}

moved {
  from = module.datastore.aws_vpc_security_group_ingress_rule.postgres["0"]
  to   = module.datastore.aws_vpc_security_group_ingress_rule.postgres["bridge"]
}

moved {
  from = module.datastore.aws_vpc_security_group_ingress_rule.redis["0"]
  to   = module.datastore.aws_vpc_security_group_ingress_rule.redis["bridge"]
}
