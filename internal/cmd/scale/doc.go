package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed"
)

// seedActivities is how many activities the eLAC2020 document holds: the
// document is built from whole copies of it.
const seedActivities = 53

// programmeText returns a programme document in the eLAC2020 family's
// format with at least m activities: the seed's header once, then its seven
// area tables ceil(m/53) times, areas, objectives and the activity codes
// under them renumbered so that it stays a valid programme. It is the same
// construction as programmedoc's synthetic benchmark document (a test
// helper there, so repeated here).
func programmeText(m int) []byte {
	n := max(1, (m+seedActivities-1)/seedActivities)
	seedLines := strings.Split(string(seed.ELAC2020), "\n")
	heading := regexp.MustCompile(`^(ÁREA DE ACCIÓN )(\d+)`)
	objective := regexp.MustCompile(`^(<p>)?(\d+)\.`)
	code := regexp.MustCompile(`(^|[\s>])(\d+)\.(\d+)`)
	first := 0
	for i, l := range seedLines {
		if heading.MatchString(l) {
			first = i
			break
		}
	}
	var b strings.Builder
	b.WriteString(strings.Join(seedLines[:first], "\n"))
	for k := range n {
		areas, objectives := 7*k, 30*k
		current := ""
		for _, l := range seedLines[first:] {
			b.WriteByte('\n')
			if m := heading.FindStringSubmatch(l); m != nil {
				a, _ := strconv.Atoi(m[2])
				b.WriteString(m[1] + strconv.Itoa(a+areas) + l[len(m[0]):])
				continue
			}
			cells := strings.Split(l, "\t")
			if len(cells) < 2 {
				b.WriteString(l)
				continue
			}
			if m := objective.FindStringSubmatch(cells[0]); m != nil {
				current = m[2]
				o, _ := strconv.Atoi(m[2])
				cells[0] = m[1] + strconv.Itoa(o+objectives) + "." + cells[0][len(m[0]):]
			}
			cells[1] = code.ReplaceAllStringFunc(cells[1], func(s string) string {
				m := code.FindStringSubmatch(s)
				if m[2] != current {
					return s // "@prende 2.0"
				}
				o, _ := strconv.Atoi(m[2])
				return m[1] + strconv.Itoa(o+objectives) + "." + m[3]
			})
			b.WriteString(strings.Join(cells, "\t"))
		}
	}
	return []byte(b.String())
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
