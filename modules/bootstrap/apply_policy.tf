################################################################################
# What the CI roles may do
################################################################################
# Three rules hold for the default apply policy, and tests/ and test/examples prove them on the
# planned documents with an IAM evaluator:
# 1. No escalation. The apply role cannot change itself, the plan role or these policies (explicit
#    Deny); every role it creates or changes carries the stack boundary below (iam:PermissionsBoundary);
#    it attaches only the two AWS managed policies the modules use (iam:PolicyARN); it passes roles
#    only to the services the stacks run.
# 2. No service:* on *. Services whose ARNs carry the stack's name are limited to the environment's
#    `<name_prefix>*` (so one environment's role reaches no other's); where
#    the ARN is an id (EC2, ACM, Application Auto Scaling, the ECR registry) the statement lists its
#    actions and says why it cannot be narrower.
# 3. The plan role reads: Describe, List and Get of the services the stacks use, the state, the lock
#    file, and the tenant secret's value (the only secret a plan reads; see plan_read below).
# Account ids are wildcards: an identity policy acts in its own account only, and the documents stay
# known at plan time, so `bridgectl check` and the tests read them before anything exists.

locals {
  create_default_apply_policy = length(var.apply_policies) == 0
  p                           = local.partition

  record_names_of       = { for env, e in var.environments : env => e.dns_names == null ? null : flatten([for d in e.dns_names : [lower(trimsuffix(d, ".")), "_*.${lower(trimsuffix(d, "."))}"]]) }
  cicd_role_arns        = ["arn:${local.p}:iam::*:role/${var.name}-*"]
  cicd_policy_arns      = ["arn:${local.p}:iam::*:policy/${var.name}-*"]
  module_managed_policy = ["arn:${local.p}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole", "arn:${local.p}:iam::aws:policy/AmazonSSMManagedInstanceCore"]

  # Read actions of the services the stacks use. Describe and List calls take no resource-level
  # permissions, so they are on "*"; nothing here reads data (object bodies, log events, secret
  # values, parameters).
  read_statement = {
    Sid    = "ReadStackServices"
    Effect = "Allow"
    # Only what some emulator call uses (test/emulator/unused_grants.json explains the rest).
    Action = [
      "acm:DescribeCertificate", "acm:ListTagsForCertificate",
      "application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingPolicies",
      "application-autoscaling:DescribeScheduledActions", "application-autoscaling:ListTagsForResource",
      "autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeScalingActivities",
      "cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource",
      "ec2:Describe*",
      "ecr:DescribePullThroughCacheRules",
      "ecs:DescribeClusters", "ecs:DescribeServices", "ecs:DescribeTaskDefinition",
      "elasticache:Describe*", "elasticache:ListTagsForResource",
      "elasticloadbalancing:Describe*",
      "iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies",
      "iam:ListInstanceProfilesForRole", "iam:GetInstanceProfile",
      "logs:DescribeLogGroups", "logs:DescribeMetricFilters", "logs:ListTagsForResource",
      "rds:DescribeDBInstances", "rds:DescribeDBParameterGroups", "rds:DescribeDBParameters", "rds:DescribeDBSubnetGroups",
      "rds:ListTagsForResource",
      "route53:GetHostedZone", "route53:ListResourceRecordSets", "route53:GetChange", "route53:ListTagsForResource",
      "secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy",
    ]
    Resource = ["*"]
  }

  # The stacks' buckets (access logs, seed) are named after the stack: each environment reads its own.
  read_buckets_statement_of = { for env, prefix in local.name_prefix_of : env => {
    Sid      = "ReadStackBucketSettings"
    Effect   = "Allow"
    Action   = ["s3:GetBucket*", "s3:GetLifecycleConfiguration", "s3:GetEncryptionConfiguration", "s3:GetAccelerateConfiguration", "s3:GetReplicationConfiguration", "s3:ListBucket"]
    Resource = ["arn:${local.p}:s3:::${prefix}*"]
  } }

  # The default apply policy, split by concern into managed policies: one document holding all of
  # it is 8,462 characters and IAM refuses a managed policy over 6,144 (IAM quotas). Each stays
  # well under it (the iam-quotas rule and test/examples assert the margin), and a role holds
  # four of its ten managed policies.
  default_apply_policies_of = { for env, prefix in local.name_prefix_of : env => {
    read = {
      description = "Reads the services the stacks use"
      statements  = [local.read_statement, local.read_buckets_statement_of[env]]
    }
    stack = {
      description = "Manages the stacks' ECS, load balancing, databases, caches, logs, alarms, secrets and buckets named ${prefix}*"
      statements = [
        {
          Sid    = "ManageResourcesNamedAfterTheStack"
          Effect = "Allow"
          Action = [
            "ecs:*", "elasticloadbalancing:*", "rds:*", "elasticache:*", "logs:*", "cloudwatch:*", "autoscaling:*",
            "secretsmanager:*", "s3:*",
          ]
          Resource = [
            "arn:${local.p}:ecs:*:*:cluster/${prefix}*", "arn:${local.p}:ecs:*:*:service/${prefix}*/*",
            "arn:${local.p}:ecs:*:*:task-definition/${prefix}*:*", "arn:${local.p}:ecs:*:*:task/${prefix}*/*",
            "arn:${local.p}:elasticloadbalancing:*:*:loadbalancer/app/${prefix}*/*",
            "arn:${local.p}:elasticloadbalancing:*:*:listener/app/${prefix}*/*",
            "arn:${local.p}:elasticloadbalancing:*:*:listener-rule/app/${prefix}*/*",
            "arn:${local.p}:rds:*:*:db:${prefix}*", "arn:${local.p}:rds:*:*:subgrp:${prefix}*",
            "arn:${local.p}:rds:*:*:pg:${prefix}*", "arn:${local.p}:rds:*:*:snapshot:${prefix}*",
            "arn:${local.p}:elasticache:*:*:replicationgroup:${prefix}*", "arn:${local.p}:elasticache:*:*:cluster:${prefix}*",
            "arn:${local.p}:elasticache:*:*:subnetgroup:${prefix}*", "arn:${local.p}:elasticache:*:*:user:${prefix}*",
            "arn:${local.p}:elasticache:*:*:usergroup:${prefix}*", "arn:${local.p}:elasticache:*:*:parametergroup:${prefix}*",
            "arn:${local.p}:logs:*:*:log-group:/ecs/${prefix}*", "arn:${local.p}:logs:*:*:log-group:/vpc/${prefix}*",
            "arn:${local.p}:logs:*:*:log-group:/ec2/${prefix}*", "arn:${local.p}:logs:*:*:log-group:/aws/rds/instance/${prefix}*",
            "arn:${local.p}:cloudwatch:*:*:alarm:${prefix}*",
            # Target tracking policies' own alarms, named after the service (ECS Developer Guide, "IAM
            # permissions required for Amazon ECS service auto scaling": cloudwatch:PutMetricAlarm).
            "arn:${local.p}:cloudwatch:*:*:alarm:TargetTracking-service/${prefix}*",
            "arn:${local.p}:autoscaling:*:*:autoScalingGroup:*:autoScalingGroupName/${prefix}*",
            "arn:${local.p}:secretsmanager:*:*:secret:${prefix}*",
            "arn:${local.p}:s3:::${prefix}*", "arn:${local.p}:s3:::${prefix}*/*",
          ]
        },
        {
          # These ARNs carry names the stack does not choose: RDS and ElastiCache read their default
          # option and parameter groups when they create, and RDS creates the master secret it
          # manages as rds!.... (Target groups take a generated name: the network part holds them
          # to their Name tag.)
          Sid    = "ManageWhatCarriesNoStackName"
          Effect = "Allow"
          Action = [
            "rds:CreateDBInstance", "rds:ModifyDBInstance", "elasticache:CreateReplicationGroup", "elasticache:ModifyReplicationGroup",
            "secretsmanager:CreateSecret", "secretsmanager:TagResource",
          ]
          Resource = [
            "arn:${local.p}:rds:*:*:og:default*", "arn:${local.p}:rds:*:*:pg:default*",
            "arn:${local.p}:elasticache:*:*:parametergroup:default*",
            "arn:${local.p}:secretsmanager:*:*:secret:rds!*",
          ]
        },
      ]
    }
    network = {
      description = "Manages the stacks' network, target groups, certificates, scaling and the NAT instance, where named ${prefix}*"
      statements = [
        {
          # EC2 and ACM name resources by id and target groups by a generated name, so no ARN can say
          # "this stack's": their Name tag does (every module sets Name = <name>-...). Creates must
          # carry it (aws:RequestTag), changes find it on the resource (aws:ResourceTag): IAM User
          # Guide, "Controlling access to AWS resources using tags"; EC2 User Guide, "Grant
          # permission to tag resources during creation"; ACM and ELB support both keys (Service
          # Authorization Reference).
          Sid    = "CreateResourcesNamedAfterTheStack"
          Effect = "Allow"
          Action = [
            "ec2:CreateVpc", "ec2:CreateSubnet", "ec2:CreateInternetGateway", "ec2:CreateRouteTable", "ec2:CreateSecurityGroup",
            "ec2:AllocateAddress", "ec2:CreateNatGateway", "ec2:CreateVpcEndpoint", "ec2:CreateFlowLogs", "ec2:CreateNetworkInterface",
            "ec2:CreateLaunchTemplate",
          ]
          Resource = [
            for t in ["vpc", "subnet", "internet-gateway", "route-table", "security-group", "elastic-ip", "natgateway", "vpc-endpoint", "vpc-flow-log", "network-interface", "launch-template"] :
            "arn:${local.p}:ec2:*:*:${t}/*"
          ]
          Condition = { StringLike = { "aws:RequestTag/Name" = "${prefix}*" } }
        },
        {
          # The same for the ARNs of ELB and ACM (one statement per resource family keeps the
          # EC2 list above readable).
          Sid       = "CreateTargetGroupsAndCertificatesNamedAfterTheStack"
          Effect    = "Allow"
          Action    = ["elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:AddTags", "acm:ImportCertificate", "acm:RequestCertificate", "acm:AddTagsToCertificate"]
          Resource  = ["arn:${local.p}:elasticloadbalancing:*:*:targetgroup/*", "arn:${local.p}:acm:*:*:certificate/*"]
          Condition = { StringLike = { "aws:RequestTag/Name" = "${prefix}*" } }
        },
        {
          # Creating a subnet, group, route table, endpoint, flow log, interface or NAT gateway in a
          # VPC or subnet changes nothing that is already there, and the existing-VPC stacks create
          # theirs in the customer's network, whose names are not the stack's.
          Sid      = "PlaceNewResourcesInAnyNetwork"
          Effect   = "Allow"
          Action   = ["ec2:CreateSubnet", "ec2:CreateRouteTable", "ec2:CreateSecurityGroup", "ec2:CreateVpcEndpoint", "ec2:CreateFlowLogs", "ec2:CreateNetworkInterface", "ec2:CreateNatGateway"]
          Resource = ["arn:${local.p}:ec2:*:*:vpc/*", "arn:${local.p}:ec2:*:*:subnet/*"]
        },
        {
          # Everything that changes, uses or deletes a resource that exists: only the stack's own.
          Sid    = "ChangeResourcesNamedAfterTheStack"
          Effect = "Allow"
          Action = [
            "ec2:DeleteVpc", "ec2:ModifyVpcAttribute", "ec2:DeleteSubnet",
            "ec2:AttachInternetGateway", "ec2:DetachInternetGateway", "ec2:DeleteInternetGateway",
            "ec2:DeleteRouteTable", "ec2:AssociateRouteTable", "ec2:CreateRoute", "ec2:DeleteRoute", "ec2:ReplaceRoute",
            "ec2:DeleteSecurityGroup", "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress",
            "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:ModifySecurityGroupRules",
            "ec2:ReleaseAddress", "ec2:CreateNatGateway", "ec2:DeleteNatGateway",
            "ec2:CreateVpcEndpoint", "ec2:DeleteVpcEndpoints", "ec2:ModifyVpcEndpoint", "ec2:DeleteFlowLogs",
            "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute",
            "ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate", "ec2:DeleteLaunchTemplate",
            # What an Auto Scaling group with a launch template is checked for, on that template.
            "ec2:RunInstances",
            "elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes",
            "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags",
            "acm:ImportCertificate", "acm:DeleteCertificate", "acm:AddTagsToCertificate", "acm:RemoveTagsFromCertificate",
          ]
          Resource  = ["*"]
          Condition = { StringLike = { "aws:ResourceTag/Name" = "${prefix}*" } }
        },
        {
          # Tags are how the statements above tell resources apart, so tagging is held to the same
          # names: a tag on create comes with an allowed create (ec2:CreateAction); on a resource
          # that exists, only the stack's own, and never renamed outside the prefix.
          Sid       = "TagOnCreate"
          Effect    = "Allow"
          Action    = ["ec2:CreateTags"]
          Resource  = ["*"]
          Condition = { StringLike = { "ec2:CreateAction" = "*", "aws:RequestTag/Name" = "${prefix}*" } }
        },
        {
          Sid       = "RetagResourcesNamedAfterTheStack"
          Effect    = "Allow"
          Action    = ["ec2:CreateTags", "ec2:DeleteTags"]
          Resource  = ["*"]
          Condition = { StringLike = { "aws:ResourceTag/Name" = "${prefix}*" }, StringLikeIfExists = { "aws:RequestTag/Name" = "${prefix}*" } }
        },
        {
          # A VPC's default security group exists untagged; the network module names it and strips
          # its rules (FSBP EC2.2). A group rule made by an older release may be unnamed too, and
          # is named when the stack's tags reach it. Naming an unnamed group or rule is the one
          # change allowed on a resource that is not yet the stack's; it changes no traffic (that
          # needs the group's own name). Name other workloads' groups to keep them out of reach.
          Sid       = "NameUnnamedSecurityGroupsAndRules"
          Effect    = "Allow"
          Action    = ["ec2:CreateTags"]
          Resource  = ["arn:${local.p}:ec2:*:*:security-group/*", "arn:${local.p}:ec2:*:*:security-group-rule/*"]
          Condition = { Null = { "aws:ResourceTag/Name" = "true" }, StringLike = { "aws:RequestTag/Name" = "${prefix}*" } }
        },
        {
          # These take no resource-level permission (Service Authorization Reference), and the
          # Application Auto Scaling targets are ECS services by id; the pull-through cache rule
          # belongs to the registry.
          Sid    = "ActionsWithoutResourceLevelPermissions"
          Effect = "Allow"
          Action = [
            "ec2:DetachNetworkInterface", "ec2:DisassociateAddress", "ec2:DisassociateRouteTable",
            "application-autoscaling:RegisterScalableTarget", "application-autoscaling:DeregisterScalableTarget",
            "application-autoscaling:PutScalingPolicy", "application-autoscaling:DeleteScalingPolicy",
            "application-autoscaling:PutScheduledAction", "application-autoscaling:DeleteScheduledAction",
            "application-autoscaling:TagResource", "application-autoscaling:UntagResource",
            "ecr:CreatePullThroughCacheRule", "ecr:DeletePullThroughCacheRule",
            # ECS deregisters task definitions on "*" only (no resource type); creating clusters and
            # registering task definitions are ecs:* on the environment's names.
            "ecs:DeregisterTaskDefinition",
          ]
          Resource = ["*"]
        },
        merge({
          # Route 53 has no tag conditions; record names are what a change can be held to
          # (Route 53 Developer Guide, "Using IAM policy conditions for fine-grained access
          # control"): the environment's dns_names and their ACM validation records (_<token>.<name>).
          # Normalized names are lowercase without the trailing dot; the key is multi-valued, hence
          # ForAllValues. Without dns_names, any record of any zone.
          Sid                          = "ChangeThisEnvironmentsRecords"
          Effect                       = "Allow"
          Action                       = ["route53:ChangeResourceRecordSets"]
          Resource                     = ["arn:${local.p}:route53:::hostedzone/*"]
          }, { for k, v in { Condition = local.record_names_of[env] } : k => {
            "ForAllValues:StringLike"  = { "route53:ChangeResourceRecordSetsNormalizedRecordNames" = v }
        } if v != null }),
        {
          # A launch template whose image is resolve:ssm:<parameter> needs ssm:GetParameters on the
          # parameter for whoever creates or uses it (EC2 Auto Scaling User Guide, "Use AWS Systems
          # Manager parameters instead of AMI IDs in launch templates"); public parameters have no
          # account in their ARN.
          Sid      = "ResolveTheNatInstanceImage"
          Effect   = "Allow"
          Action   = ["ssm:GetParameters"]
          Resource = ["arn:${local.p}:ssm:*::parameter/aws/service/ami-amazon-linux-latest/*"]
        },
      ]
    }
    iam = {
      description = "Manages and passes the stacks' roles, within the stack permissions boundary"
      statements = [
        {
          Sid    = "ManageStackRolesWithinTheBoundary"
          Effect = "Allow"
          Action = [
            "iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary",
          ]
          Resource  = ["arn:${local.p}:iam::*:role/${prefix}*"]
          Condition = { ArnLike = { "iam:PermissionsBoundary" = "arn:${local.p}:iam::*:policy/${var.name}-boundary-${env}" } }
        },
        {
          Sid       = "AttachOnlyTheManagedPoliciesTheModulesUse"
          Effect    = "Allow"
          Action    = ["iam:AttachRolePolicy", "iam:DetachRolePolicy"]
          Resource  = ["arn:${local.p}:iam::*:role/${prefix}*"]
          Condition = { ArnLike = { "iam:PermissionsBoundary" = "arn:${local.p}:iam::*:policy/${var.name}-boundary-${env}" }, ArnEquals = { "iam:PolicyARN" = local.module_managed_policy } }
        },
        {
          # Re-trusting, changing or deleting a role needs the boundary on it too: a role under the
          # prefix that someone made without it stays out of reach.
          Sid       = "ChangeAndRemoveStackRolesWithinTheBoundary"
          Effect    = "Allow"
          Action    = ["iam:DeleteRole", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy"]
          Resource  = ["arn:${local.p}:iam::*:role/${prefix}*"]
          Condition = { ArnLike = { "iam:PermissionsBoundary" = "arn:${local.p}:iam::*:policy/${var.name}-boundary-${env}" } }
        },
        {
          Sid    = "TagStackRolesAndManageTheirInstanceProfiles"
          Effect = "Allow"
          Action = [
            "iam:TagRole", "iam:UntagRole",
            "iam:CreateInstanceProfile", "iam:DeleteInstanceProfile", "iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile",
            "iam:TagInstanceProfile", "iam:UntagInstanceProfile",
          ]
          Resource = ["arn:${local.p}:iam::*:role/${prefix}*", "arn:${local.p}:iam::*:instance-profile/${prefix}*"]
        },
        {
          Sid      = "PassStackRolesToServices"
          Effect   = "Allow"
          Action   = ["iam:PassRole"]
          Resource = ["arn:${local.p}:iam::*:role/${prefix}*"]
          Condition = {
            StringEquals = {
              "iam:PassedToService" = ["ecs-tasks.amazonaws.com", "monitoring.rds.amazonaws.com", "vpc-flow-logs.amazonaws.com", "ec2.amazonaws.com"]
            }
          }
        },
        {
          Sid      = "ServiceLinkedRoles"
          Effect   = "Allow"
          Action   = ["iam:CreateServiceLinkedRole"]
          Resource = ["*"]
          Condition = {
            StringEquals = {
              "iam:AWSServiceName" = [
                "ecs.amazonaws.com", "elasticloadbalancing.amazonaws.com", "rds.amazonaws.com", "elasticache.amazonaws.com",
                "ecs.application-autoscaling.amazonaws.com", "autoscaling.amazonaws.com",
              ]
            }
          }
        },
      ]
    }
  } }

  # Explicit Deny wins over every Allow, in this policy or any other attached to the role.
  no_escalation_statement = {
    Sid      = "NeverChangeTheCICDRolesOrTheirPolicies"
    Effect   = "Deny"
    Action   = ["iam:Attach*", "iam:Detach*", "iam:Put*", "iam:Delete*", "iam:Update*", "iam:Create*", "iam:Tag*", "iam:Untag*", "iam:SetDefaultPolicyVersion", "iam:PassRole"]
    Resource = concat(local.cicd_role_arns, local.cicd_policy_arns)
  }
  keep_boundaries_statement = {
    Sid      = "NeverRemoveABoundary"
    Effect   = "Deny"
    Action   = ["iam:DeleteRolePermissionsBoundary"]
    Resource = ["*"]
  }
}

locals {
  # One managed policy per environment and part: <name>-apply-<env>-<part>.
  default_apply_policy_parts = { for k, v in merge([for env, parts in local.default_apply_policies_of : { for part, v in parts : "${env}/${part}" => merge(v, { env = env, part = part }) }]...) : k => v if local.create_default_apply_policy }
}

resource "aws_iam_policy" "apply_default" {
  for_each = local.default_apply_policy_parts

  name        = "${var.name}-apply-${each.value.env}-${each.value.part}"
  description = "${each.value.description}: part of the default apply policy of the terraform-basemachina-modules stacks of ${each.value.env}, without the means to widen its own rights."
  policy      = jsonencode({ Version = "2012-10-17", Statement = each.value.statements })

  tags = merge(local.tags, { Name = "${var.name}-apply-${each.value.env}-${each.value.part}" })
}

resource "aws_iam_role_policy_attachment" "apply_default" {
  for_each = local.default_apply_policy_parts

  role       = aws_iam_role.apply[each.value.env].name
  policy_arn = aws_iam_policy.apply_default[each.key].arn
}

# The Deny statements hold even when apply_policies replaces the default policy.
resource "aws_iam_role_policy" "apply_guardrails" {
  for_each = var.environments

  name   = "no-escalation"
  role   = aws_iam_role.apply[each.key].name
  policy = jsonencode({ Version = "2012-10-17", Statement = [local.no_escalation_statement, local.keep_boundaries_statement] })
}
