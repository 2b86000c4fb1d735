locals {
  seed_region     = local.region
  seed_via_cache  = try(var.seed.pull_through_cache_prefix != null, false)
  seed_cache_host = "${local.account_id}.dkr.ecr.${local.seed_region}.${data.aws_partition.current.dns_suffix}"
  # A tag is joined with ":", a digest (sha256:...) with "@": a digest pins the exact image, and the
  # ECR pull-through cache serves pulls by digest as it does by tag.
  seed_image_ref       = !local.create_seed ? null : "${startswith(var.seed.image_tag, "sha256:") ? "@" : ":"}${var.seed.image_tag}"
  seed_fetch_image_ref = !local.create_seed ? null : "${startswith(var.seed.fetch_image_tag, "sha256:") ? "@" : ":"}${var.seed.fetch_image_tag}"
  seed_image_uri = (!local.create_seed ? null : local.seed_via_cache
    ? "${local.seed_cache_host}/${var.seed.pull_through_cache_prefix}/${trimprefix(var.seed.image, "public.ecr.aws/")}${local.seed_image_ref}"
    : "${var.seed.image}${local.seed_image_ref}"
  )
  seed_fetch_image_uri = (!local.create_seed ? null : local.seed_via_cache
    ? "${local.seed_cache_host}/${var.seed.pull_through_cache_prefix}/${trimprefix(var.seed.fetch_image, "public.ecr.aws/")}${local.seed_fetch_image_ref}"
    : "${var.seed.fetch_image}${local.seed_fetch_image_ref}"
  )
  # bridgectl seed uploads each SQL file under this prefix and deletes it when the task has stopped.
  seed_object_prefix = "seed/"
  # The awslogs stream prefix of both containers: bridgectl seed reads <prefix>/<container>/<task id>.
  seed_log_stream_prefix = "seed"
  # Both seed roles (execution and task): only this account's ECS tasks may assume them (confused
  # deputy guard).
  seed_trust_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })
  # ECS reads single JSON keys of the RDS-managed secret with the "<arn>:<key>::" form.
  master_secret_arn = aws_db_instance.this.master_user_secret[0].secret_arn
}

# CloudWatch Logs encrypts at rest by default; the seed task logs psql output only.
#trivy:ignore:AVD-AWS-0017
resource "aws_cloudwatch_log_group" "seed" {
  count = local.create_seed ? 1 : 0

  name              = "/ecs/${var.name}/seed"
  retention_in_days = var.seed.log_retention_days

  tags = merge(local.tags, { Name = "${var.name}-seed" })
}

resource "aws_iam_role" "seed_execution" {
  count = local.create_seed ? 1 : 0

  permissions_boundary = var.iam_permissions_boundary
  name                 = "${var.name}-seed-execution"
  description          = "Lets ECS pull the PostgreSQL client image, write its logs and read the master secret for bridgectl seed."
  assume_role_policy   = local.seed_trust_policy

  tags = merge(local.tags, { Name = "${var.name}-seed-execution" })
}

resource "aws_iam_role_policy" "seed_execution" {
  count = local.create_seed ? 1 : 0

  name = "seed-execution"
  role = aws_iam_role.seed_execution[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "WriteLogs"
          Effect   = "Allow"
          Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
          Resource = ["${aws_cloudwatch_log_group.seed[0].arn}:*"]
        },
        {
          Sid      = "ReadMasterSecret"
          Effect   = "Allow"
          Action   = ["secretsmanager:GetSecretValue"]
          Resource = [local.master_secret_arn]
        },
      ],
      local.seed_via_cache ? [
        {
          # ECR authorisation tokens are account-wide: AWS accepts no narrower resource.
          Sid      = "EcrAuthToken"
          Effect   = "Allow"
          Action   = ["ecr:GetAuthorizationToken"]
          Resource = ["*"]
        },
        {
          Sid    = "PullThroughCache"
          Effect = "Allow"
          Action = [
            "ecr:BatchCheckLayerAvailability",
            "ecr:BatchGetImage",
            "ecr:GetDownloadUrlForLayer",
            "ecr:BatchImportUpstreamImage",
            "ecr:CreateRepository",
          ]
          Resource = ["arn:${data.aws_partition.current.partition}:ecr:${local.seed_region}:${local.account_id}:repository/${var.seed.pull_through_cache_prefix}/*"]
        },
      ] : [],
    )
  })
}

resource "aws_ecs_task_definition" "seed" {
  count = local.create_seed ? 1 : 0

  family                   = "${var.name}-seed"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  execution_role_arn       = aws_iam_role.seed_execution[0].arn
  task_role_arn            = aws_iam_role.seed_task[0].arn

  # Task storage both containers mount: the fetch container writes the SQL and the RDS certificate
  # bundle, psql reads them. It is the task's own ephemeral storage (20 GiB on Fargate), gone when
  # the task stops.
  volume {
    name = "seed"
  }

  container_definitions = jsonencode([
    {
      name      = "seed"
      image     = local.seed_image_uri
      essential = true
      # Starts only once the fetch container has exited 0 (so the SQL and the certificate bundle are
      # both in /seed); ON_ERROR_STOP makes a failing statement fail the task.
      dependsOn   = [{ containerName = "fetch", condition = "SUCCESS" }]
      command     = ["psql", "--set", "ON_ERROR_STOP=1", "--file", "/seed/seed.sql"]
      mountPoints = [{ sourceVolume = "seed", containerPath = "/seed", readOnly = true }]
      environment = [
        { name = "PGHOST", value = aws_db_instance.this.address },
        { name = "PGPORT", value = tostring(aws_db_instance.this.port) },
        { name = "PGDATABASE", value = var.database_name },
        # verify-full: TLS whose certificate chains to an Amazon RDS root CA and names PGHOST (the
        # instance's endpoint), so the master password goes only to the real instance; "require"
        # encrypted without checking who answered. The instance's CA is rds-ca-rsa2048-g1 (rds.tf),
        # whose root "Amazon RDS <region> Root CA RSA2048 G1" is in AWS's bundle for all Regions
        # (https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem; "Certificate bundles
        # for all AWS Regions" in
        # https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html). The task
        # may have no route to that address, so bridgectl seed uploads the bundle it carries
        # (internal/seed/rds-global-bundle.pem) next to the SQL and the fetch container copies it.
        { name = "PGSSLMODE", value = "verify-full" },
        { name = "PGSSLROOTCERT", value = "/seed/rds-ca.pem" },
        { name = "PGCONNECT_TIMEOUT", value = "10" },
      ]
      secrets = [
        { name = "PGUSER", valueFrom = "${local.master_secret_arn}:username::" },
        { name = "PGPASSWORD", valueFrom = "${local.master_secret_arn}:password::" },
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.seed[0].name
          awslogs-region        = local.seed_region
          awslogs-stream-prefix = local.seed_log_stream_prefix
        }
      }
    },
    {
      name  = "fetch"
      image = local.seed_fetch_image_uri
      # Not essential, so its exit does not stop the task; psql's SUCCESS dependency requires that.
      essential = false
      # bridgectl seed sets SEED_SQL_S3_URI and SEED_CA_S3_URI in the RunTask override: only the
      # objects' addresses travel with the request, the SQL and the RDS certificate bundle go from
      # S3 to the task over TLS. A bridgectl from before verify-full sets no SEED_CA_S3_URI: the
      # fetch then stops with a message naming the fix, rather than psql with a missing root file.
      entryPoint = ["sh", "-c"]
      command = [join(" && ", [
        "aws s3 cp --only-show-errors \"$SEED_SQL_S3_URI\" /seed/seed.sql",
        "aws s3 cp --only-show-errors \"$${SEED_CA_S3_URI:?is not set: this bridgectl predates the verified TLS of the seed task, update it}\" /seed/rds-ca.pem",
      ])]
      mountPoints = [{ sourceVolume = "seed", containerPath = "/seed", readOnly = false }]
      environment = [{ name = "AWS_REGION", value = local.seed_region }]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.seed[0].name
          awslogs-region        = local.seed_region
          awslogs-stream-prefix = local.seed_log_stream_prefix
        }
      }
    },
  ])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  tags = merge(local.tags, { Name = "${var.name}-seed" })
}
