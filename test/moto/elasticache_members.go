package moto

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// moto 5.2.1 names a replication group's member cache clusters but never creates them, and the
// provider reads the group's encryption and security groups from the first member.

var memberClusterID = regexp.MustCompile(`<ClusterId>([^<]+)</ClusterId>`)

// copiedToMembers are the replication group parameters a member cache cluster shares.
var copiedToMembers = []string{
	"CacheNodeType", "Engine", "EngineVersion", "CacheParameterGroupName", "CacheSubnetGroupName", "Port",
	"SnapshotRetentionLimit", "SnapshotWindow", "PreferredMaintenanceWindow", "TransitEncryptionEnabled",
	"NetworkType", "IpDiscovery", "AutoMinorVersionUpgrade",
}

// afterElastiCache gives a replication group the member cache clusters moto 5.2.1 names but never
// creates (the provider reads the first one back), removes them with the group, and completes them
// as DescribeCacheClusters answers them.
func (f *Front) afterElastiCache(r *http.Request, action string, reqBody, respBody []byte) []byte {
	f.manageMemberClusters(r, action, reqBody, respBody)
	if action == "DescribeCacheClusters" {
		return f.completeMemberClusters(respBody)
	}
	return respBody
}

func (f *Front) manageMemberClusters(r *http.Request, action string, reqBody, respBody []byte) {
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
			_, _ = f.moto.post(r, []byte(member.Encode()), "")
		}
		f.mu.Lock()
		f.elastiCache.memberClusters[group] = ids
		for _, id := range ids {
			f.elastiCache.memberOf[id] = form
		}
		f.mu.Unlock()
	case "DeleteReplicationGroup":
		f.mu.Lock()
		ids := f.elastiCache.memberClusters[group]
		delete(f.elastiCache.memberClusters, group)
		f.elastiCache.deleted["replication-group/"+group] = true
		f.mu.Unlock()
		for _, id := range ids {
			_, _ = f.moto.post(r, []byte(url.Values{"Action": {"DeleteCacheCluster"}, "Version": {form.Get("Version")}, "CacheClusterId": {id}}.Encode()), "")
		}
	}
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
		form, ok := f.elastiCache.memberOf[id]
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
