package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/elac/bitacora"
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
			fe[junkName(k)] = p
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
				fe[junkName(k)] = p
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

// junkName names a field whose own name is junk, printably.
func junkName(k string) string {
	if len(k) > 40 {
		k = k[:40]
	}
	return strconv.QuoteToASCII(k)
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
	type frame struct {
		array     bool
		index     int
		key       string
		expectKey bool
	}
	var stack []frame
	path := func() string {
		var b []byte
		for _, f := range stack {
			if f.array {
				b = append(b, '[')
				b = strconv.AppendInt(b, int64(f.index), 10)
				b = append(b, ']')
			} else {
				if len(b) > 0 {
					b = append(b, '.')
				}
				b = append(b, f.key...)
			}
		}
		if len(b) == 0 {
			return "body"
		}
		return string(b)
	}
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
				stack = append(stack, frame{expectKey: true})
			case '[':
				stack = append(stack, frame{array: true})
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
					stack[n-1].key = junkName(t)
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
