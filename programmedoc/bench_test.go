package programmedoc

import (
	"bytes"
	"strings"
	"testing"

	synth "github.com/elac/bitacora/internal/synthetic"
)

// synthetic builds a programme n times the size of the seed: a valid
// programme of 7n areas and 30n objectives.
func synthetic(tb testing.TB, n int) []byte {
	tb.Helper()
	return synth.Repeat(readSeed(tb), n, 7, 30)
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
