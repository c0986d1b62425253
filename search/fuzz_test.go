package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSearch searches the seed index with arbitrary queries: no panic, and
// results that keep their promises.
func FuzzSearch(f *testing.F) {
	for _, q := range []string{
		"", "politica", "PolÍtica", "banda ancha", "1.3", "17.2.", "infraes", "ISOC",
		"de la", "Poli\u0301tica", "\xff\xfe", "1.", ".1", "a..b", "œuvre ß", "日本語のテキスト",
		"İstanbul", "ǅemal", strings.Repeat("datos ", 100), strings.Repeat("9", 300),
	} {
		f.Add(q, 5)
	}
	ix := seedIndex(f)
	f.Fuzz(func(t *testing.T, q string, limit int) {
		rs := ix.Search(q, limit)
		if limit > 0 && len(rs) > limit {
			t.Fatalf("Search(%q, %d) returned %d results", q, limit, len(rs))
		}
		for i, r := range rs {
			if i > 0 && r.Score > rs[i-1].Score {
				t.Fatalf("Search(%q): result %d scores above result %d", q, i, i-1)
			}
			for _, s := range r.Snippet {
				if s.Text == "" || !utf8.ValidString(s.Text) {
					t.Fatalf("Search(%q): %s %s: bad span %q", q, r.Kind, r.Key, s.Text)
				}
			}
		}
	})
}
