package programmedoc

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/internal/safecsv"
)

// csvHeader names the columns of WriteCSV.
var csvHeader = []string{
	"area", "area_title", "objective", "code", "text", "components",
	"responsible", "co_responsible", "source_line",
}

// WriteCSV writes one row per activity, after a header row, for
// spreadsheets: the area's number and title, the objective's number, the
// activity's code and text, its components joined by " | ", its parties'
// names as the document writes them ("Internet Society (ISOC)") joined by
// "; " (an empty co_responsible means nobody), and the line of the source
// document it was read from. A cell that a spreadsheet would read as a
// formula (one starting with = + - @, a tab or a carriage return, unless it
// is a number) is written with a leading apostrophe (see safecsv): the
// file is for spreadsheets, not for reading back.
func WriteCSV(w io.Writer, d *bitacora.Document) error {
	if d == nil {
		return errors.New("programmedoc: write CSV: nil document")
	}
	l := languageByCode(d.Programme.Language)
	if l == nil {
		l = languages[0]
	}
	parties := make(map[string]*bitacora.Party, len(d.Parties))
	for i := range d.Parties {
		parties[d.Parties[i].ID] = &d.Parties[i]
	}
	partyNames := func(ids []string) string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = displayName(parties[id], id, l)
		}
		return strings.Join(out, "; ")
	}
	cw := safecsv.NewWriter(w, ',')
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("programmedoc: write CSV: %w", err)
	}
	for _, a := range d.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				err := cw.Write([]string{
					strconv.Itoa(a.Number),
					a.Title,
					strconv.Itoa(o.Number),
					act.Code,
					act.Text,
					strings.Join(act.Components, " | "),
					partyNames(act.Responsible),
					partyNames(act.CoResponsible),
					strconv.Itoa(act.Source.Line),
				})
				if err != nil {
					return fmt.Errorf("programmedoc: write CSV: activity %s: %w", act.Code, err)
				}
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("programmedoc: write CSV: %w", err)
	}
	return nil
}
