package main

import (
	"fmt"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/internal/synthetic"
	"github.com/elac/bitacora/seed"
)

// seedActivities is how many activities the eLAC2020 document holds: the
// document is built from whole copies of it.
const seedActivities = 53

// programmeText returns a programme document in the eLAC2020 family's
// format with at least m activities: the seed's area tables ceil(m/53)
// times, renumbered (internal/synthetic, as programmedoc's benchmark does).
func programmeText(m int) []byte {
	return synthetic.Repeat(seed.ELAC2020, max(1, (m+seedActivities-1)/seedActivities), 7, 30)
}

// halfYears returns p half-year periods from 2018-H2 on.
func halfYears(p int) ([]bitacora.Period, error) {
	last := 2018*2 + 1 + p - 1 // 2018-H2 is 2018*2+1
	return bitacora.HalfYears("2018-H2", fmt.Sprintf("%d-H%d", last/2, last%2+1))
}

// activityCodes lists a document's activities in document order.
func activityCodes(doc *bitacora.Document) []string {
	var codes []string
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				codes = append(codes, act.Code)
			}
		}
	}
	return codes
}

// reportValues are consistent (status, completion) pairs, in the CSV's
// Spanish names.
var reportValues = [][2]string{{"en curso", "limitado"}, {"en curso", "sustancial"}, {"completada", "completo"}, {"retrasada", "limitado"}}

const csvHeader = "\uFEFFactividad;periodo;estado;avance;narrativa;estado_revision\r\n"

// csvRow is one accepted report of the import file.
func csvRow(b *strings.Builder, i int, code, period string) {
	v := reportValues[i%len(reportValues)]
	fmt.Fprintf(b, "%s;%s;%s;%s;Informe de avance de la actividad %s en el período %s: talleres y documentos de trabajo.;aceptado\r\n",
		code, period, v[0], v[1], code, period)
}
