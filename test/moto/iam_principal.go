package moto

import (
	"context"
	"encoding/json"
	"net/url"

	"github.com/aws/aws-sdk-go-v2/aws"

	"terraform-basemachina-modules/test/iamsim"
)

// IAMQuery makes one IAM query-protocol call (form holds its Action and parameters; the Version
// is set by the query) and returns the XML answer.
type IAMQuery func(form url.Values) ([]byte, error)

// IAMQueryAt is the IAMQuery of the emulator endpoint of cfg, signed with cfg's credentials like
// the SDK signs (the front records it under that key).
func IAMQueryAt(ctx context.Context, cfg aws.Config) IAMQuery {
	return func(form url.Values) ([]byte, error) {
		form.Set("Version", "2010-05-08")
		return rawCall(ctx, cfg, "iam", form.Get("Action"), "application/x-www-form-urlencoded; charset=utf-8", "", []byte(form.Encode()))
	}
}

// ReadRole reads the role named name as IAM holds it: its ARN, its inline policies, its attached
// managed policies' default versions and its permissions boundary. The emulator's front (a task's
// roles) and the emulator cycles (CI's roles, as the account holds them) both read roles with it.
// On an error the principal holds what was read before it.
func ReadRole(query IAMQuery, name string) (iamsim.Principal, error) {
	var p iamsim.Principal
	role, err := query(url.Values{"Action": {"GetRole"}, "RoleName": {name}})
	if err != nil {
		return p, err
	}
	p.ARN = xmlValue(role, "Arn")
	inline, err := query(url.Values{"Action": {"ListRolePolicies"}, "RoleName": {name}})
	if err != nil {
		return p, err
	}
	for _, pn := range xmlValues(inline, "member") {
		doc, err := query(url.Values{"Action": {"GetRolePolicy"}, "RoleName": {name}, "PolicyName": {pn}})
		if err != nil {
			return p, err
		}
		text, err := url.QueryUnescape(xmlValue(doc, "PolicyDocument"))
		if err != nil {
			return p, err
		}
		p.Identity = append(p.Identity, iamsim.Policy{Name: pn, Policy: json.RawMessage(text)})
	}
	attached, err := query(url.Values{"Action": {"ListAttachedRolePolicies"}, "RoleName": {name}})
	if err != nil {
		return p, err
	}
	for _, arn := range xmlValues(attached, "PolicyArn") {
		pol, err := ReadManagedPolicy(query, arn)
		if err != nil {
			return p, err
		}
		p.Identity = append(p.Identity, pol)
	}
	if b := xmlValue(role, "PermissionsBoundaryArn"); b != "" {
		pol, err := ReadManagedPolicy(query, b)
		if err != nil {
			return p, err
		}
		p.Boundary = []iamsim.Policy{pol}
	}
	return p, nil
}

// ReadManagedPolicy reads the default version of the managed policy arn.
func ReadManagedPolicy(query IAMQuery, arn string) (iamsim.Policy, error) {
	pol, err := query(url.Values{"Action": {"GetPolicy"}, "PolicyArn": {arn}})
	if err != nil {
		return iamsim.Policy{}, err
	}
	version, err := query(url.Values{"Action": {"GetPolicyVersion"}, "PolicyArn": {arn}, "VersionId": {xmlValue(pol, "DefaultVersionId")}})
	if err != nil {
		return iamsim.Policy{}, err
	}
	text, err := url.QueryUnescape(xmlValue(version, "Document"))
	if err != nil {
		return iamsim.Policy{}, err
	}
	return iamsim.Policy{Name: xmlValue(pol, "PolicyName"), Policy: json.RawMessage(text)}, nil
}
