package moto

import (
	"bytes"
	"net/http"
)

// moto 5.2.1 copies the tag specification CreateLaunchTemplate gives for the template itself
// (resource type launch-template) into the template's version data, so DescribeLaunchTemplateVersions
// answers a third tag specification that AWS keeps apart (on the template, not in its data). The
// provider then plans an update at every plan, and the update starts an instance refresh. The front
// removes that item from the answer.

func (f *Front) ec2Service() awsService {
	return awsService{name: "ec2", adjust: func(_ *http.Request, action string, _, respBody []byte) []byte {
		if action == "DescribeLaunchTemplateVersions" {
			return withoutLaunchTemplateTagSpec(respBody)
		}
		return respBody
	}}
}

var launchTemplateSpec = []byte("<resourceType>launch-template</resourceType>")

// withoutLaunchTemplateTagSpec removes every tag specification item of resource type
// launch-template from a DescribeLaunchTemplateVersions answer.
func withoutLaunchTemplateTagSpec(body []byte) []byte {
	for {
		at := bytes.Index(body, launchTemplateSpec)
		if at < 0 {
			return body
		}
		start := bytes.LastIndex(body[:at], []byte("<item>"))
		end := itemEnd(body, start)
		if start < 0 || end < 0 {
			return body
		}
		body = append(append([]byte{}, body[:start]...), body[end:]...)
	}
}

// itemEnd finds the end of the <item> element that starts at start, counting nested items.
func itemEnd(body []byte, start int) int {
	depth := 0
	for i := start; i < len(body); {
		switch {
		case bytes.HasPrefix(body[i:], []byte("<item>")):
			depth++
			i += len("<item>")
		case bytes.HasPrefix(body[i:], []byte("</item>")):
			depth--
			i += len("</item>")
			if depth == 0 {
				return i
			}
		default:
			i++
		}
	}
	return -1
}
