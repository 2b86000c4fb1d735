package cli

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"terraform-basemachina-modules/test/leakcheck"
	"terraform-basemachina-modules/test/testfiles"
)

// initAnswers are a customer's answers with one account for both environments, the template's
// own layout; nothing in them is one of the template's placeholders.
func initAnswers() initValues {
	return initValues{
		Repository: "globex/bridge-live", ModulesOwner: "globex-oss", ImageTag: "v2.3.4", StateBucket: "globex-tfstate-bridge",
		Environments: map[string]*envValues{
			"dev":        {AccountID: "111111111111", Domain: "dev-bridge.globex.test", ZoneID: "Z1111111111111111111", NamePrefix: "globex-dev"},
			"production": {AccountID: "111111111111", Domain: "bridge.globex.test", ZoneID: "Z2222222222222222222", NamePrefix: "globex-prod"},
		},
	}
}

// twoAccounts are the answers with production in its own account, region and bucket, where an
// OIDC provider exists already.
func twoAccounts() initValues {
	v := initAnswers()
	v.Environments["production"].AccountID = "222222222222"
	v.Environments["production"].Region = "eu-west-1"
	v.Environments["production"].StateBucket = "globex-tfstate-bridge-prod"
	v.OIDCProviderARNs = []string{"arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com"}
	return v
}

func writeValues(t *testing.T, dir string, v initValues) string {
	t.Helper()
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "values.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// filesUnder lists the files of a directory tree by their slash paths.
func filesUnder(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// rootFiles are what every environment root of the template holds.
func rootFiles(dir, vars string) []string {
	return []string{dir + "/.terraform.lock.hcl", dir + "/" + vars, dir + "/main.tf", dir + "/outputs.tf", dir + "/variables.tf", dir + "/versions.tf"}
}

// The repository init writes from a values file, and the next steps it prints, in both
// languages (testdata/golden/bridgectl/init.*.txt, UPDATE_GOLDEN=1 rewrites): with one account
// per environment it writes a bootstrap root per account, and the list of files is the
// template's, without the Go file that embeds it.
func TestInitWritesTheRepositoryAndPrintsTheNextSteps(t *testing.T) {
	for _, env := range []map[string]string{japanese, english} {
		lang := env["LANG"][:2]
		t.Run(lang, func(t *testing.T) {
			t.Chdir(t.TempDir())
			writeValues(t, ".", twoAccounts())
			args := []string{"init", "bridge-live", "--values", "values.json"}
			code, stdout, stderr := run(t, env, args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			compareGolden(t, testfiles.Golden("bridgectl", "init."+lang+".txt"), []byte("$ bridgectl "+strings.Join(args, " ")+"\n"+stdout+stderr))
			want := []string{".github/workflows/bridge.yml", ".github/workflows/drift.yml", ".gitignore", "README.en.md", "README.md"}
			want = append(want, rootFiles("bootstrap/dev", "bootstrap.tfvars")...)
			want = append(want, rootFiles("bootstrap/production", "bootstrap.tfvars")...)
			want = append(want, rootFiles("dev", "dev.tfvars")...)
			want = append(want, rootFiles("production", "production.tfvars")...)
			sort.Strings(want)
			if got := filesUnder(t, "bridge-live"); !slices.Equal(got, want) {
				t.Errorf("written files:\n%v\nwant:\n%v", got, want)
			}
			if lang == "ja" {
				if found := leakcheck.Find(stdout + stderr); len(found) > 0 {
					t.Errorf("English in the Japanese next steps: %+v", found)
				}
			}
		})
	}
}

// A directory that holds only a clone's .git counts as empty; any other file stops init unless
// --force, which writes the template's files and leaves the others alone.
func TestInitWritesOnlyIntoAnEmptyDirectoryUnlessForced(t *testing.T) {
	t.Chdir(t.TempDir())
	values := writeValues(t, ".", initAnswers())
	if err := os.MkdirAll(filepath.Join("clone", ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, english, "init", "clone", "--values", values); code != ExitOK {
		t.Fatalf("a fresh clone: exit %d: %s", code, stderr)
	}
	if err := os.WriteFile(filepath.Join("clone", "notes.txt"), []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("clone", "dev", "dev.tfvars"), []byte("# edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, english, "init", "clone", "--values", values, "--force"); code != ExitOK {
		t.Fatalf("--force: exit %d: %s", code, stderr)
	}
	notes, _ := os.ReadFile(filepath.Join("clone", "notes.txt"))
	vars, _ := os.ReadFile(filepath.Join("clone", "dev", "dev.tfvars"))
	if string(notes) != "mine\n" || !strings.Contains(string(vars), `name       = "globex-dev"`) {
		t.Errorf("--force must rewrite the template's files and keep the others: notes %q, dev.tfvars:\n%s", notes, vars)
	}
}

// Every answer init refuses is refused with a message that names it and says what it must be, in
// the user's language, exit 2, and with nothing written.
func TestInitRefusesEachBadAnswer(t *testing.T) {
	type mutate func(v *initValues)
	cases := []struct {
		name   string
		values mutate
		args   []string
		en, ja string
	}{
		{"no repository", func(v *initValues) { v.Repository = "" }, nil,
			"Missing: --repository OWNER/NAME (in the values file: repository).", "--repository OWNER/NAME がありません（値ファイルでは repository）。"},
		{"repository without owner", func(v *initValues) { v.Repository = "bridge-live" }, nil,
			`repository must be OWNER/NAME of your GitHub repository, such as acme/bridge-infra; got "bridge-live".`, "repository は GitHub のリポジトリの OWNER/NAME"},
		{"modules owner", func(v *initValues) { v.ModulesOwner = "-globex" }, nil,
			`modules_owner must be a GitHub user or organization: letters, digits and single hyphens, at most 39 characters; got "-globex".`, "modules_owner は GitHub のユーザーか組織の名前"},
		{"no modules owner", func(v *initValues) { v.ModulesOwner = "" }, nil,
			"Missing: --modules-owner OWNER (in the values file: modules_owner).", "--modules-owner OWNER がありません"},
		{"image tag placeholder", func(v *initValues) { v.ImageTag = "CHANGE-ME" }, nil,
			`image_tag "CHANGE-ME" is the template's placeholder`, `image_tag "CHANGE-ME" はひな形の仮の値です。`},
		{"image tag format", func(v *initValues) { v.ImageTag = "v1 2" }, nil,
			`image_tag must be a Docker tag (letters, digits, _ . -, at most 128) or a sha256:<64 hex> digest; got "v1 2".`, "image_tag は Docker のタグ"},
		{"no image tag", func(v *initValues) { v.ImageTag = "" }, nil, "Missing: --image-tag TAG (in the values file: image_tag).", "--image-tag TAG がありません"},
		{"account", func(v *initValues) { v.Environments["dev"].AccountID = "12345" }, nil,
			`environments.dev.account_id must be a 12-digit AWS account id; got "12345".`, "environments.dev.account_id は 12 桁の AWS アカウント ID"},
		{"no account", func(v *initValues) { v.Environments["production"].AccountID = "" }, nil,
			"Missing: --account production=ID (in the values file: environments.production.account_id).", "--account production=ID がありません"},
		{"region format", func(v *initValues) { v.Environments["dev"].Region = "tokyo" }, nil,
			`environments.dev.region must be an AWS region such as ap-northeast-1; got "tokyo".`, "environments.dev.region は AWS のリージョン"},
		{"region unsupported", func(v *initValues) { v.Environments["dev"].Region = "cn-north-1" }, nil,
			"environments.dev.region is cn-north-1, a region the modules do not support; they support the commercial AWS regions: af-south-1,", "cn-north-1 はモジュールが対応していないリージョンです"},
		{"state region unsupported", func(v *initValues) { v.StateRegion = "us-gov-west-1" }, nil,
			"state_region is us-gov-west-1, a region the modules do not support", "state_region の us-gov-west-1 はモジュールが対応していないリージョンです"},
		{"one AZ", func(v *initValues) { v.Environments["dev"].AZs = []string{"ap-northeast-1a"} }, nil,
			"environments.dev.azs must be two or three different Availability Zones of ap-northeast-1, such as ap-northeast-1a,ap-northeast-1b; got ap-northeast-1a.", "environments.dev.azs は ap-northeast-1 の異なるアベイラビリティーゾーン"},
		{"AZs of another region", nil, []string{"--azs", "dev=us-east-1a,us-east-1b"},
			"environments.dev.azs must be two or three different Availability Zones of ap-northeast-1", "environments.dev.azs は ap-northeast-1 の"},
		{"domain", func(v *initValues) { v.Environments["dev"].Domain = "Bridge.Globex.test" }, nil,
			`environments.dev.domain must be a lowercase fully qualified domain name such as bridge.example.com; got "Bridge.Globex.test".`, "environments.dev.domain は小文字の完全修飾ドメイン名"},
		{"no domain", func(v *initValues) { v.Environments["dev"].Domain = "" }, nil,
			"Missing: --domain dev=NAME (in the values file: environments.dev.domain).", "--domain dev=NAME がありません"},
		{"zone", func(v *initValues) { v.Environments["dev"].ZoneID = "z123" }, nil,
			`environments.dev.zone_id must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ; got "z123".`, "environments.dev.zone_id は Route 53 のホストゾーン ID"},
		{"no zone", func(v *initValues) { v.Environments["production"].ZoneID = "" }, nil,
			"Missing: --zone-id production=ID (in the values file: environments.production.zone_id).", "--zone-id production=ID がありません"},
		{"name prefix case", func(v *initValues) { v.Environments["dev"].NamePrefix = "Globex-Dev" }, nil,
			`environments.dev.name_prefix must be 2-28 lowercase letters, digits and single hyphens`, "environments.dev.name_prefix は英小文字・数字・単独のハイフンで 2〜28 文字"},
		{"name prefix internal-", nil, []string{"--name-prefix", "dev=internal-dev"},
			`(the modules' name rule); got "internal-dev".`, `指定値: "internal-dev"`},
		{"name prefix of the bootstrap", func(v *initValues) { v.Environments["dev"].NamePrefix = "bridge-cicd-dev" }, nil,
			`environments.dev.name_prefix "bridge-cicd-dev" begins with bridge-cicd, the name of the bootstrap's own roles and policies`, `"bridge-cicd-dev" は bridge-cicd で始まります。`},
		{"overlapping prefixes", func(v *initValues) { v.Environments["dev"].NamePrefix = "globex" }, nil,
			"The name prefixes overlap: globex-prod of production begins with globex of dev, so the roles of dev would manage the resources of production.", "名前の接頭辞が重なっています。globex-prod（production）が globex（dev）で始まるため"},
		{"same domain", func(v *initValues) { v.Environments["production"].Domain = "dev-bridge.globex.test" }, nil,
			"dev and production have the same domain dev-bridge.globex.test: each Bridge needs its own host name.", "dev と production のドメインが同じ dev-bridge.globex.test です。"},
		{"no bucket", func(v *initValues) { v.StateBucket = "" }, nil,
			"Missing: --state-bucket NAME (in the values file: state_bucket).", "--state-bucket NAME がありません"},
		{"bucket name", nil, []string{"--state-bucket", "Globex_State"},
			`state_bucket must be a valid S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, not an IP address; got "Globex_State".`, "state_bucket は S3 のバケット名"},
		{"bucket an IP address", func(v *initValues) { v.StateBucket = "192.168.1.1" }, nil,
			`state_bucket must be a valid S3 bucket name`, `指定値: "192.168.1.1"`},
		{"bucket under a prefix", func(v *initValues) { v.StateBucket = "globex-dev-tfstate" }, nil,
			"The state bucket globex-dev-tfstate begins with globex-dev, the name prefix of dev, so the apply role of dev could manage it", "state バケット globex-dev-tfstate は globex-dev（dev の名前の接頭辞）で始まるので"},
		{"two buckets in one account", nil, []string{"--state-bucket", "production=globex-tfstate-other"},
			"dev and production are both in the account 111111111111, whose bootstrap makes one state bucket, but their buckets differ (globex-tfstate-bridge, globex-tfstate-other).", "dev と production はどちらもアカウント 111111111111 にあり"},
		{"one bucket in two accounts", nil, []string{"--account", "production=222222222222"},
			"dev and production are in different accounts, and each account's bootstrap makes its own state bucket", "dev と production は別のアカウントにあり"},
		{"OIDC provider ARN", nil, []string{"--oidc-provider-arn", "arn:aws:iam::111111111111:oidc-provider/gitlab.com"},
			`oidc_provider_arns must be the ARN of the token.actions.githubusercontent.com OIDC provider`, "oidc_provider_arns は token.actions.githubusercontent.com の OIDC プロバイダーの ARN"},
		{"OIDC provider elsewhere", func(v *initValues) {
			v.OIDCProviderARNs = []string{"arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com"}
		}, nil, "is in the account 333333333333, which no environment is in.", "のアカウント 333333333333 には、どの環境もありません。"},
		{"two OIDC providers", func(v *initValues) {
			arn := "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"
			v.OIDCProviderARNs = []string{arn, arn}
		}, nil, "Two OIDC providers are given for the account 111111111111, which holds one.", "アカウント 111111111111 に OIDC プロバイダーが 2 つ指定されています。"},
		{"unknown environment", func(v *initValues) { v.Environments["staging"] = &envValues{} }, nil,
			"staging is not an environment of the template, which has dev, production.", "staging はひな形の環境ではありません（ひな形の環境: dev、production）。"},
		{"unknown environment flag", nil, []string{"--account", "staging=111111111111"},
			"--account staging=111111111111: staging is not an environment of the template, which has dev, production.", "--account staging=111111111111: staging はひな形の環境ではありません"},
		{"several problems", func(v *initValues) { v.Repository, v.ImageTag = "", "" }, nil,
			"The answers have 2 problems:\n  - Missing: --repository OWNER/NAME", "回答に 2 個の問題があります:\n  - --repository OWNER/NAME がありません"},
	}
	for _, c := range cases {
		for _, l := range []struct {
			env  map[string]string
			want string
		}{{english, c.en}, {japanese, c.ja}} {
			t.Run(c.name+"."+l.env["LANG"][:2], func(t *testing.T) {
				t.Chdir(t.TempDir())
				v := initAnswers()
				if c.values != nil {
					c.values(&v)
				}
				values := writeValues(t, ".", v)
				code, stdout, stderr := run(t, l.env, append([]string{"init", "out", "--values", values}, c.args...)...)
				if code != ExitUsage || stdout != "" || !strings.Contains(stderr, l.want) {
					t.Errorf("wanted exit 2 and %q, got %d %q %q", l.want, code, stdout, stderr)
				}
				if _, err := os.Stat("out"); !os.IsNotExist(err) {
					t.Errorf("a refused init wrote out/: %v", err)
				}
				if l.env["LANG"] == japanese["LANG"] {
					if found := leakcheck.Find(stderr); len(found) > 0 {
						t.Errorf("English in the Japanese refusal: %+v", found)
					}
				}
			})
		}
	}
}

// The values file and the directory are refused in the user's language too: a key init does not
// know, a file that is not JSON or not there, a directory with files in it, a path that is a
// file, and two directories.
func TestInitRefusesBadFilesAndDirectories(t *testing.T) {
	cases := []struct {
		name   string
		setup  func(t *testing.T) []string
		en, ja string
	}{
		{"unknown key", func(t *testing.T) []string {
			return []string{"out", "--values", write(t, "values.json", `{"repository": "globex/bridge-live", "tenant": "x"}`)}
		}, `The values file values.json has the key "tenant", which bridgectl init does not know; run ` + "`bridgectl init -h`", `値ファイル values.json のキー "tenant" を bridgectl init は知りません。`},
		{"not JSON", func(t *testing.T) []string {
			return []string{"out", "--values", write(t, "values.json", "repository: globex/bridge-live\n")}
		}, "Cannot read the values file values.json: ", "値ファイル values.json を読めません: "},
		{"no values file", func(t *testing.T) []string { return []string{"out", "--values", "missing.json"} },
			"Cannot read the values file missing.json: open missing.json: no such file or directory", "値ファイル missing.json を読めません: missing.json: "},
		{"not empty", func(t *testing.T) []string {
			if err := os.MkdirAll("out", 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, "out/notes.txt", "mine")
			return []string{"out", "--values", writeValues(t, ".", initAnswers())}
		}, "out is not empty (it holds notes.txt): bridgectl init writes a new repository. Choose an empty directory, or add --force", "out は空ではありません（notes.txt があります）。"},
		{"a file", func(t *testing.T) []string {
			write(t, "out", "mine")
			return []string{"out", "--values", writeValues(t, ".", initAnswers())}
		}, "out exists and is not a directory.", "out は既にあり、ディレクトリではありません。"},
		{"two directories", func(t *testing.T) []string { return []string{"a", "b"} },
			"Give at most one directory to write the repository in (got 2).", "リポジトリを書くディレクトリは 1 つまでです（2 個あります）。"},
	}
	for _, c := range cases {
		for _, l := range []struct {
			env  map[string]string
			want string
		}{{english, c.en}, {japanese, c.ja}} {
			t.Run(c.name+"."+l.env["LANG"][:2], func(t *testing.T) {
				t.Chdir(t.TempDir())
				code, _, stderr := run(t, l.env, append([]string{"init"}, c.setup(t)...)...)
				if code != ExitUsage || !strings.Contains(stderr, l.want) {
					t.Errorf("wanted exit 2 and %q, got %d %q", l.want, code, stderr)
				}
				if l.env["LANG"] == japanese["LANG"] {
					if found := leakcheck.Find(stderr); len(found) > 0 {
						t.Errorf("English in the Japanese refusal: %+v", found)
					}
				}
			})
		}
	}
}

// write writes a file relative to the working directory.
func write(t *testing.T, name, content string) string {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// Flags answer without a values file, and win over one: ENV=VALUE sets one environment, a bare
// value every environment.
func TestInitFlagsAnswerAndWinOverTheValuesFile(t *testing.T) {
	t.Chdir(t.TempDir())
	values := writeValues(t, ".", initAnswers())
	args := []string{"init", "out", "--values", values, "--region", "eu-central-1", "--region", "production=us-west-1",
		"--name-prefix", "dev=globex-d", "--image-tag", "sha256:" + strings.Repeat("ab", 32)}
	if code, _, stderr := run(t, english, args...); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	dev := readVars(t, "out/dev/dev.tfvars")
	prod := readVars(t, "out/production/production.tfvars")
	for _, c := range []struct{ got, want string }{
		{dev["region"].AsString(), "eu-central-1"}, {dev["name"].AsString(), "globex-d"},
		{prod["region"].AsString(), "us-west-1"}, {prod["name"].AsString(), "globex-prod"},
		{prod["azs"].Index(cty.NumberIntVal(0)).AsString(), "us-west-1b"},
		{prod["bridge_image_tag"].AsString(), "sha256:" + strings.Repeat("ab", 32)},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// readVars reads the literal values of a variables file.
func readVars(t *testing.T, path string) map[string]cty.Value {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("%s: %s", path, diags.Error())
	}
	out := map[string]cty.Value{}
	for name, attr := range f.Body.(*hclsyntax.Body).Attributes {
		v, diags := attr.Expr.Value(nil)
		if diags.HasErrors() {
			t.Fatalf("%s: %s: %s", path, name, diags.Error())
		}
		out[name] = v
	}
	return out
}

// backendOf reads the bucket and region of a root's S3 backend.
func backendOf(t *testing.T, path string) (bucket, region string) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("%s: %s", path, diags.Error())
	}
	for _, tf := range f.Body.(*hclsyntax.Body).Blocks {
		for _, b := range tf.Body.Blocks {
			if b.Type == "backend" {
				bv, _ := b.Body.Attributes["bucket"].Expr.Value(nil)
				rv, _ := b.Body.Attributes["region"].Expr.Value(nil)
				return bv.AsString(), rv.AsString()
			}
		}
	}
	t.Fatalf("%s has no backend", path)
	return "", ""
}

// A written repository holds together as the bootstrap and the modules require: each
// environment's name begins with the name_prefix its account's bootstrap gives it, its domain is
// the bootstrap's dns_names, its boundary is in its account, its backend is its account's bucket
// in the bucket's region; terraform fmt and actionlint pass. For one account and for two.
func TestInitWritesARepositoryThatHoldsTogether(t *testing.T) {
	for name, v := range map[string]initValues{"one account": initAnswers(), "two accounts": twoAccounts()} {
		t.Run(name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			if code, _, stderr := run(t, english, "init", "repo", "--values", writeValues(t, ".", v)); code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			bootstraps, _ := filepath.Glob("repo/bootstrap/*.tfvars")
			more, _ := filepath.Glob("repo/bootstrap/*/bootstrap.tfvars")
			bootstraps = append(bootstraps, more...)
			if want := map[string]int{"one account": 1, "two accounts": 2}[name]; len(bootstraps) != want {
				t.Fatalf("%d bootstrap roots, want %d: %v", len(bootstraps), want, bootstraps)
			}
			checked := 0
			for _, bootstrap := range bootstraps {
				b := readVars(t, bootstrap)
				for it := b["environments"].ElementIterator(); it.Next(); {
					k, e := it.Element()
					env := k.AsString()
					prefix := e.GetAttr("name_prefix").AsString()
					vars := readVars(t, filepath.Join("repo", env, env+".tfvars"))
					answer := v.Environments[env]
					if n := vars["name"].AsString(); !strings.HasPrefix(n, prefix) || prefix != answer.NamePrefix {
						t.Errorf("%s: name %q does not begin with the bootstrap's name_prefix %q (answer %q)", env, n, prefix, answer.NamePrefix)
					}
					if d := vars["domain_name"].AsString(); (e.GetAttr("dns_names").LengthInt() != 1 || e.GetAttr("dns_names").Index(cty.NumberIntVal(0)).AsString() != d) || d != answer.Domain {
						t.Errorf("%s: domain_name %q is not the bootstrap's dns_names %v", env, d, e.GetAttr("dns_names"))
					}
					if arn := vars["iam_permissions_boundary"].AsString(); arn != "arn:aws:iam::"+answer.AccountID+":policy/bridge-cicd-boundary-"+env {
						t.Errorf("%s: iam_permissions_boundary %q is not its account's boundary", env, arn)
					}
					bucket, region := backendOf(t, filepath.Join("repo", env, "versions.tf"))
					if bucket != b["state_bucket_name"].AsString() || region != b["region"].AsString() {
						t.Errorf("%s: backend %s in %s, but its bootstrap makes %s in %s", env, bucket, region, b["state_bucket_name"].AsString(), b["region"].AsString())
					}
					checked++
				}
			}
			if checked != 2 {
				t.Errorf("the bootstraps hold %d environments, want dev and production", checked)
			}
			if tf, err := exec.LookPath("terraform"); err == nil {
				if out, err := exec.Command(tf, "fmt", "-check", "-recursive", "-diff", "repo").CombinedOutput(); err != nil {
					t.Errorf("terraform fmt -check: %v\n%s", err, out)
				}
			} else {
				t.Error("terraform is not on PATH (source scripts/env.sh)")
			}
			actionlint := filepath.Join(testfiles.Root(), ".tools", "bin", "actionlint")
			if _, err := os.Stat(actionlint); err != nil {
				t.Skipf("actionlint is not installed in .tools/bin (make tools): %v", err)
			}
			workflows, _ := filepath.Glob("repo/.github/workflows/*.yml")
			lint := exec.Command(actionlint, append([]string{"-no-color"}, workflows...)...)
			if out, err := lint.CombinedOutput(); err != nil || len(workflows) != 2 {
				t.Errorf("actionlint on %v: %v\n%s", workflows, err, out)
			}
		})
	}
}
