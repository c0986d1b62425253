// Package synthetic makes programme documents of any size from a real one,
// for benchmarks and scale runs: the document's header once, then its area
// tables n times, areas, objectives and the activity codes under them
// renumbered so that the result stays a valid programme.
package synthetic

import (
	"regexp"
	"strconv"
	"strings"
)

var (
	heading   = regexp.MustCompile(`^(ÁREA DE ACCIÓN )(\d+)`)
	objective = regexp.MustCompile(`^(<p>)?(\d+)\.`)
	code      = regexp.MustCompile(`(^|[\s>])(\d+)\.(\d+)`)
)

// Repeat returns doc (a Spanish edition of the eLAC family, such as the
// eLAC2020 seed) with its area tables n times: areas numbered on by
// areas per copy, objectives by objectives per copy (7 and 30 for
// eLAC2020).
func Repeat(doc []byte, n, areas, objectives int) []byte {
	lines := strings.Split(string(doc), "\n")
	first := 0
	for i, l := range lines {
		if heading.MatchString(l) {
			first = i
			break
		}
	}
	var b strings.Builder
	b.WriteString(strings.Join(lines[:first], "\n"))
	for k := range n {
		addAreas, addObjectives := areas*k, objectives*k
		current := ""
		for _, l := range lines[first:] {
			b.WriteByte('\n')
			if m := heading.FindStringSubmatch(l); m != nil {
				a, _ := strconv.Atoi(m[2])
				b.WriteString(m[1] + strconv.Itoa(a+addAreas) + l[len(m[0]):])
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
				cells[0] = m[1] + strconv.Itoa(o+addObjectives) + "." + cells[0][len(m[0]):]
			}
			cells[1] = code.ReplaceAllStringFunc(cells[1], func(s string) string {
				m := code.FindStringSubmatch(s)
				if m[2] != current {
					return s // "@prende 2.0"
				}
				o, _ := strconv.Atoi(m[2])
				return m[1] + strconv.Itoa(o+addObjectives) + "." + m[3]
			})
			b.WriteString(strings.Join(cells, "\t"))
		}
	}
	return []byte(b.String())
}
