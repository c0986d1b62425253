package programmedoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/elac/bitacora"
)

// MaxJSONSize is the largest JSON document ReadJSON reads, in bytes. A
// Document's JSON is a few times the size of the text it was read from.
const MaxJSONSize = 4 * MaxSize

// WriteJSON writes a Document as JSON: indented two spaces, a trailing
// newline, "<" and "&" as they are, and every list written as a list ([]
// rather than null), so that the same Document always gives the same
// bytes. d itself is not changed.
func WriteJSON(w io.Writer, d *bitacora.Document) error {
	if d == nil {
		return errors.New("programmedoc: write JSON: nil document")
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(normalised(d)); err != nil {
		return fmt.Errorf("programmedoc: write JSON: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("programmedoc: write JSON: %w", err)
	}
	return nil
}

// ReadJSON reads a Document written by WriteJSON. It is strict: an unknown
// field, a value of the wrong type, trailing data or more than MaxJSONSize
// bytes is an error, an EINVALID (or ETOOLARGE) *bitacora.Error saying
// where. Lists come back empty, never nil.
func ReadJSON(r io.Reader) (*bitacora.Document, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxJSONSize+1))
	if err != nil {
		return nil, fmt.Errorf("programmedoc: read JSON: %w", err)
	}
	if len(data) > MaxJSONSize {
		return nil, bitacora.Errorf(bitacora.ETOOLARGE, "the JSON document is over the limit of %d bytes", MaxJSONSize)
	}
	if t := bytes.TrimSpace(data); len(t) == 0 || t[0] != '{' {
		return nil, bitacora.Errorf(bitacora.EINVALID, "the JSON document must be an object ({…})")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var d bitacora.Document
	if err := dec.Decode(&d); err != nil {
		return nil, bitacora.Errorf(bitacora.EINVALID, "%s", describeJSONError(err, dec.InputOffset()))
	}
	if rest := bytes.TrimSpace(data[dec.InputOffset():]); len(rest) > 0 {
		return nil, bitacora.Errorf(bitacora.EINVALID, "invalid JSON: unexpected data after the document at byte %d", dec.InputOffset())
	}
	return normalised(&d), nil
}

// describeJSONError says what is wrong with a JSON document, and where.
func describeJSONError(err error, offset int64) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("invalid JSON at byte %d: %s", syntax.Offset, syntax.Error())
	case errors.As(err, &typ):
		return fmt.Sprintf("invalid JSON at byte %d: field %q must be %s, not %s", typ.Offset, typ.Field, typ.Type, typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return fmt.Sprintf("invalid JSON: the document ends early, at byte %d", offset)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return fmt.Sprintf("invalid JSON near byte %d: unknown field %s", offset, strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return fmt.Sprintf("invalid JSON near byte %d: %s", offset, strings.TrimPrefix(err.Error(), "json: "))
}

// normalised returns a copy of d with every nil list that JSON writes made
// empty: a Document read back from JSON then equals the one written.
func normalised(d *bitacora.Document) *bitacora.Document {
	out := *d
	out.Programme.Preamble = append([]bitacora.Paragraph(nil), d.Programme.Preamble...)
	out.Parties = make([]bitacora.Party, len(d.Parties))
	for i, p := range d.Parties {
		p.Countries = cloneStrings(p.Countries)
		p.CountryCodes = cloneStrings(p.CountryCodes)
		p.Aliases = cloneStrings(p.Aliases)
		out.Parties[i] = p
	}
	out.Areas = make([]bitacora.Area, len(d.Areas))
	for i, a := range d.Areas {
		objectives := make([]bitacora.Objective, len(a.Objectives))
		for j, o := range a.Objectives {
			activities := make([]bitacora.Activity, len(o.Activities))
			for k, act := range o.Activities {
				act.Components = cloneStrings(act.Components)
				act.Responsible = cloneStrings(act.Responsible)
				act.CoResponsible = cloneStrings(act.CoResponsible)
				act.Notes = cloneStrings(act.Notes)
				activities[k] = act
			}
			o.Activities = activities
			objectives[j] = o
		}
		a.Objectives = objectives
		out.Areas[i] = a
	}
	out.Notes = append([]bitacora.Note{}, d.Notes...)
	out.Warnings = append([]bitacora.Warning{}, d.Warnings...)
	return &out
}

// cloneStrings copies a list, empty rather than nil.
func cloneStrings(s []string) []string {
	return append([]string{}, s...)
}
