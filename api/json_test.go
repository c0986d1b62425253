package api

import (
	"errors"
	"fmt"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/elac/bitacora"
)

// The JSON check names each field by its path, keys and values alike, and
// lets good text through.
func TestJSONTextPaths(t *testing.T) {
	for _, tc := range []struct {
		body string
		want bitacora.FieldErrors
	}{
		{`{"a":"ok","links":[{"url":"x"},{"url":"y"},{"url":"z\u0000"}]}`,
			bitacora.FieldErrors{"links[2].url": bitacora.TextControls}},
		{"{\"events\":[[1,\"a\"],[true,null,\"\xc3\"]],\"n\":{\"m\":\"\\u0001\"}}",
			bitacora.FieldErrors{"events[1][2]": bitacora.TextNotUTF8, "n.m": bitacora.TextControls}},
		{`{"ok\u0000":"x"}`, bitacora.FieldErrors{`"ok\x00"`: bitacora.TextControls}},
		{`"\u0000"`, bitacora.FieldErrors{"body": bitacora.TextControls}},
		{`{"a":{"b":[]},"c":"after \u00e9 \t\n\r fine"}`, nil},
		{`{"a": not json`, nil}, // left to the decoder, which says why
	} {
		err := checkJSONText([]byte(tc.body))
		var fe *bitacora.InvalidFields
		var got bitacora.FieldErrors
		if errors.As(err, &fe) {
			got = fe.Fields
		} else if err != nil {
			t.Errorf("%s: %v", tc.body, err)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v; want %v", tc.body, got, tc.want)
		}
	}
}

// A body decodeJSON cannot read is a 400 that says where and what was
// expected in plain words, never in Go's words (issue 15: links sent as
// strings were "cannot unmarshal string into Go struct field
// .ReportContent.links of type bitacora.Link").
func TestJSONProblemsInPlainWords(t *testing.T) {
	type saveBody struct {
		Version int `json:"version"`
		bitacora.ReportContent
	}
	type approveBody struct {
		Version    int    `json:"version"`
		ApprovedOn string `json:"approved_on"`
	}
	type weightsBody struct {
		Weights map[string]float64 `json:"weights"`
	}
	for _, tc := range []struct {
		name, body string
		into       func() any
		key        string
		args       map[string]string // what the message names
		message    string
	}{
		{"links as strings", `{"version": 0, "links": ["https://example.org"]}`, func() any { return &saveBody{} },
			"json_wrong_kind", map[string]string{"Field": "links[0]", "Expected": "an object with url, title", "Found": "a string"},
			"links[0]: expected an object with url, title, found a string"},
		{"second link", `{"links": [{"url": "https://a.example", "title": "A"}, 3]}`, func() any { return &saveBody{} },
			"json_wrong_kind", map[string]string{"Field": "links[1]", "Found": "a number"}, ""},
		{"version as text", `{"version": "3"}`, func() any { return &saveBody{} },
			"json_wrong_kind", map[string]string{"Field": "version", "Expected": "a whole number", "Found": "a string"}, ""},
		{"version with a fraction", "{\n  \"version\": 1.5\n}", func() any { return &saveBody{} },
			"json_wrong_kind", map[string]string{"Field": "version", "Expected": "a whole number", "Found": "a number"}, ""},
		{"date as a number", `{"version": 2, "approved_on": 20200101}`, func() any { return &approveBody{} },
			"json_wrong_kind", map[string]string{"Field": "approved_on", "Expected": "a date YYYY-MM-DD"}, ""},
		{"event date", `{"events": [{"date": true}]}`, func() any { return &saveBody{} },
			"json_wrong_kind", map[string]string{"Field": "events[0].date", "Expected": "a date YYYY-MM-DD", "Found": "true or false"}, ""},
		{"weight as text", `{"weights": {"1.1": "two"}}`, func() any { return &weightsBody{} },
			"json_wrong_kind", map[string]string{"Field": "weights.1.1", "Expected": "a number"}, ""},
		{"an array for the body", `[1]`, func() any { return &approveBody{} },
			"json_wrong_kind", map[string]string{"Field": "body", "Expected": "an object with version, approved_on", "Found": "a list [ … ]"}, ""},
		{"unknown field", `{"version": 1, "aproved_on": "2020-01-01"}`, func() any { return &approveBody{} },
			"json_unknown_field", map[string]string{"Field": "aproved_on", "Known": "approved_on, version"},
			"aproved_on is not a field of this request; it takes approved_on, version"},
		{"unknown nested field", `{"links": [{"url": "u", "title": "t"}, {"href": "u"}]}`, func() any { return &saveBody{} },
			"json_unknown_field", map[string]string{"Field": "links[1].href", "Known": "title, url"}, ""},
		{"syntax error", "{\n  \"version\": 1,\n  \"links\": [}\n}", func() any { return &saveBody{} },
			"json_syntax", map[string]string{"Line": "3", "Column": "13"}, ""},
		{"cut short", "{\"version\": 1,\n \"links\": [", func() any { return &saveBody{} },
			"json_syntax_end", map[string]string{"Line": "2"}, ""},
		{"empty body", "", func() any { return &saveBody{} }, "json_empty_body", nil, "the body is empty: send a JSON object"},
		{"blank body", " \n", func() any { return &saveBody{} }, "json_empty_body", nil, ""},
	} {
		r := httptest.NewRequest("PUT", "/api/v1/x", strings.NewReader(tc.body))
		err := decodeJSON(httptest.NewRecorder(), r, tc.into())
		var e *bitacora.Error
		if !errors.As(err, &e) {
			t.Errorf("%s: %v, want a *bitacora.Error", tc.name, err)
			continue
		}
		if e.Code != bitacora.EINVALID || e.Key != tc.key {
			t.Errorf("%s: code %s key %s (%s); want invalid, %s", tc.name, e.Code, e.Key, e.Message, tc.key)
		}
		if strings.Contains(e.Message, "Go struct") || strings.Contains(e.Message, "unmarshal") {
			t.Errorf("%s: message in Go's words: %s", tc.name, e.Message)
		}
		if tc.message != "" && e.Message != tc.message {
			t.Errorf("%s: message %q; want %q", tc.name, e.Message, tc.message)
		}
		got := map[string]string{}
		for i := 0; i+1 < len(e.Args); i += 2 {
			v := e.Args[i+1]
			if inner, ok := v.(*bitacora.Error); ok {
				v = inner.Message
			}
			got[e.Args[i].(string)] = fmt.Sprint(v)
		}
		for k, want := range tc.args {
			if got[k] != want {
				t.Errorf("%s: %s = %q; want %q (message %q)", tc.name, k, got[k], want, e.Message)
			}
		}
	}
}
