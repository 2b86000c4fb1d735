package emulator

import (
	"crypto/sha256"
	"encoding/base32"
	"net/url"
	"regexp"
	"strings"
)

// moto 5.2.1 gives every DB instance the same DbiResourceId (db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U). The
// provider uses that id as the instance's Terraform id and finds the instance by it, so with two
// stacks in one account each finds two instances and the apply fails. The front gives each
// instance its own id, derived from its identifier as stable as AWS's, and translates lookups by it.

var (
	dbInstanceBlock = regexp.MustCompile(`(?s)<DBInstance>.*?</DBInstance>`)
	dbInstanceID    = regexp.MustCompile(`<DBInstanceIdentifier>([^<]+)</DBInstanceIdentifier>`)
	dbiResourceID   = regexp.MustCompile(`<DbiResourceId>[^<]*</DbiResourceId>`)
)

func resourceIDFor(identifier string) string {
	sum := sha256.Sum256([]byte(identifier))
	return "db-" + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:])[:26]
}

// uniqueResourceIDs rewrites every DBInstance in an RDS answer and remembers the ids it gave.
func (f *Front) uniqueResourceIDs(respBody []byte) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return dbInstanceBlock.ReplaceAllFunc(respBody, func(block []byte) []byte {
		m := dbInstanceID.FindSubmatch(block)
		if m == nil {
			return block
		}
		id := resourceIDFor(string(m[1]))
		if f.dbInstanceOf == nil {
			f.dbInstanceOf = map[string]string{}
		}
		f.dbInstanceOf[id] = string(m[1])
		return dbiResourceID.ReplaceAll(block, []byte("<DbiResourceId>"+id+"</DbiResourceId>"))
	})
}

// lookupByResourceID turns a DescribeDBInstances filter on dbi-resource-id into one on the
// instance identifier the front gave that id to.
func (f *Front) lookupByResourceID(body []byte) []byte {
	form, err := url.ParseQuery(string(body))
	if err != nil || form.Get("Action") != "DescribeDBInstances" {
		return body
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	changed := false
	for key, values := range form {
		if !strings.HasSuffix(key, ".Name") || values[0] != "dbi-resource-id" {
			continue
		}
		prefix := strings.TrimSuffix(key, ".Name")
		for vk, vv := range form {
			if identifier, ok := f.dbInstanceOf[vv[0]]; ok && strings.HasPrefix(vk, prefix+".Values.") {
				form.Set(vk, identifier)
				form.Set(key, "db-instance-id")
				changed = true
			}
		}
	}
	if !changed {
		return body
	}
	return []byte(form.Encode())
}
