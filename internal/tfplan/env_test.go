package tfplan

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// lastValue is the value exec gives a child for key: the last of duplicate entries.
func lastValue(env []string, key string) (string, bool) {
	value, found := "", false
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			value, found = v, true
		}
	}
	return value, found
}

// Go commands and scripts/env.sh choose the same provider cache, and with the mirror there is none,
// even when the user's environment names one: parallel inits sharing a cache replaced the entry a
// running `terraform test` had linked (CI failed with "fork/exec ...: no such file or directory").
func TestTerraformEnvAndEnvShAgreeOnTheProviderCache(t *testing.T) {
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TF_PLUGIN_CACHE_DIR", t.TempDir())
	got, ok := lastValue(TerraformEnv(root), "TF_PLUGIN_CACHE_DIR")
	if !ok || got != PluginCacheDir(root) {
		t.Errorf("TerraformEnv gives TF_PLUGIN_CACHE_DIR=%q (set: %v), want PluginCacheDir's %q", got, ok, PluginCacheDir(root))
	}
	if hasMirror() && got != "" {
		t.Errorf("with the mirror the provider cache is %q, want none", got)
	}
	out, err := exec.Command("bash", "-c", `source "$1/scripts/env.sh" && printf %s "${TF_PLUGIN_CACHE_DIR-}"`, "_", root).Output()
	if err != nil {
		t.Fatalf("source scripts/env.sh: %v", err)
	}
	if string(out) != got {
		t.Errorf("scripts/env.sh sets TF_PLUGIN_CACHE_DIR=%q, TerraformEnv %q", out, got)
	}
}

// With the mirror, an init links the mirror's provider itself: nothing another init can replace.
func TestInitLinksTheMirrorsProvider(t *testing.T) {
	if !hasMirror() {
		t.Skip("Skipping: this machine has no /opt/tf-plugins mirror; inits use the registry and .tools/plugin-cache.")
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("Skipping: terraform is not on PATH.")
	}
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TF_PLUGIN_CACHE_DIR", t.TempDir())
	dir := t.TempDir()
	config := `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := (Terraform{Dir: dir, Env: TerraformEnv(root)}).Run(context.Background(), "init", "-input=false"); err != nil {
		t.Fatalf("terraform init: %v", err)
	}
	link := filepath.Join(dir, ".terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0", runtime.GOOS+"_"+runtime.GOARCH)
	target, err := os.Readlink(link)
	if err != nil {
		t.Fatalf("the provider is not a link: %v", err)
	}
	if !strings.HasPrefix(target, "/opt/tf-plugins/") {
		t.Errorf("the provider links to %s, want the mirror /opt/tf-plugins", target)
	}
}
