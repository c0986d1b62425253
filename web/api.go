package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/programmedoc"
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
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		b.Reset()
		b.WriteString(`{"error":{"code":"internal","message":"Internal error."}}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

func (s *Server) apiProgrammes(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.Programmes(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"programmes": list})
	return nil
}

// apiProgramme serves the whole tree with the parser's own JSON writer, so
// that the API and `bitacora parse --format json` give the same bytes.
func (s *Server) apiProgramme(w http.ResponseWriter, r *http.Request) error {
	slug, err := pathValue(r, "slug", slugParam)
	if err != nil {
		return err
	}
	doc, err := s.store.Document(r.Context(), slug)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := programmedoc.WriteJSON(&b, doc); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b.Bytes())
	return nil
}

func (s *Server) apiActivity(w http.ResponseWriter, r *http.Request) error {
	slug, err := pathValue(r, "slug", slugParam)
	if err != nil {
		return err
	}
	code, err := pathValue(r, "code", codeParam)
	if err != nil {
		return err
	}
	d, err := s.store.Activity(r.Context(), slug, code)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) apiParties(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.Parties(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"parties": list})
	return nil
}

func (s *Server) apiParty(w http.ResponseWriter, r *http.Request) error {
	id, err := pathValue(r, "id", slugParam)
	if err != nil {
		return err
	}
	d, err := s.store.Party(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}
