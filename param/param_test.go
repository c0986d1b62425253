package param_test

import (
	"net/http/httptest"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/param"
)

// An id is a positive integer; a number too large for any id is an
// address with nothing there (not found), not a malformed one.
func TestID(t *testing.T) {
	for _, tc := range []struct {
		v    string
		id   int64
		code string
	}{
		{"12", 12, ""},
		{"9223372036854775807", 9223372036854775807, ""},
		{"9223372036854775808", 0, bitacora.ENOTFOUND},
		{"99999999999999999999999999999999999999", 0, bitacora.ENOTFOUND},
		{"0", 0, bitacora.EINVALID},
		{"-3", 0, bitacora.EINVALID},
		{"-99999999999999999999999", 0, bitacora.EINVALID},
		{"abc", 0, bitacora.EINVALID},
		{"", 0, bitacora.EINVALID},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.SetPathValue("id", tc.v)
		id, err := param.ID(r, "id")
		if id != tc.id || bitacora.ErrorCode(err) != tc.code {
			t.Errorf("ID(%q) = %d, %v; want %d, %q", tc.v, id, err, tc.id, tc.code)
		}
	}
}
