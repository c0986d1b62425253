package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/programmedoc"
	"github.com/elac/bitacora/store"
)

// Path parameters are checked by hand-written matchers rather than regular
// expressions: they run on every page request.
var (
	// slugParam: a programme slug or party id, as bitacora.Slugify makes
	// them (bitacora.ValidID): every one the site hands out is accepted back.
	slugParam = param(bitacora.ValidID)
	// codeParam: an activity code, N.M, each part 1 to 4 digits.
	codeParam = param(func(s string) bool {
		n, m, ok := strings.Cut(s, ".")
		return ok && digits(n, 4) && digits(m, 4)
	})
	// numberParam: 1 to 4 digits.
	numberParam = param(func(s string) bool { return digits(s, 4) })
)

// param is a matcher of path parameters.
type param func(string) bool

func (p param) MatchString(s string) bool { return p(s) }

func digits(s string, max int) bool {
	if len(s) == 0 || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// pathValue returns a path parameter, or an EINVALID error when it cannot
// name anything: a malformed request is a 400, an unknown one a 404.
func pathValue(r *http.Request, name string, pattern interface{ MatchString(string) bool }) (string, error) {
	v := r.PathValue(name)
	if !pattern.MatchString(v) {
		return "", bitacora.Errorf(bitacora.EINVALID, "malformed %s %q", name, truncate(v, 80)).WithKey("error_malformed_param", "Name", name, "Value", truncate(v, 80))
	}
	return v, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := encodeJSON(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error":{"code":"internal","message":"Internal error."}}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
}

// encodeJSON is how the API writes JSON: indented, with <, > and & as
// they are.
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// The public API's reads answer from the published snapshot, as the pages
// do, and are kept as bytes (serveJSON): a repeat costs no encoding, and
// a client that has them a 304.

func (s *Server) apiProgrammes(w http.ResponseWriter, r *http.Request) error {
	snap, err := s.content.get(r.Context())
	if err != nil {
		return err
	}
	return s.serveJSON(w, r, snap, nil, "", func(*http.Request) (any, error) {
		return map[string]any{"programmes": snap.programmes}, nil
	})
}

// apiProgramme serves the whole tree with the parser's own JSON writer, so
// that the API and `bitacora parse --format json` give the same bytes.
func (s *Server) apiProgramme(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	return s.serveNeutral(w, r, snap, nil, "", "application/json; charset=utf-8", func(*http.Request) ([]byte, error) {
		var b bytes.Buffer
		err := programmedoc.WriteJSON(&b, doc)
		return b.Bytes(), err
	})
}

func (s *Server) apiActivity(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	code, err := pathValue(r, "code", codeParam)
	if err != nil {
		return err
	}
	return s.serveJSON(w, r, snap, nil, "", func(*http.Request) (any, error) {
		return store.ActivityOf(doc, code)
	})
}

func (s *Server) apiParties(w http.ResponseWriter, r *http.Request) error {
	snap, err := s.content.get(r.Context())
	if err != nil {
		return err
	}
	return s.serveJSON(w, r, snap, nil, "", func(*http.Request) (any, error) {
		return map[string]any{"parties": snap.parties}, nil
	})
}

// apiParty reads the party's roles from the database when its answer is
// not kept yet: a party page's data is the register's, whose order the
// store's query gives.
func (s *Server) apiParty(w http.ResponseWriter, r *http.Request) error {
	id, err := pathValue(r, "id", slugParam)
	if err != nil {
		return err
	}
	snap, err := s.content.get(r.Context())
	if err != nil {
		return err
	}
	if snap.partyByID[id] == nil {
		return bitacora.Errorf(bitacora.ENOTFOUND, "no party %q", id).WithKey("error_no_party", "Party", id)
	}
	return s.serveJSON(w, r, snap, nil, "", func(r *http.Request) (any, error) {
		return s.store.Party(r.Context(), id)
	})
}
