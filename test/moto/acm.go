package moto

import (
	"encoding/json"
	"net/http"
)

// moto 5.2.1 answers a re-import (ImportCertificate with CertificateArn) by storing a new record
// under the same ARN, without the tags the certificate had. AWS keeps the certificate's ARN, its
// associations and its tags: tags cannot be given on a re-import (ACM User Guide, "Reimport a
// certificate": "You cannot apply resource tags when reimporting a certificate"), and the
// provider's acceptance test TestAccACMCertificate_PrivateKey_tags re-imports a new body and reads
// the same tags back. Renewing the example's self-signed certificate takes this path, so the front
// carries the tags across the re-import, as AWS does.

func (f *Front) acmService() awsService {
	return awsService{name: "acm", serve: func(w http.ResponseWriter, r *http.Request, action string, body []byte) bool {
		return action == "ImportCertificate" && f.reimportCertificate(w, r, body)
	}}
}

// reimportCertificate handles an ImportCertificate that names an existing certificate; it returns
// false for every other request.
func (f *Front) reimportCertificate(w http.ResponseWriter, r *http.Request, body []byte) bool {
	var in struct {
		CertificateArn string `json:"CertificateArn"`
	}
	if json.Unmarshal(body, &in) != nil || in.CertificateArn == "" {
		return false
	}
	arn, _ := json.Marshal(map[string]string{"CertificateArn": in.CertificateArn})
	listed, err := f.moto.post(r, arn, "CertificateManager.ListTagsForCertificate")
	if err != nil {
		return false // not a certificate moto knows: moto gives AWS's error
	}
	var tags struct {
		Tags []map[string]string `json:"Tags"`
	}
	if err := json.Unmarshal(listed, &tags); err != nil {
		return false
	}
	status, header, respBody, err := f.moto.forward(r, body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return true
	}
	if status == http.StatusOK && len(tags.Tags) > 0 {
		add, _ := json.Marshal(map[string]any{"CertificateArn": in.CertificateArn, "Tags": tags.Tags})
		if _, err := f.moto.post(r, add, "CertificateManager.AddTagsToCertificate"); err != nil {
			http.Error(w, "restore the certificate's tags after its re-import: "+err.Error(), http.StatusBadGateway)
			return true
		}
	}
	w.Header().Set("Content-Type", header.Get("Content-Type"))
	w.WriteHeader(status)
	_, _ = w.Write(respBody)
	return true
}
