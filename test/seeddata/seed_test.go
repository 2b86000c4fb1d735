// Package seeddata tests the seed SQL of examples/complete against a real PostgreSQL server.
package seeddata

import (
	"path/filepath"
	"strings"
	"testing"

	"terraform-basemachina-modules/test/pgtest"
)

var seedSQL = filepath.Join("..", "..", "examples", "complete", "seed", "init.sql")

func query(t *testing.T, s *pgtest.Server, sql string) string {
	t.Helper()
	out, err := s.PSQL("-tA", "-c", sql)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(out)
}

func TestSeedLoadsAndIsIdempotent(t *testing.T) {
	s := pgtest.Start(t)

	if out, err := s.PSQL("-f", seedSQL); err != nil {
		t.Fatalf("first load failed: %v\n%s", err, out)
	}
	snapshot := func() string {
		return query(t, s, `SELECT string_agg(format('%s|%s|%s|%s', o.order_number, c.email, o.amount_yen, o.status), ',' ORDER BY o.order_number)
		                     FROM orders o JOIN customers c ON c.id = o.customer_id`)
	}
	first := snapshot()

	if out, err := s.PSQL("-f", seedSQL); err != nil {
		t.Fatalf("second load failed (the seed must be idempotent): %v\n%s", err, out)
	}

	if got := query(t, s, "SELECT count(*) FROM customers"); got != "3" {
		t.Errorf("wanted 3 customers after two loads, got %s", got)
	}
	if got := query(t, s, "SELECT count(*) FROM orders"); got != "4" {
		t.Errorf("wanted 4 orders after two loads, got %s", got)
	}
	if got := snapshot(); got != first {
		t.Errorf("wanted the second load to change nothing:\nbefore %s\nafter  %s", first, got)
	}
	if got := query(t, s, "SELECT name FROM customers WHERE email = 'hanako.yamada@example.com'"); got != "山田 花子" {
		t.Errorf("wanted the Japanese name stored intact, got %q", got)
	}
	if got := query(t, s, "SELECT count(*) FROM pg_indexes WHERE indexname = 'orders_customer_id_idx'"); got != "1" {
		t.Errorf("wanted the orders_customer_id_idx index, got %s", got)
	}
	// A first BaseMachina action: paid revenue per customer.
	if got := query(t, s, `SELECT c.name || '=' || sum(o.amount_yen) FROM orders o JOIN customers c ON c.id = o.customer_id
	                       WHERE o.status = 'paid' GROUP BY c.name ORDER BY c.name`); got != "山田 花子=12800\n田中 由紀=128000" {
		t.Errorf("wanted paid totals per customer, got %q", got)
	}
}

func TestSeedRejectsInvalidRowsThroughConstraints(t *testing.T) {
	s := pgtest.Start(t)
	if out, err := s.PSQL("-f", seedSQL); err != nil {
		t.Fatalf("load failed: %v\n%s", err, out)
	}
	if _, err := s.PSQL("-c", "INSERT INTO orders (order_number, customer_id, amount_yen) VALUES ('ORD-X', 1, -1)"); err == nil {
		t.Error("wanted a negative amount rejected by the CHECK constraint")
	}
	if _, err := s.PSQL("-c", "INSERT INTO customers (email, name, plan) VALUES ('x@example.com', 'x', 'gold')"); err == nil {
		t.Error("wanted an unknown plan rejected by the CHECK constraint")
	}
}
