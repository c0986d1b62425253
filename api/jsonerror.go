package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
)

// A newcomer's JSON goes wrong in a few ways: nothing sent, a syntax
// error, a value of the wrong kind ("links": ["https://…"] where objects
// are expected), a field the request does not take. encoding/json says
// each in Go's words ("cannot unmarshal string into Go struct field
// .ReportContent.links of type bitacora.Link"); jsonProblem says them in
// the API's: where (the JSON path, "links[0]", or the line and column)
// and what was expected, in plain words and in the reader's language.
// Each is a 400 with the documented error shape.

// jsonProblem explains why decoding data into v (a pointer) failed with
// err.
func jsonProblem(data []byte, v any, err error) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return bitacora.Errorf(bitacora.EINVALID, "the body is empty: send a JSON object").WithKey("json_empty_body")
	}
	var syntax *json.SyntaxError
	var kind *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		// Offset counts the wrong character in: point at it.
		line, col := lineColumn(data, max(syntax.Offset-1, 0))
		if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(syntax.Error(), "unexpected end") {
			return bitacora.Errorf(bitacora.EINVALID, "the JSON ends too early, at line %d, column %d: a closing bracket, brace or quote is missing", line, col).
				WithKey("json_syntax_end", "Line", line, "Column", col)
		}
		return bitacora.Errorf(bitacora.EINVALID, "malformed JSON at line %d, column %d: %v", line, col, syntax).
			WithKey("json_syntax", "Line", line, "Column", col)
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, col := lineColumn(data, int64(len(data)))
		return bitacora.Errorf(bitacora.EINVALID, "the JSON ends too early, at line %d, column %d: a closing bracket, brace or quote is missing", line, col).
			WithKey("json_syntax_end", "Line", line, "Column", col)
	case errors.As(err, &kind):
		path, name := valueAt(data, kind.Offset)
		want := expected(kind.Type, name)
		found := foundKind(kind.Value)
		return bitacora.Errorf(bitacora.EINVALID, "%s: expected %s, found %s", path, want.Message, found.Message).
			WithKey("json_wrong_kind", "Field", path, "Expected", want, "Found", found)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name, _ = strconv.Unquote(name)
		path, known := unknownField(data, reflect.TypeOf(v))
		if path == "" {
			path = name
		}
		list := strings.Join(known, ", ")
		return bitacora.Errorf(bitacora.EINVALID, "%s is not a field of this request; it takes %s", path, list).
			WithKey("json_unknown_field", "Field", path, "Known", list)
	}
	return bitacora.Errorf(bitacora.EINVALID, "malformed JSON: %v", err).WithKey("error_json_malformed")
}

// lineColumn turns a byte offset into a line and a column, both from 1
// (the column counts characters, not bytes).
func lineColumn(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	if i := bytes.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	return line, len([]rune(string(before))) + 1
}

// jsonFrame is one open object or array while walking a document's
// tokens: for an object, the key being read (and whether the next string
// is a key); for an array, the index. t is the Go type decoded into, when
// known.
type jsonFrame struct {
	array     bool
	index     int
	key       string
	expectKey bool
	t         reflect.Type
}

func jsonPath(stack []jsonFrame) string {
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

// walkJSON calls value for each value of data (not for keys) with the
// frames around it and the offset it starts at (leading space included),
// key for each object key, and open for each object or array just opened.
// A callback that returns false, or a document that is not JSON, ends the
// walk.
func walkJSON(data []byte, value func(stack []jsonFrame, start int64) bool, key func(stack []jsonFrame, name string) bool, open func(stack []jsonFrame)) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var stack []jsonFrame
	done := func() {
		if n := len(stack); n > 0 {
			if stack[n-1].array {
				stack[n-1].index++
			} else {
				stack[n-1].expectKey = true
			}
		}
	}
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			done()
			continue
		}
		if s, ok := tok.(string); ok {
			if n := len(stack); n > 0 && !stack[n-1].array && stack[n-1].expectKey {
				if key != nil && !key(stack, s) {
					return
				}
				stack[n-1].key, stack[n-1].expectKey = s, false
				continue
			}
		}
		if value != nil && !value(stack, start) {
			return
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, jsonFrame{expectKey: true})
			if open != nil {
				open(stack)
			}
		case json.Delim('['):
			stack = append(stack, jsonFrame{array: true})
			if open != nil {
				open(stack)
			}
		default:
			done()
		}
	}
}

// valueAt returns the path of the value encoding/json was reading when it
// stopped at off (the last value to start before it), and the name of the
// object key it stands under, if any.
func valueAt(data []byte, off int64) (path, name string) {
	path = "body"
	walkJSON(data, func(stack []jsonFrame, start int64) bool {
		if start >= off {
			return false
		}
		path, name = jsonPath(stack), ""
		if n := len(stack); n > 0 && !stack[n-1].array {
			name = stack[n-1].key
		}
		return true
	}, nil, nil)
	return path, name
}

// unknownField walks data alongside the type it is decoded into and
// returns the path of the first key that no field of its object takes
// (as encoding/json matches them, ignoring case), and the names the
// object does take.
func unknownField(data []byte, t reflect.Type) (path string, known []string) {
	var types []reflect.Type // the type of each open frame
	walkJSON(data, nil, func(stack []jsonFrame, name string) bool {
		ft := types[len(stack)-1]
		if ft == nil || ft.Kind() != reflect.Struct {
			return true
		}
		fields := jsonFields(ft)
		for _, f := range fields {
			if strings.EqualFold(f.name, name) {
				return true
			}
		}
		stack[len(stack)-1].key = name
		path = jsonPath(stack)
		for _, f := range fields {
			known = append(known, f.name)
		}
		return false
	}, func(stack []jsonFrame) {
		// The type of the value just opened, from its parent's.
		var vt reflect.Type
		if len(stack) == 1 {
			vt = t
		} else if pt := types[len(stack)-2]; pt != nil {
			vt = childType(pt, stack[len(stack)-2])
		}
		types = append(types[:len(stack)-1], deref(vt))
	})
	sort.Strings(known)
	return path, known
}

func deref(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// childType is the type of the value a frame of type t holds at its
// current key or index.
func childType(t reflect.Type, f jsonFrame) reflect.Type {
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		return t.Elem()
	case reflect.Struct:
		for _, field := range jsonFields(t) {
			if strings.EqualFold(field.name, f.key) {
				return field.t
			}
		}
	}
	return nil
}

type jsonField struct {
	name string
	t    reflect.Type
}

// jsonFields lists the fields encoding/json reads into a struct, those of
// embedded structs included.
func jsonFields(t reflect.Type) []jsonField {
	var out []jsonField
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			if et := deref(f.Type); et.Kind() == reflect.Struct {
				out = append(out, jsonFields(et)...)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, jsonField{name: name, t: f.Type})
	}
	return out
}

// expected says in plain words what a value of type t is (name is the
// key it stands under: the API's dates are strings whose names say so).
func expected(t reflect.Type, name string) *bitacora.Error {
	t = deref(t)
	if t == nil {
		return bitacora.Errorf(bitacora.EINVALID, "a value").WithKey("json_kind_value")
	}
	switch t.Kind() {
	case reflect.String:
		if name == "date" || name == "deadline" || strings.HasSuffix(name, "_on") {
			return bitacora.Errorf(bitacora.EINVALID, "a date YYYY-MM-DD").WithKey("json_kind_date")
		}
		return bitacora.Errorf(bitacora.EINVALID, "a string").WithKey("json_kind_string")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return bitacora.Errorf(bitacora.EINVALID, "a whole number").WithKey("json_kind_integer")
	case reflect.Float32, reflect.Float64:
		return bitacora.Errorf(bitacora.EINVALID, "a number").WithKey("json_kind_number")
	case reflect.Bool:
		return bitacora.Errorf(bitacora.EINVALID, "true or false").WithKey("json_kind_bool")
	case reflect.Slice, reflect.Array:
		return bitacora.Errorf(bitacora.EINVALID, "a list [ … ]").WithKey("json_kind_array")
	case reflect.Struct:
		var names []string
		for _, f := range jsonFields(t) {
			names = append(names, f.name)
		}
		list := strings.Join(names, ", ")
		return bitacora.Errorf(bitacora.EINVALID, "an object with %s", list).WithKey("json_kind_object_with", "Fields", list)
	case reflect.Map:
		return bitacora.Errorf(bitacora.EINVALID, "an object { … }").WithKey("json_kind_object")
	}
	return bitacora.Errorf(bitacora.EINVALID, "a value").WithKey("json_kind_value")
}

// foundKind says what encoding/json found ("string", "number 1.5",
// "object", "array", "bool").
func foundKind(v string) *bitacora.Error {
	kind, _, _ := strings.Cut(v, " ")
	switch kind {
	case "string":
		return bitacora.Errorf(bitacora.EINVALID, "a string").WithKey("json_kind_string")
	case "number":
		return bitacora.Errorf(bitacora.EINVALID, "a number").WithKey("json_kind_number")
	case "bool":
		return bitacora.Errorf(bitacora.EINVALID, "true or false").WithKey("json_kind_bool")
	case "array":
		return bitacora.Errorf(bitacora.EINVALID, "a list [ … ]").WithKey("json_kind_array")
	case "object":
		return bitacora.Errorf(bitacora.EINVALID, "an object { … }").WithKey("json_kind_object")
	}
	return bitacora.Errorf(bitacora.EINVALID, "a value").WithKey("json_kind_value")
}
