package opendata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/elac/bitacora/internal/safecsv"
)

// About is what every file says of itself: whose data it is, under which
// licence, and where it comes from.
type About struct {
	Programme   string // slug
	Title       string // the programme's title
	Publisher   string
	Licence     Licence
	Attribution string
	Source      string // the open data page's address
	Language    string // the programme's content language
}

// cell is a value as CSV writes it: text, numbers in their decimal form,
// dates as YYYY-MM-DD, nothing for an empty cell.
func cell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case Decimal:
		return string(v)
	case Date:
		return string(v)
	}
	return fmt.Sprint(v)
}

// CSV writes a table as CSV: UTF-8 without a byte-order mark, comma
// separated, LF line ends, a header row of the field names;
// every cell through safecsv, so that no text is run as a formula.
func CSV(t *Table) ([]byte, error) {
	var b bytes.Buffer
	w := safecsv.NewWriter(&b, ',')
	header := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		header[i] = f.Name
	}
	w.Write(header)
	row := make([]string, len(t.Fields))
	for _, r := range t.Rows {
		for i, v := range r {
			row[i] = cell(v)
		}
		w.Write(row)
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// jsonValue is a cell as JSON writes it: numbers as numbers, dates as
// YYYY-MM-DD text, null for an empty cell.
func jsonValue(v any) any {
	if d, ok := v.(Decimal); ok {
		return json.Number(d)
	}
	return v
}

// JSON writes a dataset as one JSON document: what it is and its licence,
// then each table as an array of objects whose keys are the fields, in
// the fields' order.
func JSON(d *Dataset, about About) ([]byte, error) {
	var b bytes.Buffer
	put := func(v any) error {
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return err
		}
		b.Truncate(b.Len() - 1) // the encoder's newline
		return nil
	}
	b.WriteString("{")
	head := []struct {
		key string
		v   any
	}{
		{"programme", about.Programme},
		{"dataset", d.Name},
		{"title", d.Title["en"]},
		{"license", map[string]string{"name": about.Licence.ID, "title": about.Licence.Title, "path": about.Licence.URL}},
		{"attribution", about.Attribution},
		{"source", about.Source},
		{"modified", d.Modified.UTC().Format(time.RFC3339)},
	}
	for _, h := range head {
		put(h.key)
		b.WriteString(":")
		if err := put(h.v); err != nil {
			return nil, err
		}
		b.WriteString(",")
	}
	b.WriteString(`"tables":{`)
	for ti, t := range d.Tables {
		if ti > 0 {
			b.WriteString(",")
		}
		put(t.Name)
		b.WriteString(":[")
		for ri, r := range t.Rows {
			if ri > 0 {
				b.WriteString(",")
			}
			b.WriteString("{")
			for i, f := range t.Fields {
				if i > 0 {
					b.WriteString(",")
				}
				put(f.Name)
				b.WriteString(":")
				if err := put(jsonValue(r[i])); err != nil {
					return nil, err
				}
			}
			b.WriteString("}")
		}
		b.WriteString("]")
	}
	b.WriteString("}}")
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// XLSX writes a dataset as a workbook: a sheet per table, its header row
// bold and frozen, numbers as numbers, dates as dates (yyyy-mm-dd), text
// as text; and a last sheet, "about", with the licence, the attribution
// and what each column holds. The document properties carry the title,
// the publisher and the licence too.
func XLSX(d *Dataset, about About) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	dateFmt := "yyyy-mm-dd"
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return nil, err
	}
	sheet := func(i int, name string) (*excelize.StreamWriter, error) {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return nil, err
		}
		err = sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}})
		return sw, err
	}
	for ti, t := range d.Tables {
		sw, err := sheet(ti, t.Name)
		if err != nil {
			return nil, err
		}
		for i, fd := range t.Fields {
			width := 14.0
			if fd.Type == String && (fd.Name == "text" || fd.Name == "name" || fd.Name == "components" || fd.Name == "title") {
				width = 48
			}
			if err := sw.SetColWidth(i+1, i+1, width); err != nil {
				return nil, err
			}
		}
		header := make([]any, len(t.Fields))
		for i, fd := range t.Fields {
			header[i] = excelize.Cell{StyleID: bold, Value: fd.Name}
		}
		if err := sw.SetRow("A1", header); err != nil {
			return nil, err
		}
		row := make([]any, len(t.Fields))
		for ri, r := range t.Rows {
			for i, v := range r {
				switch v := v.(type) {
				case Date:
					day, err := time.Parse(time.DateOnly, string(v))
					if err != nil {
						row[i] = string(v) // not a day: kept as the text it is
						continue
					}
					row[i] = excelize.Cell{StyleID: dateStyle, Value: day}
				case Decimal:
					x, err := strconv.ParseFloat(string(v), 64)
					if err != nil {
						row[i] = string(v)
						continue
					}
					row[i] = x
				default:
					row[i] = v
				}
			}
			ref, _ := excelize.CoordinatesToCellName(1, ri+2)
			if err := sw.SetRow(ref, row); err != nil {
				return nil, err
			}
		}
		if err := sw.Flush(); err != nil {
			return nil, err
		}
	}
	sw, err := sheet(len(d.Tables), "about")
	if err != nil {
		return nil, err
	}
	sw.SetColWidth(1, 2, 24)
	sw.SetColWidth(3, 4, 60)
	rows := [][]any{
		{excelize.Cell{StyleID: bold, Value: "about"}, excelize.Cell{StyleID: bold, Value: "value"}},
		{"dataset", d.Title["en"]},
		{"programme", about.Title},
		{"publisher", about.Publisher},
		{"license", about.Licence.Title + " (" + about.Licence.ID + ")"},
		{"license_url", about.Licence.URL},
		{"attribution", about.Attribution},
		{"source", about.Source},
		{"modified", d.Modified.UTC().Format(time.RFC3339)},
		{},
		{excelize.Cell{StyleID: bold, Value: "table"}, excelize.Cell{StyleID: bold, Value: "column"}, excelize.Cell{StyleID: bold, Value: "type"}, excelize.Cell{StyleID: bold, Value: "description"}},
	}
	for _, t := range d.Tables {
		for _, fd := range t.Fields {
			rows = append(rows, []any{t.Name, fd.Name, string(fd.Type), fd.Description})
		}
	}
	for i, r := range rows {
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(ref, r); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	f.SetActiveSheet(0)
	stamp := d.Modified.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{Title: about.Title + " — " + d.Title["en"], Subject: d.Description["en"],
		Creator: about.Publisher, LastModifiedBy: about.Publisher, Description: "License: " + about.Licence.Title + " (" + about.Licence.ID + ", " + about.Licence.URL + "). Attribution: " + about.Attribution + ". Source: " + about.Source,
		Keywords: "open data, " + about.Programme, Identifier: about.Source, Language: about.Language, Created: stamp, Modified: stamp}); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
