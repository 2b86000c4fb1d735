package i18n

import (
	"encoding/json"
	"errors"
	"io/fs"
	"syscall"
)

// foreign renders in Japanese the errors of Go's standard library that users meet without AWS: a
// file that cannot be read, and a file that is not JSON. It returns "" for any other error (the
// AWS SDK's, Terraform's), whose text is kept as it is. Only err itself is looked at, not what it
// wraps, so a wrapper's own text is never dropped.
func (l Lang) foreign(err error) string {
	switch e := err.(type) { //nolint:errorlint // see above
	case *fs.PathError:
		if reason := l.pathReason(e.Err); reason != "" {
			return e.Path + ": " + reason
		}
	case *json.SyntaxError:
		return l.Sprintf("not JSON from byte %d on", e.Offset)
	case *json.UnmarshalTypeError:
		return l.Sprintf("a JSON %[1]s where another type belongs (byte %[2]d)", e.Value, e.Offset)
	}
	return ""
}

func (l Lang) pathReason(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return l.S("no such file or directory")
	case errors.Is(err, fs.ErrPermission):
		return l.S("permission denied")
	case errors.Is(err, syscall.EISDIR):
		return l.S("is a directory")
	case errors.Is(err, syscall.ENOTDIR):
		return l.S("not a directory")
	}
	return ""
}
