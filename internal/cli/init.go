package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	flag "github.com/spf13/pflag"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/templates"
	"terraform-basemachina-modules/templates/live"
)

// initValues is the values file of `bridgectl init`: JSON, which the standard library reads.
type initValues struct {
	Repository       string                `json:"repository"`
	ModulesOwner     string                `json:"modules_owner"`
	ImageTag         string                `json:"image_tag"`
	StateBucket      string                `json:"state_bucket"`
	StateRegion      string                `json:"state_region"`
	OIDCProviderARNs []string              `json:"oidc_provider_arns"`
	Environments     map[string]*envValues `json:"environments"`
}

// envValues are the answers of one environment.
type envValues struct {
	AccountID   string   `json:"account_id"`
	Region      string   `json:"region"`
	AZs         []string `json:"azs"`
	Domain      string   `json:"domain"`
	ZoneID      string   `json:"zone_id"`
	NamePrefix  string   `json:"name_prefix"`
	StateBucket string   `json:"state_bucket"`
}

type initCmd struct {
	dir          string
	valuesFile   string
	repository   string
	modulesOwner string
	imageTag     string
	stateRegion  string
	stateBuckets []string
	accounts     []string
	regions      []string
	azs          []string
	domains      []string
	zoneIDs      []string
	namePrefixes []string
	oidcARNs     []string
	force        bool

	answers templates.Answers
}

func (c *initCmd) flags(fs *flag.FlagSet, l i18n.Lang) {
	fs.StringVar(&c.valuesFile, "values", "", l.S("A JSON file with the answers, by the keys the flags name in parentheses; a flag wins over it."))
	fs.StringVar(&c.repository, "repository", "", l.S("Your repository on GitHub, OWNER/NAME (repository)."))
	fs.StringVar(&c.modulesOwner, "modules-owner", "", l.S("Owner of the terraform-basemachina-modules repository your roots and workflows call: it replaces OWNER (modules_owner)."))
	fs.StringVar(&c.imageTag, "image-tag", "", l.S("Bridge image tag or sha256 digest, pinned (image_tag)."))
	fs.StringArrayVar(&c.accounts, "account", nil, l.S("AWS account id of an environment, [ENV=]ID; without ENV= of every environment (environments.ENV.account_id). Repeatable."))
	fs.StringArrayVar(&c.regions, "region", nil, l.S("Region of an environment, [ENV=]REGION (environments.ENV.region; default ap-northeast-1). Repeatable."))
	fs.StringArrayVar(&c.azs, "azs", nil, l.S("Availability Zones of an environment, [ENV=]AZ,AZ (environments.ENV.azs; default two of its region). Repeatable."))
	fs.StringArrayVar(&c.domains, "domain", nil, l.S("Host name of an environment's Bridge, ENV=NAME (environments.ENV.domain). Repeatable."))
	fs.StringArrayVar(&c.zoneIDs, "zone-id", nil, l.S("Route 53 hosted zone of an environment's domain, [ENV=]ID (environments.ENV.zone_id). Repeatable."))
	fs.StringArrayVar(&c.namePrefixes, "name-prefix", nil, l.S("Name prefix of an environment's stacks, ENV=PREFIX (environments.ENV.name_prefix; default bridge-dev and bridge-prod). Repeatable."))
	fs.StringArrayVar(&c.stateBuckets, "state-bucket", nil, l.S("Terraform state bucket of an environment's account, [ENV=]NAME (state_bucket, or environments.ENV.state_bucket when the accounts differ). Repeatable."))
	fs.StringVar(&c.stateRegion, "state-region", "", l.S("Region of the state buckets (state_region; default the region of the account's first environment)."))
	fs.StringArrayVar(&c.oidcARNs, "oidc-provider-arn", nil, l.S("ARN of an account's existing GitHub OIDC provider (oidc_provider_arns). Repeatable."))
	fs.BoolVar(&c.force, "force", false, l.S("Write into a directory that is not empty, over the template's files there."))
}

// defaultNamePrefixes are the template's own prefixes (bootstrap.tfvars and <env>.tfvars).
var defaultNamePrefixes = map[string]string{"dev": "bridge-dev", "production": "bridge-prod"}

func (c *initCmd) validate(args []string, l i18n.Lang) error {
	if len(args) > 1 {
		return usagef("Give at most one directory to write the repository in (got %d).", len(args))
	}
	c.dir = "."
	if len(args) == 1 {
		c.dir = args[0]
	}
	if err := c.checkDir(); err != nil {
		return err
	}
	v, err := c.values(l)
	if err != nil {
		return err
	}
	answers, problems := resolve(v)
	switch len(problems) {
	case 0:
		c.answers = answers
		return nil
	case 1:
		return usageError{problems[0]}
	}
	lines := make([]string, len(problems))
	for i, p := range problems {
		lines[i] = "  - " + l.Error(p)
	}
	return usagef("The answers have %d problems:\n%s", len(problems), strings.Join(lines, "\n"))
}

// checkDir refuses a directory that holds anything but a git repository's .git (a clone of the
// new, empty repository), unless --force.
func (c *initCmd) checkDir() error {
	st, err := os.Stat(c.dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return usageError{err}
	}
	if !st.IsDir() {
		return usagef("%s exists and is not a directory.", c.dir)
	}
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return usageError{err}
	}
	for _, e := range entries {
		if e.Name() != ".git" && !c.force {
			return usagef("%s is not empty (it holds %s): bridgectl init writes a new repository. Choose an empty directory, or add --force to write the template's files over what is there.", c.dir, e.Name())
		}
	}
	return nil
}

// values reads the values file and lays the flags over it.
func (c *initCmd) values(l i18n.Lang) (*initValues, error) {
	v := &initValues{}
	if c.valuesFile != "" {
		data, err := os.ReadFile(c.valuesFile)
		if err != nil {
			return nil, usageError{i18n.Errorf("Cannot read the values file %s: %w", c.valuesFile, err)}
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			if key, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
				return nil, usagef("The values file %s has the key %s, which bridgectl init does not know; run `bridgectl init -h` for the keys.", c.valuesFile, key)
			}
			return nil, usageError{i18n.Errorf("Cannot read the values file %s: %w", c.valuesFile, err)}
		}
	}
	if v.Environments == nil {
		v.Environments = map[string]*envValues{}
	}
	for name := range v.Environments {
		if !slices.Contains(templates.Environments, name) {
			return nil, usagef("%s is not an environment of the template, which has %s.", name, listOf(templates.Environments, l))
		}
	}
	for _, name := range templates.Environments {
		if v.Environments[name] == nil {
			v.Environments[name] = &envValues{}
		}
	}
	for flagValue, target := range map[*string]*string{&c.repository: &v.Repository, &c.modulesOwner: &v.ModulesOwner, &c.imageTag: &v.ImageTag, &c.stateRegion: &v.StateRegion} {
		if *flagValue != "" {
			*target = *flagValue
		}
	}
	if len(c.oidcARNs) > 0 {
		v.OIDCProviderARNs = c.oidcARNs
	}
	perEnv := []struct {
		flag   string
		values []string
		set    func(e *envValues, value string)
	}{
		{"account", c.accounts, func(e *envValues, s string) { e.AccountID = s }},
		{"region", c.regions, func(e *envValues, s string) { e.Region = s }},
		{"azs", c.azs, func(e *envValues, s string) { e.AZs = strings.Split(s, ",") }},
		{"domain", c.domains, func(e *envValues, s string) { e.Domain = s }},
		{"zone-id", c.zoneIDs, func(e *envValues, s string) { e.ZoneID = s }},
		{"name-prefix", c.namePrefixes, func(e *envValues, s string) { e.NamePrefix = s }},
		{"state-bucket", c.stateBuckets, func(e *envValues, s string) { e.StateBucket = s }},
	}
	for _, f := range perEnv {
		for _, item := range f.values {
			env, value, scoped := strings.Cut(item, "=")
			if !scoped {
				if f.flag == "state-bucket" {
					v.StateBucket = item
					continue
				}
				for _, name := range templates.Environments {
					f.set(v.Environments[name], item)
				}
				continue
			}
			e, ok := v.Environments[env]
			if !ok {
				return nil, usagef("--%s %s: %s is not an environment of the template, which has %s.", f.flag, item, env, listOf(templates.Environments, l))
			}
			f.set(e, value)
		}
	}
	return v, nil
}

// The formats of the answers: each is the rule of the module or AWS API that receives it.
var (
	// modules/bootstrap github_repository.
	repositoryFormat = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$`)
	// A GitHub user or organization, as the bootstrap's workflow_refs rule reads an owner.
	ownerFormat   = regexp.MustCompile(`^[A-Za-z0-9](-?[A-Za-z0-9])*$`)
	accountFormat = regexp.MustCompile(`^[0-9]{12}$`)
	regionFormat  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	// modules/bridge certificate.domain_name, which the bootstrap's dns_names rule accepts too.
	domainFormat = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	// modules/bridge certificate.route53_zone_id; Route 53 ids are at most 32 characters.
	zoneFormat = regexp.MustCompile(`^Z[A-Z0-9]{1,31}$`)
	// The modules' `name` rule (an environment's stacks are named with its prefix), within the
	// bootstrap's name_prefix rule (2-28 characters).
	namePrefixFormat = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	// modules/bootstrap state.bucket_name.
	bucketFormat = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	ipFormat     = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$`)
	// modules/bridge image_tag.
	imageTagFormat = regexp.MustCompile(`^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[a-f0-9]{64})$`)
	// modules/bootstrap oidc_provider_arn, in the aws partition of the supported regions.
	oidcFormat = regexp.MustCompile(`^arn:aws:iam::([0-9]{12}):oidc-provider/token\.actions\.githubusercontent\.com$`)
)

// supportedRegions are the regions the modules support: the commercial AWS regions. The roots
// bridgectl init writes name ARNs of the aws partition, and China's regions have neither ECR
// Public nor pull-through cache rules, which the bridge module pulls the Bridge image through.
// Each has the two Availability Zones an environment gets when its answers name none: a and b,
// except where an account may lack one of them (ap-northeast-1 has no b, newer accounts no
// us-west-1a).
var supportedRegions = map[string][2]string{
	"af-south-1": {"a", "b"}, "ap-east-1": {"a", "b"}, "ap-east-2": {"a", "b"},
	"ap-northeast-1": {"a", "c"}, "ap-northeast-2": {"a", "b"}, "ap-northeast-3": {"a", "b"},
	"ap-south-1": {"a", "b"}, "ap-south-2": {"a", "b"},
	"ap-southeast-1": {"a", "b"}, "ap-southeast-2": {"a", "b"}, "ap-southeast-3": {"a", "b"}, "ap-southeast-4": {"a", "b"},
	"ap-southeast-5": {"a", "b"}, "ap-southeast-6": {"a", "b"}, "ap-southeast-7": {"a", "b"},
	"ca-central-1": {"a", "b"}, "ca-west-1": {"a", "b"},
	"eu-central-1": {"a", "b"}, "eu-central-2": {"a", "b"}, "eu-north-1": {"a", "b"}, "eu-south-1": {"a", "b"}, "eu-south-2": {"a", "b"},
	"eu-west-1": {"a", "b"}, "eu-west-2": {"a", "b"}, "eu-west-3": {"a", "b"},
	"il-central-1": {"a", "b"}, "me-central-1": {"a", "b"}, "me-south-1": {"a", "b"}, "mx-central-1": {"a", "b"},
	"sa-east-1": {"a", "b"}, "us-east-1": {"a", "b"}, "us-east-2": {"a", "b"}, "us-west-1": {"b", "c"}, "us-west-2": {"a", "b"},
}

func regionList() string {
	names := make([]string, 0, len(supportedRegions))
	for r := range supportedRegions {
		names = append(names, r)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// resolve checks every answer and fills in the defaults; it returns every problem it finds, so
// that one run tells them all.
func resolve(v *initValues) (templates.Answers, []error) {
	var problems []error
	add := func(err error) { problems = append(problems, err) }
	missing := func(flag, key string) { add(errorf("Missing: %s (in the values file: %s).", flag, key)) }

	a := templates.Answers{Repository: v.Repository, ModulesOwner: v.ModulesOwner, ImageTag: v.ImageTag}
	switch {
	case v.Repository == "":
		missing("--repository OWNER/NAME", "repository")
	case !repositoryFormat.MatchString(v.Repository):
		add(errorf("repository must be OWNER/NAME of your GitHub repository, such as acme/bridge-infra; got %q.", v.Repository))
	}
	switch {
	case v.ModulesOwner == "":
		missing("--modules-owner OWNER", "modules_owner")
	case len(v.ModulesOwner) > 39 || !ownerFormat.MatchString(v.ModulesOwner):
		add(errorf("modules_owner must be a GitHub user or organization: letters, digits and single hyphens, at most 39 characters; got %q.", v.ModulesOwner))
	}
	switch {
	case v.ImageTag == "":
		missing("--image-tag TAG", "image_tag")
	case strings.HasPrefix(v.ImageTag, "CHANGE-ME"):
		add(errorf("image_tag %q is the template's placeholder: give a release tag or digest of https://gallery.ecr.aws/basemachina/bridge.", v.ImageTag))
	case !imageTagFormat.MatchString(v.ImageTag):
		add(errorf("image_tag must be a Docker tag (letters, digits, _ . -, at most 128) or a sha256:<64 hex> digest; got %q.", v.ImageTag))
	}
	if v.StateRegion != "" {
		if err := checkRegion("state_region", v.StateRegion); err != nil {
			add(err)
		}
	}

	for _, name := range templates.Environments {
		ev := v.Environments[name]
		key := func(field string) string { return "environments." + name + "." + field }
		e := templates.Environment{Name: name, AccountID: ev.AccountID, Region: ev.Region, AZs: ev.AZs, Domain: ev.Domain,
			ZoneID: ev.ZoneID, NamePrefix: ev.NamePrefix, StateBucket: ev.StateBucket}
		switch {
		case e.AccountID == "":
			missing("--account "+name+"=ID", key("account_id"))
		case !accountFormat.MatchString(e.AccountID):
			add(errorf("%s must be a 12-digit AWS account id; got %q.", key("account_id"), e.AccountID))
		}
		if e.Region == "" {
			e.Region = "ap-northeast-1"
		}
		regionErr := checkRegion(key("region"), e.Region)
		if regionErr != nil {
			add(regionErr)
		}
		regionOK := regionErr == nil
		if len(e.AZs) == 0 && regionOK {
			letters := supportedRegions[e.Region]
			e.AZs = []string{e.Region + letters[0], e.Region + letters[1]}
		}
		if regionOK && !validAZs(e.AZs, e.Region) {
			add(errorf("%s must be two or three different Availability Zones of %s, such as %s; got %s.", key("azs"), e.Region, e.Region+"a,"+e.Region+"b", strings.Join(e.AZs, ",")))
		}
		switch {
		case e.Domain == "":
			missing("--domain "+name+"=NAME", key("domain"))
		case len(e.Domain) > 253 || !domainFormat.MatchString(e.Domain):
			add(errorf("%s must be a lowercase fully qualified domain name such as bridge.example.com; got %q.", key("domain"), e.Domain))
		}
		switch {
		case e.ZoneID == "":
			missing("--zone-id "+name+"=ID", key("zone_id"))
		case !zoneFormat.MatchString(e.ZoneID):
			add(errorf("%s must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ; got %q.", key("zone_id"), e.ZoneID))
		}
		if e.NamePrefix == "" {
			e.NamePrefix = defaultNamePrefixes[name]
		}
		switch {
		case len(e.NamePrefix) < 2 || len(e.NamePrefix) > 28 || !namePrefixFormat.MatchString(e.NamePrefix) || strings.HasPrefix(e.NamePrefix, "internal-"):
			add(errorf("%s must be 2-28 lowercase letters, digits and single hyphens, starting with a letter, ending with a letter or digit, and not starting with internal- (the modules' name rule); got %q.", key("name_prefix"), e.NamePrefix))
		case strings.HasPrefix(e.NamePrefix, templates.BootstrapName):
			add(errorf("%s %q begins with %s, the name of the bootstrap's own roles and policies, which no apply role may change: its stacks could not create their roles.", key("name_prefix"), e.NamePrefix, templates.BootstrapName))
		}
		if e.StateBucket == "" {
			e.StateBucket = v.StateBucket
		}
		e.StateRegion = v.StateRegion
		a.Environments = append(a.Environments, e)
	}

	// The bootstrap's rule: no prefix may begin another's, or one environment's roles would manage
	// the other's resources. It holds across accounts too, so that environments can share one.
	for _, x := range a.Environments {
		for _, y := range a.Environments {
			if x.Name != y.Name && strings.HasPrefix(y.NamePrefix, x.NamePrefix) && namePrefixFormat.MatchString(x.NamePrefix) {
				add(errorf("The name prefixes overlap: %s of %s begins with %s of %s, so the roles of %s would manage the resources of %s. Give each environment its own, such as bridge-dev and bridge-prod.", y.NamePrefix, y.Name, x.NamePrefix, x.Name, x.Name, y.Name))
			}
		}
	}
	for i, x := range a.Environments {
		for _, y := range a.Environments[i+1:] {
			if x.Domain != "" && x.Domain == y.Domain {
				add(errorf("%s and %s have the same domain %s: each Bridge needs its own host name.", x.Name, y.Name, x.Domain))
			}
		}
	}
	problems = append(problems, resolveAccounts(&a, v)...)
	return a, problems
}

// resolveAccounts checks what belongs to an account rather than to an environment: one state
// bucket per account (its bootstrap makes it), the bucket's region, and the OIDC providers.
func resolveAccounts(a *templates.Answers, v *initValues) []error {
	var problems []error
	add := func(err error) { problems = append(problems, err) }
	byAccount := map[string]*templates.Environment{}
	missingBucket := false
	for i := range a.Environments {
		e := &a.Environments[i]
		first, seen := byAccount[e.AccountID]
		if !seen {
			byAccount[e.AccountID] = e
			first = e
		}
		if e.StateRegion == "" {
			e.StateRegion = first.Region
		}
		switch {
		case e.StateBucket == "":
			if !missingBucket {
				add(errorf("Missing: %s (in the values file: %s).", "--state-bucket NAME", "state_bucket"))
				missingBucket = true
			}
			continue
		case !validBucket(e.StateBucket):
			add(errorf("%s must be a valid S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, not an IP address; got %q.", "state_bucket", e.StateBucket))
			continue
		case seen && e.StateBucket != first.StateBucket:
			add(errorf("%s and %s are both in the account %s, whose bootstrap makes one state bucket, but their buckets differ (%s, %s).", first.Name, e.Name, e.AccountID, first.StateBucket, e.StateBucket))
		}
		for _, other := range a.Environments {
			if other.AccountID == e.AccountID && other.NamePrefix != "" && strings.HasPrefix(e.StateBucket, other.NamePrefix) {
				add(errorf("The state bucket %s begins with %s, the name prefix of %s, so the apply role of %s could manage it; choose a name outside the prefixes, such as <company>-tfstate-bridge.", e.StateBucket, other.NamePrefix, other.Name, other.Name))
			}
		}
	}
	for i, x := range a.Environments {
		for _, y := range a.Environments[i+1:] {
			if x.AccountID != y.AccountID && x.StateBucket != "" && x.StateBucket == y.StateBucket {
				add(errorf("%s and %s are in different accounts, and each account's bootstrap makes its own state bucket: give each environment its own (--state-bucket %s=NAME --state-bucket %s=NAME).", x.Name, y.Name, x.Name, y.Name))
			}
		}
	}
	providers := map[string]string{}
	for _, arn := range v.OIDCProviderARNs {
		m := oidcFormat.FindStringSubmatch(arn)
		switch {
		case m == nil:
			add(errorf("%s must be the ARN of the token.actions.githubusercontent.com OIDC provider, arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com; got %q.", "oidc_provider_arns", arn))
		case byAccount[m[1]] == nil:
			add(errorf("The OIDC provider %s is in the account %s, which no environment is in.", arn, m[1]))
		case providers[m[1]] != "":
			add(errorf("Two OIDC providers are given for the account %s, which holds one.", m[1]))
		default:
			providers[m[1]] = arn
		}
	}
	for i := range a.Environments {
		a.Environments[i].OIDCProviderARN = providers[a.Environments[i].AccountID]
	}
	return problems
}

func checkRegion(key, region string) error {
	switch _, ok := supportedRegions[region]; {
	case !regionFormat.MatchString(region):
		return errorf("%s must be an AWS region such as ap-northeast-1; got %q.", key, region)
	case !ok:
		return errorf("%s is %s, a region the modules do not support; they support the commercial AWS regions: %s.", key, region, regionList())
	}
	return nil
}

func validAZs(azs []string, region string) bool {
	if len(azs) < 2 || len(azs) > 3 {
		return false
	}
	seen := map[string]bool{}
	for _, az := range azs {
		suffix, ok := strings.CutPrefix(az, region)
		if !ok || len(suffix) != 1 || suffix[0] < 'a' || suffix[0] > 'z' || seen[az] {
			return false
		}
		seen[az] = true
	}
	return true
}

// validBucket is modules/bootstrap's rule for state.bucket_name.
func validBucket(name string) bool {
	return bucketFormat.MatchString(name) && !strings.Contains(name, "..") && !ipFormat.MatchString(name) &&
		!strings.HasPrefix(name, "xn--") && !strings.HasSuffix(name, "-s3alias") && !strings.HasSuffix(name, "--ol-s3")
}

func (c *initCmd) execute(_ context.Context, env IO, l i18n.Lang) error {
	files, err := templates.Render(live.FS, c.answers)
	if err != nil {
		return err
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		target := filepath.Join(c.dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return i18n.Errorf("Cannot create %s: %w", filepath.Dir(target), err)
		}
		if err := os.WriteFile(target, files[p], 0o644); err != nil {
			return i18n.Errorf("Cannot write %s: %w", target, err)
		}
	}
	fmt.Fprintf(env.Stderr, l.S("Wrote %d files in %s.\n"), len(paths), c.dir)
	printFitted(env.Stdout, func(w io.Writer) { c.printNextSteps(w, l) })
	return nil
}

// printNextSteps tells what the template's README leaves to do once the files are written, with
// the answers in place: bootstrap each account, set GitHub up, open the first pull request. Its
// commands run at the top of the repository and fit one line each, to be copied as they are.
func (c *initCmd) printNextSteps(w io.Writer, l i18n.Lang) {
	a := c.answers
	fmt.Fprintf(w, l.S("The repository %s is written in %s:\n"), a.Repository, c.dir)
	width := 0
	for _, e := range a.Environments {
		width = max(width, len(e.Name))
	}
	for _, e := range a.Environments {
		fmt.Fprintf(w, "  %s  %s\n", i18n.PadRight(e.Name, width),
			l.Sprintf("account %s, %s (%s), %s, names beginning with %s", e.AccountID, e.Region, strings.Join(e.AZs, ", "), e.Domain, e.NamePrefix))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, l.S("Next steps, at the top of the repository:"))
	if c.dir != "." {
		commandLine(w, "cd", shellPath(c.dir))
	}
	fmt.Fprintln(w, l.S("1. Bootstrap each account once, with that account's administrator credentials, then move the bootstrap's state into the bucket it made:"))
	for _, b := range a.Bootstraps() {
		fmt.Fprintf(w, "   %s\n", l.Sprintf("Account %s (%s), state bucket %s in %s:", b.AccountID, listOf(b.Environments, l), b.StateBucket, b.StateRegion))
		commandLine(w, "cd", shellPath(b.Dir))
		commandLine(w, "terraform", "init")
		commandLine(w, "terraform", "apply", "-var-file=bootstrap.tfvars")
		commandLine(w, "terraform", "output", "-raw", "bootstrap_backend_block", ">", "backend.tf")
		commandLine(w, "terraform", "init", "-migrate-state")
		commandLine(w, "cd", strings.TrimSuffix(strings.Repeat("../", strings.Count(b.Dir, "/")+1), "/"))
	}
	fmt.Fprintln(w, l.S("2. Optionally, plan each root without an AWS account, with a checkout of terraform-basemachina-modules in MODULES (MODULES=../terraform-basemachina-modules, say):"))
	for _, b := range a.Bootstraps() {
		commandLine(w, "bridgectl", "preview", b.Dir, "--var-file", "bootstrap.tfvars", "--modules", `"$MODULES"`)
	}
	for _, e := range a.Environments {
		commandLine(w, "bridgectl", "preview", e.Name, "--var-file", e.Name+".tfvars", "--modules", `"$MODULES"`)
	}
	fmt.Fprintln(w, l.Sprintf("3. GitHub, in the settings of %s:", a.Repository))
	fmt.Fprintln(w, l.Sprintf("   - repository variables: AWS_REGION = %s, and every entry of the bootstrap output github_variables.repository", a.Environments[0].Region))
	fmt.Fprintln(w, l.S("   - the repository secret BASEMACHINA_TENANT_ID: your BaseMachina tenant id"))
	names := make([]string, len(a.Environments))
	for i, e := range a.Environments {
		names[i] = e.Name
	}
	fmt.Fprintln(w, l.Sprintf("   - the environments %s, each with the variable AWS_APPLY_ROLE_ARN from github_variables.environments; let production deploy from main only and, where your plan allows them, add required reviewers", listOf(names, l)))
	fmt.Fprintln(w, l.S("4. The first pull request: push an empty commit to main, then commit these files on a branch and open a pull request. Its run plans dev and comments the plan, its monthly cost and the security rules; merging it applies dev, then production."))
}

// listOf joins names as the language lists them: with 、 in Japanese.
func listOf(names []string, l i18n.Lang) string {
	return strings.Join(names, l.Pick("、", ", "))
}

// shellPath names a relative directory from "./", as a command line writes it.
func shellPath(p string) string {
	if filepath.IsAbs(p) || strings.HasPrefix(p, ".") {
		return p
	}
	return "./" + filepath.ToSlash(p)
}

// commandLine prints a command to type, indented under its step. A command reads the same in every
// language, so it is no catalog message.
func commandLine(w io.Writer, words ...string) {
	fmt.Fprintf(w, "     %s\n", strings.Join(words, " "))
}
