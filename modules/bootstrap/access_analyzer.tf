# The detective control for what the boundary cannot prevent: a role the stacks create may carry
# any trust policy, so IAM Access Analyzer (external access, zone of trust: this account) reports
# every role, bucket, key or secret that a principal outside the account can reach, and EventBridge
# sends each finding to the findings topic ("Access Analyzer Finding" events from
# aws.access-analyzer, delivered best effort within about an hour: IAM User Guide, "Monitoring IAM
# Access Analyzer with Amazon EventBridge"). AWS's IAM User Guide prices unused-access analysis
# per role analyzed; this analyzer is the external-access kind, for which it names no charge (see
# IAM Access Analyzer pricing). The organization-level preventive control is a resource control
# policy (docs/security.md). Accounts whose organization already runs an analyzer (Control Tower,
# Security Hub) turn this one off with access_analyzer.create = false and route that one's findings.
resource "aws_accessanalyzer_analyzer" "external_access" {
  count = var.access_analyzer.create ? 1 : 0

  analyzer_name = "${var.name}-external-access"
  type          = "ACCOUNT"

  tags = merge(local.tags, { Name = "${var.name}-external-access" })
}

locals {
  findings_topic_arn = var.access_analyzer.findings_topic_arn == null ? one(aws_sns_topic.findings[*].arn) : var.access_analyzer.findings_topic_arn
}

# EventBridge cannot publish to a topic encrypted with the AWS managed SNS key (its key policy
# admits no service), and a finding carries resource ARNs, not data.
#trivy:ignore:AVD-AWS-0095
resource "aws_sns_topic" "findings" {
  count = var.access_analyzer.create && var.access_analyzer.findings_topic_arn == null ? 1 : 0

  name = "${var.name}-access-findings"

  tags = merge(local.tags, { Name = "${var.name}-access-findings" })
}

resource "aws_sns_topic_policy" "findings" {
  count = var.access_analyzer.create && var.access_analyzer.findings_topic_arn == null ? 1 : 0

  arn = aws_sns_topic.findings[0].arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccessAnalyzerFindingsFromEventBridge"
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sns:Publish"
      Resource  = aws_sns_topic.findings[0].arn
    }]
  })
}

resource "aws_cloudwatch_event_rule" "findings" {
  count = var.access_analyzer.create ? 1 : 0

  name        = "${var.name}-access-findings"
  description = "IAM Access Analyzer findings of ${var.name}-external-access to the findings topic."
  event_pattern = jsonencode({
    source        = ["aws.access-analyzer"]
    "detail-type" = ["Access Analyzer Finding"]
  })

  tags = merge(local.tags, { Name = "${var.name}-access-findings" })
}

resource "aws_cloudwatch_event_target" "findings" {
  count = var.access_analyzer.create ? 1 : 0

  rule      = aws_cloudwatch_event_rule.findings[0].name
  target_id = "findings-topic"
  arn       = local.findings_topic_arn
}
