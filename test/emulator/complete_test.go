//go:build emulator

package emulator_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"terraform-basemachina-modules/test/examples"
)

const testDomain = "bridge.example.com"

func completeVars(name string) map[string]any {
	return map[string]any{"name": name, "tenant_id": "tenant-one", "domain_name": testDomain}
}

// newComplete prepares examples/complete with its test certificate, as the README's test path does.
func newComplete(t *testing.T, w *world, src string, vars map[string]any) *stack {
	t.Helper()
	s := newStack(t, w, "examples/complete", src, vars)
	if err := examples.WriteTestCertificate(s.dir); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestCompleteStacksSideBySide applies the complete example twice in one account and region, once
// as it is and once with Redis, then changes both the ways operators do and destroys them.
func TestCompleteStacksSideBySide(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	names := []string{"bridge-plain", "bridge-redis"}
	t.Run("group", func(t *testing.T) {
		t.Run("complete", func(t *testing.T) {
			t.Parallel()
			s := newComplete(t, w, "", completeVars(names[0]))
			t.Logf("apply: %s", s.apply())
			assertNoDrift(t, s.plan())
			assertRulesHold(t, s)
			out := s.outputs()
			assertCompleteOutputs(t, w, out, names[0], testDomain)
			assertDoctor(t, s, out)
			assertSeed(t, s, out)
			assertLogs(t, s, out)
			changeTenant(t, s, out)
			changeImage(t, s, out)
			rolledBackDeployFailsTheApply(t, s, out)
			redisOnAndOff(t, s, names[0])
			destroyKeepingOnlySnapshots(t, s, names[0])
		})
		t.Run("complete-with-redis", func(t *testing.T) {
			t.Parallel()
			vars := completeVars(names[1])
			vars["create_redis"] = true
			s := newComplete(t, w, "", vars)
			t.Logf("apply: %s", s.apply())
			assertNoDrift(t, s.plan())
			assertRulesHold(t, s)
			out := s.outputs()
			assertCompleteOutputs(t, w, out, names[1], testDomain)
			if !strings.HasPrefix(str(t, out, "redis_primary_endpoint"), "master.") || !arnPattern.MatchString(str(t, out, "redis_secret_arn")) {
				t.Errorf("redis outputs are not well formed: %v %v", out["redis_primary_endpoint"], out["redis_secret_arn"])
			}
			rotateRedisPasswordUnseen(t, s, str(t, out, "redis_secret_arn"))
			// Here rather than in the first stack, whose chain of changes is the cycle's longest.
			// The toggle's second apply also turns deletion protection off for the teardown:
			// every apply that changes the database waits over a minute for it.
			toggleAccessLogsAndAutoscaling(t, s, names[1], teardownVars)
			destroyKeepingOnlySnapshots(t, s, names[1])
		})
	})
	if left := w.inventory(t).Matching(names...); len(left["vpc"]) > 0 {
		t.Errorf("after both destroys the emulator still holds:\n%s", left)
	}
}

// changeTenant: a new tenant id with its new version writes a new secret version holding it, and
// the service rolls to a task definition that pins it.
func changeTenant(t *testing.T, s *stack, out map[string]any) {
	t.Helper()
	before := serviceTaskDefinition(t, s.w, out)
	s.set(map[string]any{"tenant_id": "tenant-two", "tenant_id_version": 2})
	s.apply()
	// UpdateService with a new task definition is what starts a deployment; moto 5.2.1 records the
	// service's new task definition but leaves its deployments list as it was.
	after := serviceTaskDefinition(t, s.w, out)
	if after == before {
		t.Fatalf("a new tenant_id left the service on %s, want a new revision", after)
	}
	valueFrom, current := tenantSecretReference(t, s.w, after)
	if current == "" || !strings.HasSuffix(valueFrom, ":::"+current) {
		t.Errorf("TENANT_ID valueFrom %q does not pin the secret's current version %q", valueFrom, current)
	}
	if got := secretValue(t, s.w, valueFrom); got != "tenant-two" {
		t.Errorf("the pinned TENANT_ID version holds %q, want the new tenant id", got)
	}
}

// changeImage: a new image tag registers a new revision and replaces nothing stateful.
func changeImage(t *testing.T, s *stack, out map[string]any) {
	t.Helper()
	s.set(map[string]any{"bridge_image_tag": "v1.4.0"})
	assertNothingStatefulReplaced(t, s.plan())
	s.apply()
	td := serviceTaskDefinition(t, s.w, out)
	if img := containerImage(t, s.w, td); !strings.HasSuffix(img, "/basemachina/bridge:v1.4.0") {
		t.Errorf("after a new image_tag the service runs image %s", img)
	}
}

// rotateRedisPasswordUnseen rotates the generated Redis password as the docs say (password_version
// 1 to 2): the apply writes a new password to the secret, and neither the old nor the new password
// appears in the plan's text, which CI posts to the pull request.
func rotateRedisPasswordUnseen(t *testing.T, s *stack, secretARN string) {
	t.Helper()
	before := redisPassword(t, s.w, secretARN)
	override := "module \"datastore\" {\n  redis = { password_version = 2 }\n}\n"
	if err := os.WriteFile(filepath.Join(s.dir, "rotation_override.tf"), []byte(override), 0o600); err != nil {
		t.Fatal(err)
	}
	s.plan()
	shown := s.must("show", "cycle.tfplan")
	s.apply()
	after := redisPassword(t, s.w, secretARN)
	if after == before {
		t.Fatal("password_version 2 left the Redis password as it was")
	}
	for which, password := range map[string]string{"old": before, "new": after} {
		if strings.Contains(shown, password) {
			t.Errorf("the rotation's plan shows the %s Redis password", which)
		}
	}
	assertNoDrift(t, s.plan())
}

// redisPassword reads the password from the Redis connection secret.
func redisPassword(t *testing.T, w *world, secretARN string) string {
	t.Helper()
	var conn struct {
		Password string `json:"password"`
	}
	got, err := secretsmanager.NewFromConfig(w.cfg).GetSecretValue(ctx(t), &secretsmanager.GetSecretValueInput{SecretId: aws.String(secretARN)})
	if err != nil {
		t.Fatalf("reading the Redis secret: %v", err)
	}
	if err := json.Unmarshal([]byte(aws.ToString(got.SecretString)), &conn); err != nil || len(conn.Password) < 32 {
		t.Fatalf("the Redis secret holds no password: %v", err)
	}
	return conn.Password
}

// redisOnAndOff adds Redis to a running stack and removes it again, as a team trying it out does:
// each apply succeeds and re-plans clean, and off leaves no Redis user group behind. (Off then on
// again is not run here: moto keeps a deleted replication group "deleting" for ever and refuses
// one with the same id, which AWS does not.)
func redisOnAndOff(t *testing.T, s *stack, name string) {
	t.Helper()
	s.set(map[string]any{"create_redis": true})
	s.apply()
	assertNoDrift(t, s.plan())
	if got := s.w.inventory(t).Matching(name)["elasticache user group"]; len(got) != 1 {
		t.Errorf("create_redis = true made Redis user groups %v, want one", got)
	}
	s.set(map[string]any{"create_redis": false})
	s.apply()
	assertNoDrift(t, s.plan())
	if left := s.w.inventory(t).Matching(name)["elasticache user group"]; len(left) > 0 {
		t.Errorf("create_redis = false left %v", left)
	}
}
