package moto

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// ECR pull-through cache rules: moto 5.2.1 has none of the three actions. The runtime model reads
// the rules too: an image under a rule's prefix is pulled through the cache (runtime.go).

// ecrState is what the front holds for ECR.
type ecrState struct {
	cacheRules map[string]map[string]any // repository prefix -> rule
}

func newECRState() ecrState { return ecrState{cacheRules: map[string]map[string]any{}} }

func (f *Front) ecrService() awsService {
	return awsService{name: "ecr", actions: map[string]jsonHandler{
		"CreatePullThroughCacheRule":    f.createCacheRule,
		"DescribePullThroughCacheRules": f.describeCacheRules,
		"DeletePullThroughCacheRule":    f.deleteCacheRule,
	}}
}

func (f *Front) createCacheRule(body []byte) (any, error) {
	var in struct {
		EcrRepositoryPrefix string `json:"ecrRepositoryPrefix"`
		UpstreamRegistryURL string `json:"upstreamRegistryUrl"`
		UpstreamRegistry    string `json:"upstreamRegistry"`
		CredentialArn       string `json:"credentialArn"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, err
	}
	if in.EcrRepositoryPrefix == "" || in.UpstreamRegistryURL == "" {
		return nil, apiError{"InvalidParameterException", "ecrRepositoryPrefix and upstreamRegistryUrl are required"}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, exists := f.ecr.cacheRules[in.EcrRepositoryPrefix]; exists {
		return nil, apiError{"PullThroughCacheRuleAlreadyExistsException",
			fmt.Sprintf("a pull through cache rule with prefix %q already exists", in.EcrRepositoryPrefix)}
	}
	rule := map[string]any{
		"ecrRepositoryPrefix": in.EcrRepositoryPrefix,
		"upstreamRegistryUrl": in.UpstreamRegistryURL,
		"registryId":          f.account,
		"createdAt":           float64(time.Now().Unix()),
	}
	if in.UpstreamRegistry != "" {
		rule["upstreamRegistry"] = in.UpstreamRegistry
	}
	if in.CredentialArn != "" {
		rule["credentialArn"] = in.CredentialArn
	}
	f.ecr.cacheRules[in.EcrRepositoryPrefix] = rule
	return rule, nil
}

func (f *Front) describeCacheRules(body []byte) (any, error) {
	var in struct {
		EcrRepositoryPrefixes []string `json:"ecrRepositoryPrefixes"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	rules := []map[string]any{}
	if len(in.EcrRepositoryPrefixes) == 0 {
		for _, r := range f.ecr.cacheRules {
			rules = append(rules, r)
		}
		sort.Slice(rules, func(i, j int) bool {
			return rules[i]["ecrRepositoryPrefix"].(string) < rules[j]["ecrRepositoryPrefix"].(string)
		})
	}
	for _, p := range in.EcrRepositoryPrefixes {
		r, ok := f.ecr.cacheRules[p]
		if !ok {
			return nil, apiError{"PullThroughCacheRuleNotFoundException", fmt.Sprintf("no pull through cache rule with prefix %q", p)}
		}
		rules = append(rules, r)
	}
	return map[string]any{"pullThroughCacheRules": rules}, nil
}

func (f *Front) deleteCacheRule(body []byte) (any, error) {
	var in struct {
		EcrRepositoryPrefix string `json:"ecrRepositoryPrefix"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.ecr.cacheRules[in.EcrRepositoryPrefix]
	if !ok {
		return nil, apiError{"PullThroughCacheRuleNotFoundException", fmt.Sprintf("no pull through cache rule with prefix %q", in.EcrRepositoryPrefix)}
	}
	delete(f.ecr.cacheRules, in.EcrRepositoryPrefix)
	return r, nil
}

// CacheRule returns the pull-through cache rule with the prefix, or nil.
func (f *Front) CacheRule(prefix string) map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ecr.cacheRules[prefix]
}

// CacheRulePrefixes lists the pull-through cache rules that exist, for the leftover check.
func (f *Front) CacheRulePrefixes() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for p := range f.ecr.cacheRules {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
