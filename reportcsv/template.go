package reportcsv

import (
	"bufio"
	"io"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/internal/safecsv"
)

// WriteTemplate writes a file to fill in: the header, and a row for every
// activity of the programme in the period given. For Spanish (lang "es")
// the columns have their Spanish names. The file starts with a byte-order
// mark, without which spreadsheets take UTF-8 for another encoding, and is
// separated by semicolons except in English, as spreadsheets in languages
// with a decimal comma expect. Every cell is written by safecsv: a period
// key that starts with = is not a formula, and Parse drops the apostrophe
// that keeps it from being one.
func WriteTemplate(w io.Writer, doc *bitacora.Document, period, lang string) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("\uFEFF")
	comma := ';'
	if lang == "en" {
		comma = ','
	}
	cw := safecsv.NewWriter(bw, comma)
	name := 0
	if lang == "es" {
		name = 1
	}
	header := make([]string, numColumns)
	for c, names := range columnNames {
		header[c] = names[name]
	}
	cw.Write(header)
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				row := make([]string, numColumns)
				row[colActivity], row[colPeriod] = act.Code, period
				cw.Write(row)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
