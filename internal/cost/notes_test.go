package cost

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/tfplan"
	"terraform-basemachina-modules/test/leakcheck"
)

// notesEstimate prices a plan with every kind of resource the estimate lists instead of
// pricing: charges billed by use (Container Insights, a schedule it cannot read) and resources it
// cannot price (a type not in the table, a class, node type or instance type without a price, a
// service without its task definition).
func notesEstimate(t *testing.T) *Estimate {
	t.Helper()
	schedule := func(addr, cron string, max float64) rc {
		return create(addr, "aws_appautoscaling_scheduled_action", map[string]any{
			"schedule": cron, "scalable_target_action": []any{map[string]any{"max_capacity": max}},
		})
	}
	data, _ := json.Marshal(map[string]any{"format_version": "1.2", "resource_changes": []rc{
		create("aws_ecs_cluster.this", "aws_ecs_cluster", map[string]any{"setting": []any{map[string]any{"name": "containerInsights", "value": "enabled"}}}),
		create("aws_ecs_service.web", "aws_ecs_service", map[string]any{"name": "web", "desired_count": 1}),
		create("aws_ecs_task_definition.web", "aws_ecs_task_definition", map[string]any{"family": "web", "cpu": "256", "memory": "512"}),
		schedule("aws_appautoscaling_scheduled_action.start", "rate(1 day)", 1),
		schedule("aws_appautoscaling_scheduled_action.stop", "rate(1 day)", 0),
		create("aws_ecs_service.orphan", "aws_ecs_service", map[string]any{"name": "orphan", "desired_count": 1}),
		create("aws_instance.bastion", "aws_instance", map[string]any{"instance_type": "t3.micro"}),
		create("aws_db_instance.big", "aws_db_instance", map[string]any{"instance_class": "db.x99.huge", "allocated_storage": 20}),
		create("aws_elasticache_replication_group.cache", "aws_elasticache_replication_group", map[string]any{"node_type": "cache.x99.huge", "num_cache_clusters": 1}),
		create("aws_autoscaling_group.nat", "aws_autoscaling_group", map[string]any{"desired_capacity": 1}),
		create("aws_launch_template.nat", "aws_launch_template", map[string]any{"instance_type": "x99.huge"}),
	}})
	plan, err := tfplan.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	e, err := FromPlan(plan, "ap-northeast-1", DefaultAssumptions())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// What the estimate lists instead of pricing reads in the user's language: English exactly as it
// always did (the cost goldens and docs/cost.en.md hold it), and Japanese without an English
// phrase, item for item with the English, in the text and in the Markdown tables.
func TestNotesReadInTheUsersLanguage(t *testing.T) {
	e := notesEstimate(t)
	wantBilled := []string{
		"aws_ecs_cluster.this (Container Insights: CloudWatch custom metrics and performance-log ingestion)",
		"aws_ecs_service.web (working-hours schedule in a form the estimate cannot read: priced around the clock)",
	}
	wantNotPriced := []string{
		"aws_autoscaling_group.nat (no price for instance type x99.huge)",
		"aws_db_instance.big (no price for instance class db.x99.huge)",
		"aws_ecs_service.orphan (task definition not found in the plan)",
		"aws_elasticache_replication_group.cache (no price for node type cache.x99.huge)",
		"aws_instance.bastion (resource type not in the price table)",
	}
	if !slices.Equal(e.UsageBilled, wantBilled) || !slices.Equal(e.NotPriced, wantNotPriced) {
		t.Fatalf("English notes changed:\n got %q\n     %q\nwant %q\n     %q", e.UsageBilled, e.NotPriced, wantBilled, wantNotPriced)
	}
	// Item for item: the Japanese of each note names the same resource as its English.
	for _, pair := range [][2][]string{{e.UsageBilled, e.UsageBilledJA}, {e.NotPriced, e.NotPricedJA}} {
		en, ja := pair[0], pair[1]
		if len(ja) != len(en) {
			t.Fatalf("wanted a Japanese note for each English one, got %q for %q", ja, en)
		}
		for i := range en {
			address, _, _ := strings.Cut(en[i], " ")
			if !strings.HasPrefix(ja[i], address+"（") || leakcheck.Phrase(ja[i]) != "" {
				t.Errorf("the Japanese of %q is %q: wanted the same resource and no English", en[i], ja[i])
			}
		}
	}
	var text, markdown bytes.Buffer
	WriteText(&text, e, i18n.Japanese)
	WriteMarkdown(&markdown, "notes", e, i18n.Japanese)
	for name, out := range map[string]string{"text": text.String(), "markdown": markdown.String()} {
		if f := leakcheck.Find(out); len(f) > 0 {
			t.Errorf("the Japanese %s holds English: %+v", name, f)
		}
		for _, want := range []string{"Container Insights: CloudWatch のカスタムメトリクス", "aws_instance.bastion（価格表にないリソースの種類）"} {
			if !strings.Contains(out, want) {
				t.Errorf("the Japanese %s lacks %q:\n%s", name, want, out)
			}
		}
	}
	var english bytes.Buffer
	WriteText(&english, e, i18n.English)
	for _, want := range append(wantBilled, wantNotPriced...) {
		if !strings.Contains(english.String(), "  - "+want+"\n") {
			t.Errorf("the English text lacks %q:\n%s", want, english.String())
		}
	}
	if m := i18n.Missing(); len(m) > 0 {
		t.Errorf("keys without Japanese asked for: %q", m)
	}
}

// An estimate with nothing left unpriced keeps "not_priced": null in its JSON, as before the
// Japanese notes, and adds no empty Japanese lists.
func TestAnEstimateWithoutNotesKeepsItsJSON(t *testing.T) {
	e := &Estimate{}
	priceAll(e, nil, RegionPrices{}, 730, DefaultAssumptions())
	data, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(data); !strings.Contains(s, `"not_priced":null`) || strings.Contains(s, "_ja") {
		t.Errorf("wanted not_priced null and no Japanese lists, got %s", s)
	}
}
