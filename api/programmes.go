package api

import (
	"bytes"
	"net/http"

	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/programmedoc"
	"github.com/elac/bitacora/store"
)

// programmes lists the published programmes.
func (a *API) programmes(w http.ResponseWriter, r *http.Request) error {
	snap, err := a.d.Content.Get(r.Context())
	if err != nil {
		return err
	}
	return serveJSON(w, r, snap, nil, "", func(*http.Request) (any, error) {
		return map[string]any{"programmes": snap.Programmes}, nil
	})
}

// programme serves the whole tree with the parser's own JSON writer, so
// that the API and `bitacora parse --format json` give the same bytes.
func (a *API) programme(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := a.document(r)
	if err != nil {
		return err
	}
	return serveNeutral(w, r, snap, nil, "", "application/json; charset=utf-8", func(*http.Request) ([]byte, error) {
		var b bytes.Buffer
		err := programmedoc.WriteJSON(&b, doc)
		return b.Bytes(), err
	})
}

// activity answers one activity of a programme.
func (a *API) activity(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := a.document(r)
	if err != nil {
		return err
	}
	code, err := param.Path(r, "code", param.Code)
	if err != nil {
		return err
	}
	return serveJSON(w, r, snap, nil, "", func(*http.Request) (any, error) {
		return store.ActivityOf(doc, code)
	})
}
