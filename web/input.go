package web

import (
	"net/http"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/param"
)

// Junk at the edge. Every form value and every string of a JSON body is
// checked here, once, before any handler reads it: a NUL, another control
// character or bytes that are not UTF-8 are refused with a 422 naming the
// field, so that no handler can forget and no database sees them.

// checkFormText refuses a parsed form (its query, body and the names of
// uploaded files) holding text that is not fit to store.
func checkFormText(r *http.Request) error {
	fe := bitacora.FieldErrors{}
	for k, vs := range r.Form {
		if p := bitacora.TextProblem(k); p != "" {
			fe[param.JunkName(k)] = p
			continue
		}
		for _, v := range vs {
			if p := bitacora.TextProblem(v); p != "" {
				fe[k] = p
			}
		}
	}
	if r.MultipartForm != nil {
		for k, fhs := range r.MultipartForm.File {
			if p := bitacora.TextProblem(k); p != "" {
				fe[param.JunkName(k)] = p
				continue
			}
			for _, fh := range fhs {
				if p := bitacora.TextProblem(fh.Filename); p != "" {
					fe[k] = p
				}
			}
		}
	}
	return fe.Check()
}
