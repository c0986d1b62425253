package search

import (
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/programmedoc"
)

var seed struct {
	once sync.Once
	doc  *bitacora.Document
	err  error
}

// seedDocument parses the eLAC2020 document the site ships with.
func seedDocument(tb testing.TB) *bitacora.Document {
	tb.Helper()
	seed.once.Do(func() {
		src, err := os.ReadFile("../seed/elac2020.txt")
		if err != nil {
			seed.err = err
			return
		}
		seed.doc, seed.err = programmedoc.Parse(src, programmedoc.Options{Slug: "elac2020"})
	})
	if seed.err != nil {
		tb.Fatalf("parse seed: %v", seed.err)
	}
	return seed.doc
}

// seedIndex builds an index of the eLAC2020 document.
func seedIndex(tb testing.TB) *Index {
	tb.Helper()
	return Build([]*bitacora.Document{seedDocument(tb)})
}

// keys returns the results as "kind:key", for comparing orders.
func keys(rs []Result) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r.Kind) + ":" + r.Key
	}
	return out
}

// marked returns the marked words of a snippet.
func marked(sp []Span) []string {
	var out []string
	for _, s := range sp {
		if s.Match {
			out = append(out, s.Text)
		}
	}
	return out
}

// render writes a snippet with its matches in [brackets].
func render(sp []Span) string {
	var b strings.Builder
	for _, s := range sp {
		if s.Match {
			b.WriteString("[" + s.Text + "]")
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}
