package emulator

import (
	"bytes"
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
// group actions and cannot delete a cache subnet group.

const elastiCacheNS = "http://elasticache.amazonaws.com/doc/2015-02-02/"

type userGroup struct {
	ID      string
	Engine  string
	UserIDs []string
	Tags    map[string]string
}

// serveElastiCache answers the actions moto lacks; it returns false for everything else.
func (f *Front) serveElastiCache(w http.ResponseWriter, action string, body []byte) bool {
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
	if _, exists := f.userGroups[id]; exists {
		return xmlAnswer{err: apiError{"UserGroupAlreadyExists", fmt.Sprintf("User group %s already exists.", id)}}
	}
	g := &userGroup{ID: id, Engine: form.Get("Engine"), UserIDs: members(form, "UserIds"), Tags: tagsFrom(form)}
	f.userGroups[id] = g
	return xmlAnswer{result: g.xml("creating")}
}

func (f *Front) describeUserGroups(form url.Values) xmlAnswer {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := form.Get("UserGroupId")
	var ids []string
	if id != "" {
		if _, ok := f.userGroups[id]; !ok {
			return xmlAnswer{err: apiError{"UserGroupNotFound", fmt.Sprintf("User group %s not found.", id)}}
		}
		ids = []string{id}
	} else {
		for k := range f.userGroups {
			ids = append(ids, k)
		}
		sort.Strings(ids)
	}
	var b strings.Builder
	b.WriteString("<UserGroups>")
	for _, k := range ids {
		b.WriteString("<member>" + f.userGroups[k].xml("active") + "</member>")
	}
	b.WriteString("</UserGroups>")
	return xmlAnswer{result: b.String()}
}

func (f *Front) modifyUserGroup(form url.Values) xmlAnswer {
	f.mu.Lock()
	defer f.mu.Unlock()
	g, ok := f.userGroups[form.Get("UserGroupId")]
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
	return xmlAnswer{result: g.xml("modifying")}
}

func (f *Front) deleteUserGroup(form url.Values) xmlAnswer {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := form.Get("UserGroupId")
	g, ok := f.userGroups[id]
	if !ok {
		return xmlAnswer{err: apiError{"UserGroupNotFound", fmt.Sprintf("User group %s not found.", id)}}
	}
	delete(f.userGroups, id)
	return xmlAnswer{result: g.xml("deleting")}
}

func (f *Front) userGroupTags(action string, form url.Values) xmlAnswer {
	f.mu.Lock()
	defer f.mu.Unlock()
	arn := form.Get("ResourceName")
	g, ok := f.userGroups[arn[strings.LastIndex(arn, ":")+1:]]
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
	if f.deletedSubnetGroups == nil {
		f.deletedSubnetGroups = map[string]bool{}
	}
	if f.deletedSubnetGroups[name] {
		return xmlAnswer{err: apiError{"CacheSubnetGroupNotFoundFault", fmt.Sprintf("CacheSubnetGroup %s not found.", name)}}
	}
	f.deletedSubnetGroups[name] = true
	return xmlAnswer{}
}

func (f *Front) subnetGroupDeleted(name string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.deletedSubnetGroups[name]
}

func (f *Front) replicationGroupDeleted(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.deletedReplicationGroups[id]
}

// UserGroupIDs lists the ElastiCache user groups that exist, for the leftover check.
func (f *Front) UserGroupIDs() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for id := range f.userGroups {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

func (g *userGroup) xml(status string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<UserGroupId>%s</UserGroupId><Status>%s</Status><Engine>%s</Engine><MinimumEngineVersion>6.0</MinimumEngineVersion>",
		escape(g.ID), status, escape(g.Engine))
	b.WriteString("<UserIds>")
	for _, u := range g.UserIDs {
		b.WriteString("<member>" + escape(u) + "</member>")
	}
	b.WriteString("</UserIds><ReplicationGroups></ReplicationGroups>")
	fmt.Fprintf(&b, "<ARN>arn:aws:elasticache:ap-northeast-1:%s:usergroup:%s</ARN>", registryID, escape(g.ID))
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

var memberClusterID = regexp.MustCompile(`<ClusterId>([^<]+)</ClusterId>`)

// copiedToMembers are the replication group parameters a member cache cluster shares.
var copiedToMembers = []string{
	"CacheNodeType", "Engine", "EngineVersion", "CacheParameterGroupName", "CacheSubnetGroupName", "Port",
	"SnapshotRetentionLimit", "SnapshotWindow", "PreferredMaintenanceWindow", "TransitEncryptionEnabled",
	"NetworkType", "IpDiscovery", "AutoMinorVersionUpgrade",
}

// afterElastiCache gives a replication group the member cache clusters moto 5.2.1 names but never
// creates (the provider reads the first one back), and removes them with the group.
func (f *Front) afterElastiCache(r *http.Request, action string, reqBody, respBody []byte) {
	form, err := url.ParseQuery(string(reqBody))
	if err != nil {
		return
	}
	group := form.Get("ReplicationGroupId")
	switch action {
	case "CreateReplicationGroup":
		var ids []string
		for _, m := range memberClusterID.FindAllSubmatch(respBody, -1) {
			ids = append(ids, string(m[1]))
		}
		for _, id := range ids {
			member := url.Values{"Action": {"CreateCacheCluster"}, "Version": {form.Get("Version")},
				"CacheClusterId": {id}, "ReplicationGroupId": {group}}
			for _, k := range copiedToMembers {
				if v := form.Get(k); v != "" {
					member.Set(k, v)
				}
			}
			for i, sg := range members(form, "SecurityGroupIds") {
				member.Set(fmt.Sprintf("SecurityGroupIds.SecurityGroupId.%d", i+1), sg)
			}
			_ = f.call(r, member)
		}
		f.mu.Lock()
		if f.memberClusters == nil {
			f.memberClusters, f.memberOf = map[string][]string{}, map[string]url.Values{}
		}
		f.memberClusters[group] = ids
		for _, id := range ids {
			f.memberOf[id] = form
		}
		f.mu.Unlock()
	case "DeleteReplicationGroup":
		f.mu.Lock()
		ids := f.memberClusters[group]
		delete(f.memberClusters, group)
		if f.deletedReplicationGroups == nil {
			f.deletedReplicationGroups = map[string]bool{}
		}
		f.deletedReplicationGroups[group] = true
		f.mu.Unlock()
		for _, id := range ids {
			_ = f.call(r, url.Values{"Action": {"DeleteCacheCluster"}, "Version": {form.Get("Version")}, "CacheClusterId": {id}})
		}
	}
}

// call sends one more query-protocol request to moto, signed like r (moto reads the service and
// region from the signature, not its validity).
func (f *Front) call(r *http.Request, form url.Values) error {
	req, err := http.NewRequestWithContext(r.Context(), http.MethodPost, f.upstream+"/", bytes.NewBufferString(form.Encode()))
	if err != nil {
		return err
	}
	for _, h := range []string{"Authorization", "X-Amz-Date", "Content-Type"} {
		req.Header.Set(h, r.Header.Get(h))
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", form.Get("Action"), resp.Status)
	}
	return nil
}

var cacheClusterBlock = regexp.MustCompile(`(?s)<CacheCluster>.*?</CacheCluster>`)

// completeMemberClusters states on each member cluster what its replication group was created
// with: moto's CreateCacheCluster has no at-rest encryption or transit mode and drops the security
// groups, and the provider reads these from the first member cluster.
func (f *Front) completeMemberClusters(respBody []byte) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return cacheClusterBlock.ReplaceAllFunc(respBody, func(block []byte) []byte {
		id := memberClusterIDOf(block)
		form, ok := f.memberOf[id]
		if !ok {
			return block
		}
		var extra strings.Builder
		set := func(element, value string) {
			block = regexp.MustCompile(`(?s)<`+element+`>.*?</`+element+`>|<`+element+`/>`).ReplaceAll(block, nil)
			if value != "" {
				fmt.Fprintf(&extra, "<%s>%s</%s>", element, value, element)
			}
		}
		set("AtRestEncryptionEnabled", strings.ToLower(form.Get("AtRestEncryptionEnabled")))
		set("TransitEncryptionMode", form.Get("TransitEncryptionMode"))
		var groups strings.Builder
		for _, sg := range members(form, "SecurityGroupIds") {
			fmt.Fprintf(&groups, "<member><SecurityGroupId>%s</SecurityGroupId><Status>active</Status></member>", escape(sg))
		}
		set("SecurityGroups", groups.String())
		return bytes.Replace(block, []byte("</CacheCluster>"), []byte(extra.String()+"</CacheCluster>"), 1)
	})
}

var cacheClusterID = regexp.MustCompile(`<CacheClusterId>([^<]+)</CacheClusterId>`)

func memberClusterIDOf(block []byte) string {
	if m := cacheClusterID.FindSubmatch(block); m != nil {
		return string(m[1])
	}
	return ""
}
