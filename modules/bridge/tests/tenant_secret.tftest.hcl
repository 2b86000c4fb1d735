# A tenant secret of the caller's own, so no tenant_id at all. These runs plan instead of apply:
# Terraform 1.11's test runner asks again at apply for an ephemeral variable that was never set
# ("must remain unset during the apply phase"), so the mocks fill computed values during plan.
mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

# No tenant_id: null takes back the one tests/terraform.tfvars gives every file.
variables {
  tenant_id = null
  tags      = { Project = "bridge-test" }
}

run "tenant_secret_of_the_caller_pinned_to_a_version" {
  command = plan

  variables {
    tenant = { secret_arn = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:bridge/tenant-AbCdEf", secret_version_id = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" }
  }

  assert {
    condition     = one([for s in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : s.valueFrom if s.name == "TENANT_ID"]) == "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:bridge/tenant-AbCdEf:::aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
    error_message = "wanted the caller's secret pinned to its version"
  }

  # IAM needs the secret ARN itself, not the versioned reference.
  assert {
    condition     = contains(jsondecode(aws_iam_role_policy.execution.policy).Statement[3].Resource, "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:bridge/tenant-AbCdEf")
    error_message = "wanted GetSecretValue on the secret ARN, got ${aws_iam_role_policy.execution.policy}"
  }
}

run "existing_tenant_secret" {
  command = plan

  variables {
    tenant = { secret_arn = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:bridge/tenant-AbCdEf" }
  }

  assert {
    condition     = length(aws_secretsmanager_secret.tenant) == 0
    error_message = "wanted no secret created"
  }

  assert {
    condition     = one([for s in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : s.valueFrom if s.name == "TENANT_ID"]) == var.tenant.secret_arn
    error_message = "wanted TENANT_ID from the given secret"
  }

  assert {
    condition     = strcontains(aws_iam_role_policy.execution.policy, var.tenant.secret_arn)
    error_message = "wanted the execution role to read the given secret"
  }
}


# A secret under a customer managed key: ECS reads it as the execution role, and Secrets Manager
# decrypts it with the caller's kms:Decrypt on that key ("Required IAM permissions for Amazon ECS
# secrets", Amazon ECS Developer Guide), so without the grant no task starts.
run "caller_secret_under_its_own_key" {
  command = plan

  variables {
    tenant = {
      secret_arn  = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:bridge/tenant-AbCdEf"
      kms_key_arn = "arn:aws:kms:ap-northeast-1:123456789012:key/0b0e6c1e-1111-4000-8000-000000000000"
    }
  }

  assert {
    condition = anytrue([for s in jsondecode(aws_iam_role_policy.execution.policy).Statement :
    s.Effect == "Allow" && contains(flatten([s.Action]), "kms:Decrypt") && contains(flatten([s.Resource]), var.tenant.kms_key_arn)])
    error_message = "wanted the execution role to kms:Decrypt with the secret's key, got ${aws_iam_role_policy.execution.policy}"
  }
}
