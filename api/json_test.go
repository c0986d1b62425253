package api

import (
	"errors"
	"reflect"
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
