package search

import (
	"fmt"
	"testing"

	"github.com/elac/bitacora"
)

func BenchmarkBuild(b *testing.B) {
	docs := []*bitacora.Document{seedDocument(b)}
	for b.Loop() {
		Build(docs)
	}
}

// benchQueries are what people type: words, accents, a phrase, a code, a
// prefix, an acronym, nothing found.
var benchQueries = []string{"politica", "banda ancha", "gobierno digital", "1.3", "infraes", "ISOC", "datos abiertos para la transformación digital", "xyzzy"}

func BenchmarkSearch(b *testing.B) {
	benchSearch(b, seedIndex(b))
}

// BenchmarkSearch100 searches 100 copies of eLAC2020, each its own
// programme with its own parties, to show how search time grows with the
// corpus.
func BenchmarkSearch100(b *testing.B) {
	benchSearch(b, Build(copies(seedDocument(b), 100)))
}

func BenchmarkBuild100(b *testing.B) {
	docs := copies(seedDocument(b), 100)
	for b.Loop() {
		Build(docs)
	}
}

func benchSearch(b *testing.B, ix *Index) {
	for _, q := range benchQueries {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				ix.Search(q, 20)
			}
		})
	}
}

// copies returns n copies of a document under other slugs and party ids.
func copies(d *bitacora.Document, n int) []*bitacora.Document {
	docs := make([]*bitacora.Document, n)
	for i := range docs {
		c := *d
		suffix := fmt.Sprintf("-%03d", i)
		c.Programme.Slug += suffix
		c.Parties = make([]bitacora.Party, len(d.Parties))
		for j, p := range d.Parties {
			p.ID += suffix
			c.Parties[j] = p
		}
		c.Areas = make([]bitacora.Area, len(d.Areas))
		for j, a := range d.Areas {
			a.Objectives = append([]bitacora.Objective(nil), a.Objectives...)
			for k, o := range a.Objectives {
				o.Activities = append([]bitacora.Activity(nil), o.Activities...)
				for l, ac := range o.Activities {
					ac.Responsible = withSuffix(ac.Responsible, suffix)
					ac.CoResponsible = withSuffix(ac.CoResponsible, suffix)
					o.Activities[l] = ac
				}
				a.Objectives[k] = o
			}
			c.Areas[j] = a
		}
		docs[i] = &c
	}
	return docs
}

func withSuffix(ids []string, suffix string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id + suffix
	}
	return out
}
