package programmedoc

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// synthetic builds a programme n times the size of the seed: the seed's
// header once, then its seven area tables n times, areas and objectives
// (and the activity codes under them) renumbered so that it stays a valid
// programme of 7n areas and 30n objectives.
func synthetic(tb testing.TB, n int) []byte {
	tb.Helper()
	seed := strings.Split(string(readSeed(tb)), "\n")
	first := 0
	for i, l := range seed {
		if _, ok := matchAreaHeading(l); ok {
			first = i
			break
		}
	}
	heading := regexp.MustCompile(`^(ÁREA DE ACCIÓN )(\d+)`)
	objective := regexp.MustCompile(`^(<p>)?(\d+)\.`)
	code := regexp.MustCompile(`(^|[\s>])(\d+)\.(\d+)`)
	var b strings.Builder
	b.WriteString(strings.Join(seed[:first], "\n"))
	for k := 0; k < n; k++ {
		areas, objectives := 7*k, 30*k
		current := ""
		for _, l := range seed[first:] {
			b.WriteByte('\n')
			if m := heading.FindStringSubmatch(l); m != nil {
				a, _ := strconv.Atoi(m[2])
				l = m[1] + strconv.Itoa(a+areas) + l[len(m[0]):]
				b.WriteString(l)
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

// TestSynthetic checks that the benchmark's document is what it claims:
// the seed's programme a hundred times over.
func TestSynthetic(t *testing.T) {
	src := synthetic(t, 100)
	d, err := Parse(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Areas) != 700 || d.CountActivities() != 5300 || len(d.Parties) != 18 || len(d.Notes) != 100 || len(d.Warnings) != 200 {
		t.Errorf("%d areas, %d activities, %d parties, %d notes, %d warnings:\n%s", len(d.Areas), d.CountActivities(),
			len(d.Parties), len(d.Notes), len(d.Warnings), formatWarnings(d.Warnings[:min(10, len(d.Warnings))]))
	}
	if a := d.Activity("2988.2"); a == nil || !strings.Contains(a.Text, "@prende 2.0") {
		t.Errorf("activity 2988.2: %+v", a)
	}
	if ratio := float64(len(src)) / float64(len(readSeed(t))); ratio < 95 || ratio > 101 {
		t.Errorf("the synthetic document is %.1f× the seed", ratio)
	}
}

func BenchmarkParseSeed(b *testing.B) {
	src := readSeed(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(src, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseSynthetic100x(b *testing.B) {
	src := synthetic(b, 100)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(src, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteJSONSeed(b *testing.B) {
	d := parseSeed(b)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := WriteJSON(&buf, d); err != nil {
			b.Fatal(err)
		}
	}
}
