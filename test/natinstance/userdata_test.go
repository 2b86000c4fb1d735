// Package natinstance tests the NAT instance's boot script (modules/network/templates), rendered
// as Terraform renders it: the steps in the order of AWS's procedure, and the script under a linter.
package natinstance

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var templatePath = filepath.Join("..", "..", "modules", "network", "templates", "nat_instance.sh.tftpl")

// vars are the values nat_instance.tf passes to templatefile, shaped like AWS's.
var vars = map[string]string{
	"log_group":            "/ec2/acme/nat-instance",
	"private_cidrs":        "10.0.128.0/20,10.0.160.0/20",
	"network_interface_id": "eni-0123456789abcdef0",
	"eip_allocation_id":    "eipalloc-0123456789abcdef0",
	"autoscaling_group":    "acme-nat-instance",
	"lifecycle_hook":       "nat-ready",
}

var interpolation = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// render does what templatefile does with this template: ${name} becomes the value, $${ stays
// a literal ${. A name the module does not pass fails, as templatefile does.
func render(t *testing.T, text string, vars map[string]string) string {
	t.Helper()
	if strings.Contains(text, "%{") {
		t.Fatal("the template uses a directive (%{...}); render it with terraform instead")
	}
	const escaped = "\x00"
	text = strings.ReplaceAll(text, "$${", escaped)
	var missing []string
	text = interpolation.ReplaceAllStringFunc(text, func(m string) string {
		name := interpolation.FindStringSubmatch(m)[1]
		v, ok := vars[name]
		if !ok {
			missing = append(missing, name)
		}
		return v
	})
	if len(missing) > 0 {
		t.Fatalf("the template refers to %v, which nat_instance.tf does not pass", missing)
	}
	if strings.Contains(text, "${") {
		t.Fatal("an interpolation the renderer did not understand is left")
	}
	return strings.ReplaceAll(text, escaped, "${")
}

func script(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(templatePath)
	if err != nil {
		t.Fatal(err)
	}
	return render(t, string(data), vars)
}

// TestTheModulePassesWhatTheScriptNeeds keeps the Go renderer's values and the module's in step.
func TestTheModulePassesWhatTheScriptNeeds(t *testing.T) {
	tf, err := os.ReadFile(filepath.Join("..", "..", "modules", "network", "nat_instance.tf"))
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`(?s)templatefile\("\$\{path\.module\}/templates/nat_instance\.sh\.tftpl", \{(.*?)\}\)\)`).FindSubmatch(tf)
	if call == nil {
		t.Fatal("nat_instance.tf no longer renders nat_instance.sh.tftpl with templatefile")
	}
	passed := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\s*([a-z_]+)\s*=`).FindAllSubmatch(call[1], -1) {
		passed[string(m[1])] = true
	}
	for name := range vars {
		if !passed[name] {
			t.Errorf("the test renders %s, which nat_instance.tf does not pass", name)
		}
	}
	for name := range passed {
		if _, ok := vars[name]; !ok {
			t.Errorf("nat_instance.tf passes %s, which the test does not render: add it to vars", name)
		}
	}
}

// TestTheRulesFollowTheUserGuidesOrder: the iptables service starts (loading the stock rules and
// their FORWARD reject) before the rules are added, FORWARD is flushed after, the rules are saved,
// and they are checked after a restart before the launch continues.
func TestTheRulesFollowTheUserGuidesOrder(t *testing.T) {
	s := script(t)
	steps := []string{
		"trap 'fail ",                        // every later failure is reported and abandons the launch
		"attach-network-interface",           // the fixed interface, with retries
		"systemctl start iptables",           // the stock rules loaded first
		"net.ipv4.ip_forward = 1",            // forwarding on
		"-j MASQUERADE",                      // the private subnets masqueraded
		"iptables -F FORWARD",                // the stock FORWARD reject cleared
		"service iptables save",              // persisted
		"systemctl restart iptables",         // reloaded from what was saved
		"/usr/local/sbin/nat-check || fail",  // and checked
		"--lifecycle-action-result CONTINUE", // only then in service
	}
	last := -1
	for _, step := range steps {
		at := strings.Index(s, step)
		if at < 0 {
			t.Fatalf("the script has no step %q", step)
		}
		if at < last {
			t.Errorf("%q comes before the step listed ahead of it", step)
		}
		last = at
	}
	if strings.Count(s, "-j MASQUERADE") != 2 {
		t.Errorf("want one MASQUERADE rule in the setup and its check in nat-check, found %d", strings.Count(s, "-j MASQUERADE"))
	}
	if !strings.Contains(s, "--lifecycle-action-result ABANDON") {
		t.Error("a failing script must abandon the launch so the group launches another instance")
	}
	if !strings.Contains(s, "set-instance-health") || !strings.Contains(s, "OnUnitActiveSec=1min") {
		t.Error("the periodic check must mark an instance that stops forwarding unhealthy")
	}
}

// TestTheScriptPassesShellcheck lints the rendered script (warnings and errors).
func TestTheScriptPassesShellcheck(t *testing.T) {
	shellcheck, err := exec.LookPath("shellcheck")
	if err != nil {
		t.Fatal("shellcheck is not installed; scripts/tools.sh installs it (apt-get install shellcheck)")
	}
	path := filepath.Join(t.TempDir(), "nat-setup.sh")
	if err := os.WriteFile(path, []byte(script(t)), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(shellcheck, "--shell=bash", "--severity=warning", path).CombinedOutput()
	if err != nil {
		t.Errorf("shellcheck finds problems in the rendered NAT script:\n%s", out)
	}
}

// TestALintedBrokenScriptFails proves the linter check can fail.
func TestALintedBrokenScriptFails(t *testing.T) {
	shellcheck, err := exec.LookPath("shellcheck")
	if err != nil {
		t.Fatal("shellcheck is not installed; scripts/tools.sh installs it (apt-get install shellcheck)")
	}
	path := filepath.Join(t.TempDir(), "broken.sh")
	if err := os.WriteFile(path, []byte("#!/bin/bash\nfor f in $(ls *.log); do rm $f; done\nif [ $x = 1 ] then echo; fi\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := exec.Command(shellcheck, "--shell=bash", "--severity=warning", path).Run(); err == nil {
		t.Error("shellcheck passed a script with a syntax error")
	}
}
