// Package opendata is a programme's open data: its datasets (the
// structure with its parties, the party list, accepted reports, indicator
// observations, versions and their differences, the public part of the
// change record), each described once as tables of typed fields and
// written from that one description as CSV, JSON and XLSX, listed in a
// Frictionless Data Package and a DCAT-AP catalogue. The tables are built
// from the published read model, so that they change when the pages do.
package opendata

import (
	"time"
)

// Type is a field's type, named as Table Schema names it.
type Type string

// The field types the datasets use.
const (
	String  Type = "string"
	Integer Type = "integer"
	Number  Type = "number"
	DateT   Type = "date"
)

// Date is a calendar day, YYYY-MM-DD: written as text in CSV and JSON,
// as a real date in XLSX.
type Date string

// Field is a column of a table: its name, type and meaning (in English,
// as the data package and the open data page's column list give it).
type Field struct {
	Name        string
	Type        Type
	Description string
	Required    bool
	Unique      bool
}

// Table is one table of a dataset: one CSV file, one sheet of the XLSX,
// one array of the JSON. Rows hold, per field, a string, an int, a float64
// (from a decimal text: Decimal), a Date, or nil for an empty cell.
type Table struct {
	Name        string // file and sheet name: "activities"
	Title       string
	Description string
	Fields      []Field
	PrimaryKey  []string
	Rows        [][]any
}

// Decimal is a number kept as the decimal text it was given ("12.50"),
// written as a number in every format.
type Decimal string

// Dataset is a set of tables published together: one JSON and one XLSX
// file, and a CSV file per table.
type Dataset struct {
	Name        string // "activities": the files' names
	Title       map[string]string
	Description map[string]string
	Tables      []*Table
	// Modified is the last public change to what it holds; Issued, when
	// the programme was first published (its import).
	Modified, Issued time.Time
}

// Table returns the dataset's table of that name, nil if none.
func (d *Dataset) Table(name string) *Table {
	for _, t := range d.Tables {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Licence is the licence the operator publishes the data under, and the
// attribution asked of whoever reuses it.
type Licence struct {
	ID    string // SPDX identifier: CC-BY-4.0
	Title string
	URL   string
	// Attribution is the text to cite; empty: each programme's default
	// (see Programme.Attribution).
	Attribution string
}

// Known licences, by SPDX identifier: the usual ones for open government
// data. Another needs its URL.
var knownLicences = map[string]Licence{
	"CC-BY-4.0":    {ID: "CC-BY-4.0", Title: "Creative Commons Attribution 4.0 International", URL: "https://creativecommons.org/licenses/by/4.0/"},
	"CC-BY-SA-4.0": {ID: "CC-BY-SA-4.0", Title: "Creative Commons Attribution Share Alike 4.0 International", URL: "https://creativecommons.org/licenses/by-sa/4.0/"},
	"CC0-1.0":      {ID: "CC0-1.0", Title: "Creative Commons Zero v1.0 Universal", URL: "https://creativecommons.org/publicdomain/zero/1.0/"},
	"ODbL-1.0":     {ID: "ODbL-1.0", Title: "Open Data Commons Open Database License v1.0", URL: "https://opendatacommons.org/licenses/odbl/1-0/"},
	"ODC-By-1.0":   {ID: "ODC-By-1.0", Title: "Open Data Commons Attribution License v1.0", URL: "https://opendatacommons.org/licenses/by/1-0/"},
	"PDDL-1.0":     {ID: "PDDL-1.0", Title: "Open Data Commons Public Domain Dedication & License 1.0", URL: "https://opendatacommons.org/licenses/pddl/1-0/"},
}

// DefaultLicence is CC BY 4.0.
const DefaultLicence = "CC-BY-4.0"

// LicenceFor returns the licence of an SPDX identifier; url is needed for
// one this package does not know (and overrides a known one's when set).
func LicenceFor(id, url, attribution string) (Licence, bool) {
	if id == "" {
		id = DefaultLicence
	}
	l, ok := knownLicences[id]
	if !ok {
		if url == "" {
			return Licence{}, false
		}
		l = Licence{ID: id, Title: id}
	}
	if url != "" {
		l.URL = url
	}
	l.Attribution = attribution
	return l, true
}
