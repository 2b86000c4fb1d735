package moto

import (
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// ElastiCache speaks the query protocol: form-encoded requests, XML answers. moto 5.2.1 has no user
// group actions, no ModifyUser, and cannot delete a cache subnet group.

const elastiCacheNS = "http://elasticache.amazonaws.com/doc/2015-02-02/"

// elastiCacheState is what the front holds for ElastiCache.
type elastiCacheState struct {
	userGroups     map[string]*userGroup // user group id -> group
	deleted        map[string]bool       // "kind/id" of resources moto cannot delete or keeps "deleting"
	memberClusters map[string][]string   // replication group id -> cache clusters the front created (elasticache_members.go)
	memberOf       map[string]url.Values // member cluster id -> its group's CreateReplicationGroup form
}

func newElastiCacheState() elastiCacheState {
	return elastiCacheState{
		userGroups: map[string]*userGroup{}, deleted: map[string]bool{},
		memberClusters: map[string][]string{}, memberOf: map[string]url.Values{},
	}
}

func (f *Front) elastiCacheService() awsService {
	return awsService{name: "elasticache", serve: f.serveElastiCache, adjust: f.afterElastiCache,
		refuse: map[string]func(*http.Request, []byte) error{"CreateUserGroup": f.checkDefaultUser}}
}

type userGroup struct {
	ID      string
	Engine  string
	UserIDs []string
	Tags    map[string]string
}

// serveElastiCache answers the actions moto lacks; it returns false for everything else.
func (f *Front) serveElastiCache(w http.ResponseWriter, r *http.Request, action string, body []byte) bool {
	switch action {
	case "ModifyUser":
		return f.modifyUser(w, r, body)
	case "CreateCacheSubnetGroup":
		return f.recreateSubnetGroup(w, r, body)
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return false
	}
	switch action {
	case "CreateUserGroup":
		f.writeXML(w, action, f.createUserGroup(form))
	case "DescribeUserGroups":
		f.writeXML(w, action, f.describeUserGroups(form))
	case "ModifyUserGroup":
		f.writeXML(w, action, f.modifyUserGroup(form))
	case "DeleteUserGroup":
		f.writeXML(w, action, f.deleteUserGroup(form))
	case "DeleteCacheSubnetGroup":
		f.writeXML(w, action, f.deleteCacheSubnetGroup(form))
	case "ListTagsForResource", "AddTagsToResource", "RemoveTagsFromResource":
		// moto keeps tags for its own resources only; the user groups live here.
		if !strings.Contains(form.Get("ResourceName"), ":usergroup:") {
			return false
		}
		f.writeXML(w, action, f.userGroupTags(action, form))
	case "DescribeCacheSubnetGroups":
		if name := form.Get("CacheSubnetGroupName"); name != "" && f.subnetGroupDeleted(name) {
			f.writeXML(w, action, xmlAnswer{err: apiError{"CacheSubnetGroupNotFoundFault", fmt.Sprintf("CacheSubnetGroup %s not found.", name)}})
			return true
		}
		return false
	case "DescribeReplicationGroups":
		// moto leaves a deleted group "deleting" for ever; AWS removes it.
		if id := form.Get("ReplicationGroupId"); id != "" && f.replicationGroupDeleted(id) {
			f.writeXML(w, action, xmlAnswer{err: apiError{"ReplicationGroupNotFoundFault", fmt.Sprintf("ReplicationGroup %s not found.", id)}})
			return true
		}
		return false
	default:
		return false
	}
	return true
}

// xmlAnswer is either the inner XML of an action's Result element or an error.
type xmlAnswer struct {
	result string
	err    error
}

func (f *Front) writeXML(w http.ResponseWriter, action string, a xmlAnswer) {
	w.Header().Set("Content-Type", "text/xml")
	if a.err != nil {
		code := "InvalidParameterValue"
		var ae apiError
		if errors.As(a.err, &ae) {
			code = ae.code
		}
		status := http.StatusBadRequest
		if strings.HasSuffix(code, "NotFound") || strings.HasSuffix(code, "NotFoundFault") {
			status = http.StatusNotFound
		}
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `<ErrorResponse xmlns=%q><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>emulator-front</RequestId></ErrorResponse>`,
			elastiCacheNS, code, escape(a.err.Error()))
		return
	}
	_, _ = fmt.Fprintf(w, `<%sResponse xmlns=%q><%sResult>%s</%sResult><ResponseMetadata><RequestId>emulator-front</RequestId></ResponseMetadata></%sResponse>`,
		action, elastiCacheNS, action, a.result, action, action)
}

func (f *Front) createUserGroup(form url.Values) xmlAnswer {
	id := form.Get("UserGroupId")
	if id == "" {
		return xmlAnswer{err: apiError{"InvalidParameterValue", "UserGroupId is required"}}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, exists := f.elastiCache.userGroups[id]; exists {
		return xmlAnswer{err: apiError{"UserGroupAlreadyExists", fmt.Sprintf("User group %s already exists.", id)}}
	}
	g := &userGroup{ID: id, Engine: form.Get("Engine"), UserIDs: members(form, "UserIds"), Tags: tagsFrom(form)}
	f.elastiCache.userGroups[id] = g
	return xmlAnswer{result: g.xml("creating", f.account)}
}

func (f *Front) describeUserGroups(form url.Values) xmlAnswer {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := form.Get("UserGroupId")
	var ids []string
	if id != "" {
		if _, ok := f.elastiCache.userGroups[id]; !ok {
			return xmlAnswer{err: apiError{"UserGroupNotFound", fmt.Sprintf("User group %s not found.", id)}}
		}
		ids = []string{id}
	} else {
		for k := range f.elastiCache.userGroups {
			ids = append(ids, k)
		}
		sort.Strings(ids)
	}
	var b strings.Builder
	b.WriteString("<UserGroups>")
	for _, k := range ids {
		b.WriteString("<member>" + f.elastiCache.userGroups[k].xml("active", f.account) + "</member>")
	}
	b.WriteString("</UserGroups>")
	return xmlAnswer{result: b.String()}
}

func (f *Front) modifyUserGroup(form url.Values) xmlAnswer {
	f.mu.Lock()
	defer f.mu.Unlock()
	g, ok := f.elastiCache.userGroups[form.Get("UserGroupId")]
	if !ok {
		return xmlAnswer{err: apiError{"UserGroupNotFound", fmt.Sprintf("User group %s not found.", form.Get("UserGroupId"))}}
	}
	remove := map[string]bool{}
	for _, u := range members(form, "UserIdsToRemove") {
		remove[u] = true
	}
	var kept []string
	for _, u := range g.UserIDs {
		if !remove[u] {
			kept = append(kept, u)
		}
	}
	g.UserIDs = append(kept, members(form, "UserIdsToAdd")...)
	return xmlAnswer{result: g.xml("modifying", f.account)}
}

func (f *Front) deleteUserGroup(form url.Values) xmlAnswer {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := form.Get("UserGroupId")
	g, ok := f.elastiCache.userGroups[id]
	if !ok {
		return xmlAnswer{err: apiError{"UserGroupNotFound", fmt.Sprintf("User group %s not found.", id)}}
	}
	delete(f.elastiCache.userGroups, id)
	return xmlAnswer{result: g.xml("deleting", f.account)}
}

func (f *Front) userGroupTags(action string, form url.Values) xmlAnswer {
	f.mu.Lock()
	defer f.mu.Unlock()
	arn := form.Get("ResourceName")
	g, ok := f.elastiCache.userGroups[arn[strings.LastIndex(arn, ":")+1:]]
	if !ok {
		return xmlAnswer{err: apiError{"UserGroupNotFound", fmt.Sprintf("User group of %s not found.", arn)}}
	}
	switch action {
	case "AddTagsToResource":
		for k, v := range tagsFrom(form) {
			g.Tags[k] = v
		}
	case "RemoveTagsFromResource":
		for _, k := range members(form, "TagKeys") {
			delete(g.Tags, k)
		}
	}
	keys := make([]string, 0, len(g.Tags))
	for k := range g.Tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("<TagList>")
	for _, k := range keys {
		fmt.Fprintf(&b, "<Tag><Key>%s</Key><Value>%s</Value></Tag>", escape(k), escape(g.Tags[k]))
	}
	b.WriteString("</TagList>")
	return xmlAnswer{result: b.String()}
}

func (f *Front) deleteCacheSubnetGroup(form url.Values) xmlAnswer {
	f.mu.Lock()
	defer f.mu.Unlock()
	name := form.Get("CacheSubnetGroupName")
	if f.elastiCache.deleted["subnet-group/"+name] {
		return xmlAnswer{err: apiError{"CacheSubnetGroupNotFoundFault", fmt.Sprintf("CacheSubnetGroup %s not found.", name)}}
	}
	f.elastiCache.deleted["subnet-group/"+name] = true
	return xmlAnswer{}
}

func (f *Front) subnetGroupDeleted(name string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.elastiCache.deleted["subnet-group/"+name]
}

func (f *Front) replicationGroupDeleted(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.elastiCache.deleted["replication-group/"+id]
}

// UserGroupIDs lists the ElastiCache user groups that exist, for the leftover check.
func (f *Front) UserGroupIDs() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for id := range f.elastiCache.userGroups {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

func (g *userGroup) xml(status, account string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<UserGroupId>%s</UserGroupId><Status>%s</Status><Engine>%s</Engine><MinimumEngineVersion>6.0</MinimumEngineVersion>",
		escape(g.ID), status, escape(g.Engine))
	b.WriteString("<UserIds>")
	for _, u := range g.UserIDs {
		b.WriteString("<member>" + escape(u) + "</member>")
	}
	b.WriteString("</UserIds><ReplicationGroups></ReplicationGroups>")
	fmt.Fprintf(&b, "<ARN>arn:aws:elasticache:ap-northeast-1:%s:usergroup:%s</ARN>", account, escape(g.ID))
	return b.String()
}

// members reads a query-protocol list: Name.member.1, Name.member.2, ... or, for lists whose
// members have their own name, Name.SecurityGroupId.1, ...
func members(form url.Values, name string) []string {
	byIndex := map[int]string{}
	for key, values := range form {
		rest, ok := strings.CutPrefix(key, name+".")
		if !ok {
			continue
		}
		parts := strings.Split(rest, ".")
		if len(parts) != 2 {
			continue
		}
		if i, err := strconv.Atoi(parts[1]); err == nil {
			byIndex[i] = values[0]
		}
	}
	var out []string
	for i := 1; i <= len(byIndex); i++ {
		v, ok := byIndex[i]
		if !ok {
			break
		}
		out = append(out, v)
	}
	return out
}

func tagsFrom(form url.Values) map[string]string {
	tags := map[string]string{}
	for i := 1; ; i++ {
		k := form.Get(fmt.Sprintf("Tags.Tag.%d.Key", i))
		if k == "" {
			k = form.Get(fmt.Sprintf("Tags.member.%d.Key", i))
		}
		if k == "" {
			return tags
		}
		v := form.Get(fmt.Sprintf("Tags.Tag.%d.Value", i))
		if v == "" {
			v = form.Get(fmt.Sprintf("Tags.member.%d.Value", i))
		}
		tags[k] = v
	}
}

func escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

var userMember = regexp.MustCompile(`(?s)<Users>\s*<member>(.*?)</member>`)

// modifyUser answers ModifyUser (a new password, as a rotation sets) with the user as moto
// describes it. AWS never returns passwords, so the change itself has nothing moto could show;
// an unknown user is the error AWS gives. It always answers (true).
func (f *Front) modifyUser(w http.ResponseWriter, r *http.Request, body []byte) bool {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		f.writeXML(w, "ModifyUser", xmlAnswer{err: err})
		return true
	}
	id := form.Get("UserId")
	described, err := f.moto.post(r, []byte(url.Values{"Action": {"DescribeUsers"}, "Version": {form.Get("Version")}, "UserId": {id}}.Encode()), "")
	m := userMember.FindSubmatch(described)
	if err != nil || m == nil {
		f.writeXML(w, "ModifyUser", xmlAnswer{err: apiError{"UserNotFound", fmt.Sprintf("User %s not found.", id)}})
		return true
	}
	f.writeXML(w, "ModifyUser", xmlAnswer{result: string(m[1])})
	return true
}

var (
	subnetGroupBlock = regexp.MustCompile(`(?s)<CacheSubnetGroup>.*?</CacheSubnetGroup>`)
	subnetIdentifier = regexp.MustCompile(`<SubnetIdentifier>([^<]+)</SubnetIdentifier>`)
)

// recreateSubnetGroup answers CreateCacheSubnetGroup for a name the front deleted (moto cannot
// delete a cache subnet group, and has no ModifyCacheSubnetGroup): the group moto still holds is
// the one created again when it has the same subnets, as a stack turning Redis off and on again
// asks. Other subnets are refused with the reason; a name not deleted goes to moto (false).
func (f *Front) recreateSubnetGroup(w http.ResponseWriter, r *http.Request, body []byte) bool {
	form, err := url.ParseQuery(string(body))
	name := form.Get("CacheSubnetGroupName")
	if err != nil || !f.subnetGroupDeleted(name) {
		return false
	}
	described, err := f.moto.post(r, []byte(url.Values{"Action": {"DescribeCacheSubnetGroups"}, "Version": {form.Get("Version")}, "CacheSubnetGroupName": {name}}.Encode()), "")
	block := subnetGroupBlock.Find(described)
	if err != nil || block == nil {
		return false
	}
	var held []string
	for _, m := range subnetIdentifier.FindAllSubmatch(block, -1) {
		held = append(held, string(m[1]))
	}
	asked := members(form, "SubnetIds")
	sort.Strings(held)
	sort.Strings(asked)
	if strings.Join(held, ",") != strings.Join(asked, ",") {
		f.writeXML(w, "CreateCacheSubnetGroup", xmlAnswer{err: fmt.Errorf("emulator: moto still holds the deleted cache subnet group %s with subnets %v and cannot change them to %v", name, held, asked)})
		return true
	}
	f.mu.Lock()
	delete(f.elastiCache.deleted, "subnet-group/"+name)
	f.mu.Unlock()
	f.writeXML(w, "CreateCacheSubnetGroup", xmlAnswer{result: string(block)})
	return true
}

// checkDefaultUser: a Redis user group must hold a user whose user name is "default" (ElastiCache
// API Reference, CreateUserGroup, error DefaultUserRequired).
func (f *Front) checkDefaultUser(r *http.Request, body []byte) error {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil
	}
	for _, id := range members(form, "UserIds") {
		out, err := f.moto.ask(r, "elasticache", []byte(url.Values{"Action": {"DescribeUsers"}, "Version": {"2015-02-02"}, "UserId": {id}}.Encode()), "")
		if err == nil && xmlValue(out, "UserName") == "default" {
			return nil
		}
	}
	return apiError{"DefaultUserRequired", "You must add default user to a user group."}
}
