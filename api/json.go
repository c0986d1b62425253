package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"unicode/utf8"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/pagecache"
	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/published"
)

// WriteJSON answers with v as JSON, as the API writes it: the server's
// error handler writes the API's errors with it too.
func WriteJSON(w http.ResponseWriter, status int, v any) {
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
// do, and are kept as bytes: a repeat costs no encoding, and a client that
// has them a 304.

// serveJSON answers a public read like a page: the JSON built once per
// snapshot (and parameters, and variant), then served from memory with
// its ETag (304 on a match) and gzip, one entry for every language. What
// build returns is encoded as WriteJSON encodes it. Only successes are
// kept: an error goes to the error handler.
func serveJSON(w http.ResponseWriter, r *http.Request, snap *published.Snapshot, params url.Values, variant string, build func(r *http.Request) (any, error)) error {
	return serveNeutral(w, r, snap, params, variant, "application/json; charset=utf-8", func(r *http.Request) ([]byte, error) {
		v, err := build(r)
		if err != nil {
			return nil, err
		}
		return encodeJSON(v)
	})
}

// serveNeutral is serveJSON for bytes of any type that are the same in
// every language (the programme's tree, the IATI file).
func serveNeutral(w http.ResponseWriter, r *http.Request, snap *published.Snapshot, params url.Values, variant, contentType string, build func(r *http.Request) ([]byte, error)) error {
	return snap.Serve(w, r, pagecache.Neutral, params, variant, contentType, build)
}

// maxJSONBody bounds what a JSON request may carry.
const maxJSONBody = 1 << 20

// decodeJSON reads a request body strictly, within the size limit, and
// refuses junk text in it (readJSON); what is wrong with a body it cannot
// read is said in plain words, with where (jsonProblem).
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	data, err := readJSON(w, r)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonProblem(data, v, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return bitacora.Errorf(bitacora.EINVALID, "malformed JSON: more than one value").WithKey("error_json_malformed")
	}
	return nil
}

// readJSON reads a JSON body within the size limit and refuses it when a
// string in it, a key or a value, is not fit to store; the field is named
// by its path ("links[2].url"). The check reads the raw bytes of each
// string, since encoding/json turns invalid UTF-8 into U+FFFD silently.
func readJSON(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, bitacora.Errorf(bitacora.ETOOLARGE, "the body is larger than %d bytes", maxJSONBody).WithKey("error_body_too_large", "Count", maxJSONBody)
		}
		return nil, bitacora.Errorf(bitacora.EINVALID, "unreadable body").WithKey("error_body_unreadable")
	}
	if err := checkJSONText(data); err != nil {
		return nil, err
	}
	return data, nil
}

// checkJSONText walks the tokens of a JSON document, keeping the path of
// each, and checks every string. A document that is not JSON is left to
// the decoder, which says why.
func checkJSONText(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	fe := bitacora.FieldErrors{}
	// One frame per open object or array: for an object, the key being
	// read (and whether the next string is a key); for an array, the index.
	var stack []jsonFrame
	path := func() string { return jsonPath(stack) }
	// A value ends: the enclosing object waits for a key again, the
	// enclosing array moves on.
	valueDone := func() {
		if n := len(stack); n > 0 {
			if stack[n-1].array {
				stack[n-1].index++
			} else {
				stack[n-1].expectKey = true
			}
		}
	}
	prev := dec.InputOffset()
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil
		}
		raw := data[prev:dec.InputOffset()]
		prev = dec.InputOffset()
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, jsonFrame{expectKey: true})
			case '[':
				stack = append(stack, jsonFrame{array: true})
			default:
				stack = stack[:len(stack)-1]
				valueDone()
			}
		case string:
			problem := bitacora.TextProblem(t)
			if !utf8.Valid(raw) {
				problem = bitacora.TextNotUTF8
			}
			if n := len(stack); n > 0 && !stack[n-1].array && stack[n-1].expectKey {
				if problem != "" {
					// A junk key is named by where it stands.
					stack[n-1].key = param.JunkName(t)
					fe[path()] = problem
				}
				stack[n-1].key, stack[n-1].expectKey = t, false
				continue
			}
			if problem != "" {
				fe[path()] = problem
			}
			valueDone()
		default:
			valueDone()
		}
	}
	return fe.Check()
}
