// Package bitacora holds the domain of a regional cooperation programme:
// its areas, numbered objectives and activities, the parties responsible and
// co-responsible for each, and the footnotes and warnings that come with the
// document it was read from. Packages around it read documents
// (programmedoc), keep them (store) and serve them (web).
package bitacora

import "strings"

// Document is a whole programme as read from its source document: the shape
// that `bitacora parse --format json` prints and that the API serves for
// /api/v1/programmes/{slug}. Everything in it keeps its source lines.
type Document struct {
	Programme Programme `json:"programme"`
	Parties   []Party   `json:"parties"`
	Areas     []Area    `json:"areas"`
	Notes     []Note    `json:"notes"`
	Warnings  []Warning `json:"warnings"`
}

// Programme is the metadata of a programme of activities.
type Programme struct {
	Slug string `json:"slug"`
	// Symbol is the document symbol, for example "LC/TS.2018/60".
	Symbol string `json:"symbol"`
	// Title is the programme's title as the document writes it.
	Title string `json:"title"`
	// Agenda is the agenda the programme serves, as written in the header,
	// for example "Agenda Digital para América Latina y el Caribe (eLAC2020)".
	Agenda string `json:"agenda,omitempty"`
	// Language is the BCP 47 code of the document's original language.
	Language  string `json:"language"`
	StartYear int    `json:"start_year"`
	EndYear   int    `json:"end_year"`
	// Adopted is the date the programme was adopted (YYYY-MM-DD).
	Adopted string `json:"adopted"`
	// Place is where it was adopted ("Santiago").
	Place string `json:"place,omitempty"`
	// Issued is the date printed on the document (YYYY-MM-DD).
	Issued string `json:"issued,omitempty"`
	// Distribution is the distribution line ("LIMITADA").
	Distribution string `json:"distribution,omitempty"`
	// JobNumber is the document's job number ("18-00720").
	JobNumber string `json:"job_number,omitempty"`
	// Preamble holds the paragraphs between the title and the first area.
	Preamble []Paragraph `json:"preamble,omitempty"`
	// SourceName names the source document (its file name or symbol).
	SourceName string `json:"source_name,omitempty"`
	Source     Source `json:"source"`
}

// Paragraph is a paragraph of running text with its source.
type Paragraph struct {
	Text   string `json:"text"`
	Source Source `json:"source"`
}

// Source says where something came from: the 1-based lines of the source
// document, first to last inclusive.
type Source struct {
	Line    int `json:"line"`
	EndLine int `json:"end_line"`
}

// Lines returns a source spanning first to last.
func Lines(first, last int) Source { return Source{Line: first, EndLine: last} }

// Area is an action area: a numbered table of objectives.
type Area struct {
	Number     int         `json:"number"`
	Title      string      `json:"title"`
	Objectives []Objective `json:"objectives"`
	Source     Source      `json:"source"`
}

// Objective is a numbered objective; numbers run across the whole programme.
type Objective struct {
	Number     int        `json:"number"`
	Text       string     `json:"text"`
	Activities []Activity `json:"activities"`
	Source     Source     `json:"source"`
}

// Activity is an activity N.M under objective N.
type Activity struct {
	// Code is "N.M", normalised (no trailing dot).
	Code string `json:"code"`
	Text string `json:"text"`
	// Components are the parts of the activity (a panel, a workshop, a
	// study, a deliverable), in document order. They share the activity's
	// source line: a component lives in its activity's cell.
	Components []string `json:"components"`
	// Responsible and CoResponsible hold party ids, in document order. An
	// empty CoResponsible means nobody ("No se aplica").
	Responsible   []string `json:"responsible"`
	CoResponsible []string `json:"co_responsible"`
	// Notes are the texts of the footnotes attached to this activity or to
	// the parties in its row.
	Notes  []string `json:"notes"`
	Source Source   `json:"source"`
}

// PartyKind tells apart the kinds of party that lead and support activities.
type PartyKind string

const (
	KindWorkingGroup PartyKind = "working_group" // a working group chaired by countries
	KindSubGroup     PartyKind = "sub_group"     // a sub-group of a working group
	KindNetwork      PartyKind = "network"       // a network of institutions (Red GEALC)
	KindChair        PartyKind = "chair"         // the chair or presidency of a network or group
	KindCountryGroup PartyKind = "country_group" // the member countries of a network or group
	KindOrganisation PartyKind = "organisation"  // an international or regional organisation
)

// PartyKinds lists every kind, in the order a directory shows them.
var PartyKinds = []PartyKind{KindWorkingGroup, KindSubGroup, KindNetwork, KindChair, KindCountryGroup, KindOrganisation}

// Party is someone who leads or supports activities.
type Party struct {
	// ID is a stable slug: the acronym when there is one, else the name.
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Acronym string    `json:"acronym,omitempty"`
	Kind    PartyKind `json:"kind"`
	// Countries holds a working group's or chair's countries, as written.
	Countries []string `json:"countries"`
	// CountryCodes holds the ISO 3166-1 alpha-2 codes of Countries.
	CountryCodes []string `json:"country_codes"`
	// Aliases are the other ways the documents write this party.
	Aliases []string `json:"aliases"`
	// Parent is the id of the party this one belongs to (the network whose
	// member countries or presidency it is), when its name says so.
	Parent string `json:"parent,omitempty"`
	// Source is where the party was first named.
	Source Source `json:"source"`
	// What the register keeps beyond the documents (register.go): the
	// party's names in languages, the countries that chair it with their
	// dates, the parties merged into it. Never in a document.
	Names    []PartyName  `json:"names,omitempty"`
	Chairs   []Chair      `json:"chairs,omitempty"`
	Absorbed []PartyMerge `json:"absorbed,omitempty"`
}

// Note is a footnote: its mark ("a") and its text.
type Note struct {
	Mark string `json:"mark"`
	Text string `json:"text"`
	// Area is the number of the area whose table the note follows.
	Area   int    `json:"area,omitempty"`
	Source Source `json:"source"`
}

// Warning says what a reader could not read, or read only by a rule worth
// checking, and where.
type Warning struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// Activity returns the activity with the given code, or nil.
func (d *Document) Activity(code string) *Activity {
	for i := range d.Areas {
		for j := range d.Areas[i].Objectives {
			o := &d.Areas[i].Objectives[j]
			for k := range o.Activities {
				if o.Activities[k].Code == code {
					return &o.Activities[k]
				}
			}
		}
	}
	return nil
}

// Party returns the party with the given id, or nil.
func (d *Document) Party(id string) *Party {
	for i := range d.Parties {
		if d.Parties[i].ID == id {
			return &d.Parties[i]
		}
	}
	return nil
}

// CountActivities returns the number of activities in the document.
func (d *Document) CountActivities() int {
	n := 0
	for _, a := range d.Areas {
		for _, o := range a.Objectives {
			n += len(o.Activities)
		}
	}
	return n
}

// MaxIDLength bounds the slugs and ids that name things in URLs
// (programmes, parties): every one the site makes fits, so that a longer
// one in a request is malformed (a 400) rather than looked up.
const MaxIDLength = 200

// maxSlugLength leaves room under MaxIDLength for the "-N" a taken id gets.
const maxSlugLength = 160

// Slugify turns a name into a lower-case ASCII slug: "Red GEALC" → "red-gealc".
// A slug longer than maxSlugLength is cut at a dash.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range FoldAccents(strings.ToLower(s)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		default:
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > maxSlugLength {
		out = out[:maxSlugLength]
		if i := strings.LastIndexByte(out, '-'); i > 0 {
			out = out[:i]
		}
	}
	return out
}

// ValidID reports whether s can be a slug or id the site made: lower-case
// ASCII letters, digits and dashes, not starting with a dash, at most
// MaxIDLength bytes.
func ValidID(s string) bool {
	if len(s) == 0 || len(s) > MaxIDLength || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// FoldAccents removes the diacritics of Latin letters used in Spanish,
// Portuguese and French ("Área" → "Area", "ç" → "c").
func FoldAccents(s string) string {
	return accentFolder.Replace(s)
}

var accentFolder = strings.NewReplacer(
	"á", "a", "à", "a", "â", "a", "ã", "a", "ä", "a",
	"é", "e", "è", "e", "ê", "e", "ë", "e",
	"í", "i", "ì", "i", "î", "i", "ï", "i",
	"ó", "o", "ò", "o", "ô", "o", "õ", "o", "ö", "o",
	"ú", "u", "ù", "u", "û", "u", "ü", "u",
	"ñ", "n", "ç", "c",
	"Á", "A", "À", "A", "Â", "A", "Ã", "A", "Ä", "A",
	"É", "E", "È", "E", "Ê", "E", "Ë", "E",
	"Í", "I", "Ì", "I", "Î", "I", "Ï", "I",
	"Ó", "O", "Ò", "O", "Ô", "O", "Õ", "O", "Ö", "O",
	"Ú", "U", "Ù", "U", "Û", "U", "Ü", "U",
	"Ñ", "N", "Ç", "C",
)
