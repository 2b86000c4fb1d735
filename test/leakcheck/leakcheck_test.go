package leakcheck

import (
	"strings"
	"testing"
)

func TestPhraseFindsEnglishAmongJapanese(t *testing.T) {
	for line, want := range map[string]string{
		"unknown flag: --nope": "unknown flag",
		"プランファイルを読めません: open x.json: no such file or directory":                                     "no such file or directory",
		"  - module.bridge.aws_ecs_cluster.this (Container Insights: CloudWatch custom metrics and": "custom metrics and",
		"[NG] 受信はない: aws_security_group.alb admits 0.0.0.0/0, wider than /16":                       "wider than",
		"One NAT gateway":                       "One gateway", // names do not end a phrase
		"Drift detected: dev":                   "Drift detected dev",
		"2 healthy target(s), 0 not healthy":    "healthy target",
		"シードタスク: Seeding finished.":             "Seeding finished",
		"the public IPv4 address of the NAT":    "the public address of the",
		"Bridge's log lines are write-only now": "Bridge's log lines are write-only now",
	} {
		if got := Phrase(line); got != want {
			t.Errorf("Phrase(%q) = %q, want %q", line, got, want)
		}
	}
}

func TestPhrasePassesJapaneseWithNamesCommandsAndValues(t *testing.T) {
	for _, line := range []string{
		"bridgectl は BaseMachina Bridge のスタックを運用するための CLI です。",
		"AWS アカウントなしで実際に terraform plan した結果です。",
		"次に: `make test` で全オフライン検査、認証情報があれば examples/complete で `terraform apply`。",
		"  bridgectl check [フラグ] PLAN.json",
		"  terraform show -json tfplan > plan.json && bridgectl check plan.json",
		"  --since 期間  この時間だけさかのぼって表示する（例: 15m、2h）。（既定: 1h0m0s）",
		"    22.49  Fargate タスク 2 個 x 0.25 vCPU / 0.5 GB         module.bridge.aws_ecs_service.this",
		"  BaseMachina (34.85.43.93/32) --HTTPS:443 [ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09]--> ALB (パブ",
		"Secrets Manager・CloudWatch Logs へ出られるか（NAT またはエンドポイント）",
		"[OK] シークレットの値は書き込み専用 (write-only) で state に残らず",
		" 9. [SKIP] dns-alias          Route 53 を使っていないため省略",
		"リージョン: ap-northeast-1 (価格 2026-11, 730 時間/月)",
	} {
		if got := Phrase(line); got != "" {
			t.Errorf("Phrase(%q) = %q, want none", line, got)
		}
	}
}

// A phrase the terminal wrapped is found on each of its lines, and Find names the line.
func TestFindReportsEachLine(t *testing.T) {
	text := "合計（月額）: 119.05 USD\n  - x (Container Insights: CloudWatch custom metrics and\n      performance-log ingestion)\n無料のリソース: 67"
	f := Find(text)
	if len(f) != 2 || f[0].Phrase != "custom metrics and" || f[1].Phrase != "performance-log ingestion" || !strings.HasPrefix(f[1].Line, "      perf") {
		t.Errorf("wanted both wrapped parts found, got %+v", f)
	}
	if p := Phrases("the plan failed, 3 rules broken; see the log"); strings.Join(p, "|") != "the plan failed|rules broken see the log" {
		t.Errorf("wanted every phrase of the line, got %q", p)
	}
}

// The Terms are names, never a way around the detector: each is two or more capitalised words.
func TestTermsAreNames(t *testing.T) {
	for _, term := range Terms {
		words := strings.Fields(term)
		if len(words) < 2 {
			t.Errorf("%q: a single word needs no entry", term)
		}
		for _, w := range words {
			if c := w[0]; (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
				t.Errorf("%q: %q is not part of a name", term, w)
			}
		}
	}
}
