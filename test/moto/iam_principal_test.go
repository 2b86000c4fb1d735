package moto

import (
	"errors"
	"net/url"
	"testing"
)

// TestReadRoleReadsWhatIAMHolds: a role's ARN, inline policies (URL-encoded documents, as IAM
// answers them), attached managed policies' default versions and its boundary.
func TestReadRoleReadsWhatIAMHolds(t *testing.T) {
	doc := url.QueryEscape(`{"Version":"2012-10-17","Statement":[]}`)
	answers := map[string]string{
		"GetRole":                  `<GetRoleResponse><GetRoleResult><Role><Path>/</Path><Arn>arn:aws:iam::1:role/ci</Arn><PermissionsBoundary><PermissionsBoundaryType>Policy</PermissionsBoundaryType><PermissionsBoundaryArn>arn:aws:iam::1:policy/boundary</PermissionsBoundaryArn></PermissionsBoundary></Role></GetRoleResult></GetRoleResponse>`,
		"ListRolePolicies":         `<ListRolePoliciesResponse><ListRolePoliciesResult><PolicyNames><member>inline</member></PolicyNames></ListRolePoliciesResult></ListRolePoliciesResponse>`,
		"GetRolePolicy":            `<GetRolePolicyResponse><GetRolePolicyResult><PolicyDocument>` + doc + `</PolicyDocument></GetRolePolicyResult></GetRolePolicyResponse>`,
		"ListAttachedRolePolicies": `<ListAttachedRolePoliciesResponse><ListAttachedRolePoliciesResult><AttachedPolicies><member><PolicyName>managed</PolicyName><PolicyArn>arn:aws:iam::1:policy/managed</PolicyArn></member></AttachedPolicies></ListAttachedRolePoliciesResult></ListAttachedRolePoliciesResponse>`,
		"GetPolicyVersion":         `<GetPolicyVersionResponse><GetPolicyVersionResult><PolicyVersion><Document>` + doc + `</Document></PolicyVersion></GetPolicyVersionResult></GetPolicyVersionResponse>`,
	}
	var asked []string
	query := func(form url.Values) ([]byte, error) {
		action := form.Get("Action")
		asked = append(asked, action+" "+form.Get("RoleName")+form.Get("PolicyArn")+" "+form.Get("PolicyName")+form.Get("VersionId"))
		if action == "GetPolicy" {
			name := form.Get("PolicyArn")[len("arn:aws:iam::1:policy/"):]
			return []byte(`<GetPolicyResponse><GetPolicyResult><Policy><PolicyName>` + name + `</PolicyName><DefaultVersionId>v2</DefaultVersionId></Policy></GetPolicyResult></GetPolicyResponse>`), nil
		}
		return []byte(answers[action]), nil
	}
	p, err := ReadRole(query, "ci")
	if err != nil {
		t.Fatal(err)
	}
	if p.ARN != "arn:aws:iam::1:role/ci" {
		t.Errorf("ARN: got %q", p.ARN)
	}
	var names []string
	for _, pol := range p.Identity {
		names = append(names, pol.Name)
		if string(pol.Policy) != `{"Version":"2012-10-17","Statement":[]}` {
			t.Errorf("policy %s: the document decoded, got %s", pol.Name, pol.Policy)
		}
	}
	if len(names) != 2 || names[0] != "inline" || names[1] != "managed" {
		t.Errorf("identity policies: inline first, then attached; got %v", names)
	}
	if len(p.Boundary) != 1 || p.Boundary[0].Name != "boundary" {
		t.Errorf("boundary: got %+v", p.Boundary)
	}
	for _, a := range asked {
		if a == "GetPolicyVersion arn:aws:iam::1:policy/managed v2" {
			return
		}
	}
	t.Errorf("the managed policy's default version was not asked for: %q", asked)
}

// TestReadRoleStopsAtTheFirstFailure: a failing call is the error, with what was read before it.
func TestReadRoleStopsAtTheFirstFailure(t *testing.T) {
	denied := errors.New("denied")
	query := func(form url.Values) ([]byte, error) {
		if form.Get("Action") == "ListRolePolicies" {
			return nil, denied
		}
		return []byte(`<GetRoleResponse><GetRoleResult><Role><Arn>arn:aws:iam::1:role/ci</Arn></Role></GetRoleResult></GetRoleResponse>`), nil
	}
	p, err := ReadRole(query, "ci")
	if !errors.Is(err, denied) || p.ARN != "arn:aws:iam::1:role/ci" || p.Identity != nil {
		t.Errorf("got %+v, %v", p, err)
	}
}
