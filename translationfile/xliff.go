package translationfile

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/elac/bitacora"
)

const (
	xliffNS = "urn:oasis:names:tc:xliff:document:1.2"
	// hashContext is the context type that keeps the original's hash: an
	// "x-" type, as XLIFF 1.2 allows for a tool's own, so that the file
	// stays valid against the schema and tools carry it through.
	hashContext = "x-bitacora-source-hash"
)

type xliffDoc struct {
	XMLName xml.Name  `xml:"xliff"`
	Version string    `xml:"version,attr"`
	NS      string    `xml:"xmlns,attr,omitempty"`
	Files   []xlfFile `xml:"file"`
}

type xlfFile struct {
	Original string  `xml:"original,attr"`
	Source   string  `xml:"source-language,attr"`
	Target   string  `xml:"target-language,attr,omitempty"`
	Datatype string  `xml:"datatype,attr"`
	Body     xlfBody `xml:"body"`
}

// xlfBody holds the programme's own fields (its title), then a group per
// area: in this order, the file follows the document.
type xlfBody struct {
	Units  []xlfUnit  `xml:"trans-unit"`
	Groups []xlfGroup `xml:"group"`
}

type xlfGroup struct {
	ID     string     `xml:"id,attr,omitempty"`
	Groups []xlfGroup `xml:"group"`
	Units  []xlfUnit  `xml:"trans-unit"`
}

type xlfUnit struct {
	ID       string        `xml:"id,attr"`
	Space    string        `xml:"http://www.w3.org/XML/1998/namespace space,attr,omitempty"`
	Source   xlfText       `xml:"source"`
	Target   *xlfText      `xml:"target"`
	Contexts []xlfCtxGroup `xml:"context-group"`
}

type xlfText struct {
	State string `xml:"state,attr,omitempty"`
	Text  string `xml:",chardata"`
	// Inline markup (g, x, mrk…) a tool may add: we write plain text,
	// and read only plain text, rather than lose words silently.
	Markup []struct {
		XMLName xml.Name
	} `xml:",any"`
}

type xlfCtxGroup struct {
	Purpose  string       `xml:"purpose,attr,omitempty"`
	Contexts []xlfContext `xml:"context"`
}

type xlfContext struct {
	Type string `xml:"context-type,attr"`
	Text string `xml:",chardata"`
}

// WriteXLIFF writes the fields as an XLIFF 1.2 file from srcLang into
// lang, one group per area ("area:4"; the programme's title first, on its
// own). A field without a translation has an empty target in state
// needs-translation, one of an earlier wording needs-review-translation.
func WriteXLIFF(w io.Writer, slug, srcLang, lang string, fields []Field, areas []int) error {
	f := xlfFile{Original: slug, Source: srcLang, Target: lang, Datatype: "plaintext"}
	last := 0 // the area of the last group
	for i, fl := range fields {
		u := xlfUnit{ID: fl.ID, Space: "preserve", Source: xlfText{Text: fl.Original},
			Target:   &xlfText{Text: fl.Translation, State: "translated"},
			Contexts: []xlfCtxGroup{{Purpose: "information", Contexts: []xlfContext{{Type: hashContext, Text: bitacora.TextHash(fl.Original)}}}}}
		switch {
		case fl.Translation == "":
			u.Target.State = "needs-translation"
		case fl.Stale:
			u.Target.State = "needs-review-translation"
		}
		area := 0
		if i < len(areas) {
			area = areas[i]
		}
		switch {
		case area == 0:
			f.Body.Units = append(f.Body.Units, u)
			continue
		case area != last || len(f.Body.Groups) == 0:
			f.Body.Groups = append(f.Body.Groups, xlfGroup{ID: "area-" + strconv.Itoa(area)})
			last = area
		}
		g := &f.Body.Groups[len(f.Body.Groups)-1]
		g.Units = append(g.Units, u)
	}
	doc := xliffDoc{Version: "1.2", NS: xliffNS, Files: []xlfFile{f}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// ReadXLIFF reads an XLIFF 1.2 file into units. lang is the language the
// page imports into and srcLang the programme's: a file of another target
// or source language is refused, so that French cannot land in English.
func ReadXLIFF(r io.Reader, srcLang, lang string) ([]Unit, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	fail := func(p Problem) ([]Unit, error) { return nil, &Problems{List: []Problem{p}} }
	if len(data) > MaxBytes {
		return fail(Problem{Code: "too_large"})
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		return fail(Problem{Code: "not_utf8"})
	}
	var doc xliffDoc
	dec := xml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		var se *xml.SyntaxError
		msg := "not XML"
		if errors.As(err, &se) {
			msg = se.Msg
		}
		if errors.As(err, new(xml.UnmarshalError)) || doc.XMLName.Local != "" && doc.XMLName.Local != "xliff" {
			return fail(Problem{Code: "not_xliff"})
		}
		return fail(Problem{Code: "malformed", Value: shorten(msg)})
	}
	if doc.Version != "1.2" || len(doc.Files) == 0 {
		return fail(Problem{Code: "not_xliff"})
	}
	var units []Unit
	var probs []Problem
	var collect func(us []xlfUnit, gs []xlfGroup, depth int)
	collect = func(us []xlfUnit, gs []xlfGroup, depth int) {
		for _, u := range us {
			if len(units) > bitacora.MaxTranslationEdits {
				return
			}
			unit := Unit{ID: u.ID, Source: u.Source.Text}
			if u.Target != nil {
				unit.Target = u.Target.Text
				if len(u.Target.Markup) > 0 {
					probs = append(probs, Problem{Unit: shorten(u.ID), Code: "markup"})
				}
			}
			for _, g := range u.Contexts {
				for _, c := range g.Contexts {
					if c.Type == hashContext {
						unit.Hash = c.Text
					}
				}
			}
			units = append(units, unit)
		}
		if depth < 8 {
			for _, g := range gs {
				collect(g.Units, g.Groups, depth+1)
			}
		}
	}
	for _, f := range doc.Files {
		switch {
		case f.Target != lang:
			probs = append(probs, Problem{Code: "language", Value: shorten(f.Target)})
		case srcLang != "" && f.Source != srcLang:
			probs = append(probs, Problem{Code: "source_language", Value: shorten(f.Source)})
		}
		collect(f.Body.Units, f.Body.Groups, 0)
	}
	if len(units) > bitacora.MaxTranslationEdits {
		probs = append(probs, Problem{Code: "too_many"})
	}
	if len(units) == 0 && len(probs) == 0 {
		probs = append(probs, Problem{Code: "empty"})
	}
	if len(probs) > 0 {
		return nil, &Problems{List: probs}
	}
	return units, nil
}
