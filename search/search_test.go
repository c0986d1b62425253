package search

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/elac/bitacora"
)

// TestSearchSeed checks, on eLAC2020, what the issue asks of the search:
// which items come first for which queries — with one index, and with the
// programme's and the register's apart, as published programmes keep them
// (a Set): the split must not change what comes first.
func TestSearchSeed(t *testing.T) {
	doc := seedDocument(t)
	searchers := map[string]func(q string) []Result{
		"one index": func(q string) []Result { return seedIndex(t).Search(q, 0) },
		"set":       Set{Build([]*bitacora.Document{doc})}.Search,
	}
	for name, search := range searchers {
		t.Run(name, func(t *testing.T) { searchSeed(t, search) })
	}
}

func searchSeed(t *testing.T, search func(q string) []Result) {
	tests := []struct {
		query string
		// first are the first results, in order; firstAnyOrder the first
		// results in some order; has are results somewhere in the list.
		first         []string
		firstAnyOrder []string
		has           []string
	}{
		{query: "politica", has: []string{"activity:1.1", "activity:1.2", "activity:1.3", "activity:1.4", "objective:20", "activity:8.1"}},
		{query: "políticas", has: []string{"activity:1.1", "activity:1.2", "activity:1.3", "activity:1.4", "objective:20", "activity:8.1"}},
		{query: "infraestructuras", first: []string{"area:1"}, has: []string{"activity:1.1", "activity:1.2", "activity:1.3", "objective:2"}},
		{query: "banda ancha", first: []string{"activity:1.3", "activity:1.4", "objective:1"}},
		{query: "gobierno digital", first: []string{"area:4", "objective:11"}},
		{query: "ISOC", first: []string{"party:isoc"}, has: []string{"activity:1.1", "activity:1.5", "activity:2.1", "activity:3.1"}},
		{query: "Internet Society", first: []string{"party:isoc"}},
		{query: "teletrabajo", firstAnyOrder: []string{"party:subgrupo-de-teletrabajo", "activity:7.1", "objective:7"}},
		{query: "ciberseguridad", first: []string{"activity:19.2"}},
		{query: "mujeres", firstAnyOrder: []string{"activity:23.1", "activity:23.2"}, has: []string{"objective:23"}},
		{query: "infraes", first: []string{"area:1"}, has: []string{"activity:1.1", "activity:1.2", "activity:1.3"}},
		{query: "1.3", first: []string{"activity:1.3"}},
		{query: "17.2", first: []string{"activity:17.2"}},
		{query: "actividad 10.4", first: []string{"activity:10.4"}},
		{query: "datos abiertos", firstAnyOrder: []string{"activity:13.1", "activity:13.2", "activity:13.3"}},
		{query: "Red GEALC", first: []string{"party:red-gealc"}},
		{query: "Paraguay", first: []string{"party:grupo-de-trabajo-sobre-acceso-e-infraestructura-digital"}},
		{query: "blockchain", first: []string{"activity:22.1"}},
		{query: "Informe anual", first: []string{"activity:1.3"}}, // a component
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := keys(search(tt.query))
			if len(got) < len(tt.first)+len(tt.firstAnyOrder) {
				t.Fatalf("Search(%q) = %v, want at least %v then %v", tt.query, got, tt.first, tt.firstAnyOrder)
			}
			if !slices.Equal(got[:len(tt.first)], tt.first) {
				t.Errorf("Search(%q) starts %v, want %v", tt.query, got, tt.first)
			}
			rest := slices.Clone(got[len(tt.first) : len(tt.first)+len(tt.firstAnyOrder)])
			slices.Sort(rest)
			want := slices.Sorted(slices.Values(tt.firstAnyOrder))
			if !slices.Equal(rest, want) {
				t.Errorf("Search(%q) = %v, want %v then %v in any order", tt.query, got, tt.first, tt.firstAnyOrder)
			}
			for _, k := range tt.has {
				if !slices.Contains(got, k) {
					t.Errorf("Search(%q) = %v, want %s among them", tt.query, got, k)
				}
			}
		})
	}
}

// TestSearchInsensitive checks that case and accents give the same results
// in the same order, and word forms the same results: in an order of their
// own, since a word found as typed outranks one that only shares its stem.
func TestSearchInsensitive(t *testing.T) {
	ix := seedIndex(t)
	for _, group := range [][]string{
		{"politica", "políticas", "PolÍtica", "POLITICAS", "Políticas"},
		{"infraestructura", "infraestructuras", "INFRAESTRUCTURA", "Infraestructura"},
		{"información", "informacion", "INFORMACION", "informaciones"},
		{"transformación digital", "transformacion digital", "TRANSFORMACIONES DIGITALES"},
		{"mujer", "mujeres", "Mujeres"},
		{"país", "paises", "PAÍSES"},
	} {
		want := keys(ix.Search(group[0], 0))
		if len(want) == 0 {
			t.Errorf("Search(%q) found nothing", group[0])
			continue
		}
		for _, q := range group[1:] {
			got := keys(ix.Search(q, 0))
			if fold(q) != fold(group[0]) {
				got, want = slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))
			}
			if !slices.Equal(got, want) {
				t.Errorf("Search(%q) = %v\nwant as Search(%q) = %v", q, got, group[0], want)
			}
			want = keys(ix.Search(group[0], 0))
		}
	}
}

// TestSearchNothing checks queries that must find nothing.
func TestSearchNothing(t *testing.T) {
	ix := seedIndex(t)
	for _, q := range []string{"", " ", "\t\n", "¿?", "...", "--", "xyzzy", "qwertyuiop asdfgh", "99.99", "zzzz"} {
		if got := ix.Search(q, 10); got != nil {
			t.Errorf("Search(%q) = %v, want nil", q, keys(got))
		}
	}
	// Words longer than any word are not looked up, and cost nothing.
	long := strings.Repeat("á", 10000)
	if got := ix.Search(long, 10); got != nil {
		t.Errorf("Search(long word) = %v, want nil", keys(got))
	}
	if got := ix.Search(long+" teletrabajo "+long, 0); !slices.Contains(keys(got), "activity:7.1") {
		t.Errorf("Search(long word teletrabajo long word) = %v, want activity:7.1", keys(got))
	}
	if got := Build(nil).Search("politica", 10); got != nil {
		t.Errorf("empty index: Search = %v, want nil", keys(got))
	}
}

// TestSearchHighlight checks that snippets show the original words, with
// their accents and case, and mark exactly those that matched.
func TestSearchHighlight(t *testing.T) {
	ix := seedIndex(t)
	tests := []struct {
		query, key string
		want       string // the snippet, matches in [brackets]
	}{
		{"politica", "activity:1.1", "Identificar, analizar y organizar un diálogo sobre [políticas] y medidas regulatorias relacionadas con la infraestructura digital"},
		{"POLITICAS", "activity:1.1", "Identificar, analizar y organizar un diálogo sobre [políticas] y medidas regulatorias relacionadas con la infraestructura digital"},
		{"infraes", "area:1", "[INFRAESTRUCTURA] DIGITAL"},
		{"gobierno digital", "area:4", "[GOBIERNO] [DIGITAL]"},
		{"isoc", "party:isoc", "Internet Society ([ISOC])"},
		{"informacion sociedad", "area:7", "GOBERNANZA PARA LA [SOCIEDAD] DE LA [INFORMACIÓN]"},
		{"mujer", "activity:23.1", "Promover actividades que hagan visibles historias de liderazgo y modelos a seguir de [mujeres] y niñas en el ámbito de las TIC"},
		// Matched only by its code: the start of its text, unmarked.
		{"17.2", "activity:17.2", "Contribuir a que todo el contenido sobre recursos educativos pueda ofrecerse a todos los países, previa clasificación y análisis, en un único repositorio para todos los países que esté alineado con sus necesidades"},
		// The component holds more of the query than the text.
		{"estado banda ancha informe", "activity:1.3", "[Informe] anual del [estado] de la [banda] [ancha] en América Latina y el Caribe"},
	}
	for _, tt := range tests {
		rs := ix.Search(tt.query, 0)
		i := slices.Index(keys(rs), tt.key)
		if i < 0 {
			t.Errorf("Search(%q) = %v, want %s", tt.query, keys(rs), tt.key)
			continue
		}
		if got := render(rs[i].Snippet); got != tt.want {
			t.Errorf("Search(%q) %s snippet\n got %s\nwant %s", tt.query, tt.key, got, tt.want)
		}
	}
}

// TestSnippetWindow checks that a long text is cut at word boundaries
// around the best part, and that it is a true excerpt of the text.
func TestSnippetWindow(t *testing.T) {
	doc := seedDocument(t)
	ix := seedIndex(t)
	texts := map[string]string{}
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			texts["objective:"+strconv.Itoa(o.Number)] = o.Text
		}
	}
	tests := []struct{ query, key, want string }{
		// The match is near the end of a long text.
		{"observatorios", "objective:29", "[observatorios]"},
		{"zonas remotas rurales", "objective:1", "[zonas] [remotas]"},
	}
	for _, tt := range tests {
		rs := ix.Search(tt.query, 0)
		i := slices.Index(keys(rs), tt.key)
		if i < 0 {
			t.Fatalf("Search(%q) = %v, want %s", tt.query, keys(rs), tt.key)
		}
		sp := rs[i].Snippet
		got := render(sp)
		if !strings.Contains(got, tt.want) {
			t.Errorf("Search(%q) %s snippet %q, want it to hold %q", tt.query, tt.key, got, tt.want)
		}
		var plain strings.Builder
		for _, s := range sp {
			plain.WriteString(s.Text)
		}
		text := texts[tt.key]
		excerpt, cutStart := strings.CutPrefix(plain.String(), ellipsis)
		excerpt, cutEnd := strings.CutSuffix(excerpt, ellipsis)
		at := strings.Index(text, excerpt)
		if at < 0 {
			t.Fatalf("snippet %q is not an excerpt of %q", excerpt, text)
		}
		if n := utf8.RuneCountInString(excerpt); n > snippetRunes {
			t.Errorf("snippet is %d runes, want at most %d", n, snippetRunes)
		}
		if cutStart != (at > 0) || cutEnd != (at+len(excerpt) < len(text)) {
			t.Errorf("snippet %q: ellipses (%v, %v) do not say where the text was cut", got, cutStart, cutEnd)
		}
		before, _ := utf8.DecodeLastRuneInString(text[:at])
		after, _ := utf8.DecodeRuneInString(text[at+len(excerpt):])
		if at > 0 && isWordRune(before) || at+len(excerpt) < len(text) && isWordRune(after) {
			t.Errorf("snippet %q cuts a word", got)
		}
	}
}

func isWordRune(r rune) bool {
	var n int
	words(string(r), func(int, int) { n++ })
	return n > 0
}

// programme returns a small document in a language, with one area, one
// objective and the activities given as code, text pairs.
func programme(slug, lang string, activities ...string) *bitacora.Document {
	d := &bitacora.Document{Programme: bitacora.Programme{Slug: slug, Language: lang}}
	o := bitacora.Objective{Number: 1, Text: "Objective"}
	for i := 0; i+1 < len(activities); i += 2 {
		o.Activities = append(o.Activities, bitacora.Activity{Code: activities[i], Text: activities[i+1]})
	}
	d.Areas = []bitacora.Area{{Number: 1, Title: "Area", Objectives: []bitacora.Objective{o}}}
	return d
}

// TestSearchLanguages checks that each programme's words are stemmed in its
// language, and that queries, which do not say their language, find them.
func TestSearchLanguages(t *testing.T) {
	ix := Build([]*bitacora.Document{
		programme("es", "es", "1.1", "Una política pública de infraestructura", "1.2", "Educación y comunicaciones"),
		programme("en", "en", "1.1", "A broadband policy for governments"),
		programme("fr", "fr", "1.1", "Les sociétés numériques et l'égalité"),
		programme("pt", "pt-BR", "1.1", "Políticas públicas digitais para mulheres"),
		programme("xx", "de", "1.1", "Digitale Politik"),
	})
	tests := []struct {
		query string
		want  []string // programme:key of the activities found, in any order
	}{
		{"politicas", []string{"es:1.1", "pt:1.1"}},
		{"políticas publicas", []string{"es:1.1", "pt:1.1"}},
		{"infraestructuras", []string{"es:1.1"}},
		{"educacion", []string{"es:1.2"}},
		{"educaciones", []string{"es:1.2"}},
		{"comunicación", []string{"es:1.2"}},
		{"policies", []string{"en:1.1"}},
		{"government", []string{"en:1.1"}},
		{"société", []string{"fr:1.1"}},
		{"numerique", []string{"fr:1.1"}},
		{"egalite", []string{"fr:1.1"}},
		{"information", nil},
		{"mulher", []string{"pt:1.1"}},
		{"politik", []string{"xx:1.1"}},
		{"digitale", []string{"xx:1.1"}},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range ix.Search(tt.query, 0) {
			if r.Kind == KindActivity {
				got = append(got, r.Programme+":"+r.Key)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Search(%q) = %v, want %v", tt.query, got, tt.want)
		}
	}
	for _, r := range ix.Search("politicas", 0) {
		if want := map[string]string{"es": "es", "pt": "pt-BR"}[r.Programme]; r.Lang != want {
			t.Errorf("%s %s: Lang = %q, want %q", r.Programme, r.Key, r.Lang, want)
		}
	}
}

// TestSearchParties checks that a party named by several programmes is one
// result, found by any of its names.
func TestSearchParties(t *testing.T) {
	a := programme("a", "es", "1.1", "Estudio")
	a.Parties = []bitacora.Party{{ID: "isoc", Name: "Internet Society", Acronym: "ISOC", Aliases: []string{"ISOC"}}}
	a.Areas[0].Objectives[0].Activities[0].CoResponsible = []string{"isoc", "unknown-party"}
	b := programme("b", "en", "1.1", "Study")
	b.Parties = []bitacora.Party{{ID: "isoc", Name: "Internet Society", Acronym: "ISOC", Aliases: []string{"Sociedad de Internet"}, Countries: []string{"Suiza"}}}
	ix := Build([]*bitacora.Document{a, b})

	for _, q := range []string{"isoc", "internet society", "sociedad internet", "suiza"} {
		var parties []Result
		for _, r := range ix.Search(q, 0) {
			if r.Kind == KindParty {
				parties = append(parties, r)
			}
		}
		if len(parties) != 1 {
			t.Errorf("Search(%q) found %d parties, want 1", q, len(parties))
			continue
		}
		p := parties[0]
		if p.Key != "isoc" || p.Title != "Internet Society" || p.Programme != "" || p.Lang != "es" {
			t.Errorf("Search(%q) party = %+v", q, p)
		}
	}
	// The activity is found by the party named on it, even by an id the
	// register does not know.
	for _, q := range []string{"isoc", "unknown party"} {
		if got := keys(ix.Search(q, 0)); !slices.Contains(got, "activity:1.1") {
			t.Errorf("Search(%q) = %v, want activity:1.1", q, got)
		}
	}
}

// TestSearchOrder checks that equal scores are ordered by kind, programme
// and key, numbers in numeric order, and that the order is the same on
// every run.
func TestSearchOrder(t *testing.T) {
	ix := Build([]*bitacora.Document{
		programme("b", "es", "10.1", "Redes", "2.1", "Redes", "1.1", "Redes"),
		programme("a", "es", "1.10", "Redes", "1.9", "Redes"),
	})
	want := []string{"a:1.9", "a:1.10", "b:1.1", "b:2.1", "b:10.1"}
	for range 20 {
		var got []string
		for _, r := range ix.Search("red", 0) {
			got = append(got, r.Programme+":"+r.Key)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("Search = %v, want %v", got, want)
		}
	}

	seed := seedIndex(t)
	first := seed.Search("desarrollo digital", 0)
	for range 20 {
		if again := seed.Search("desarrollo digital", 0); !reflect.DeepEqual(again, first) {
			t.Fatal("the same search gave another order")
		}
	}
	for i := 1; i < len(first); i++ {
		if first[i].Score > first[i-1].Score {
			t.Errorf("result %d scores %v above result %d (%v)", i, first[i].Score, i-1, first[i-1].Score)
		}
	}
}

func TestSearchLimit(t *testing.T) {
	ix := seedIndex(t)
	all := ix.Search("digital", 0)
	if len(all) < 20 {
		t.Fatalf("Search(digital) found %d, want many", len(all))
	}
	if got := ix.Search("digital", 5); !reflect.DeepEqual(got, all[:5]) {
		t.Errorf("Search(digital, 5) = %v, want %v", keys(got), keys(all[:5]))
	}
	if got := ix.Search("digital", -1); len(got) != len(all) {
		t.Errorf("Search(digital, -1) found %d, want %d", len(got), len(all))
	}
}

// TestPrefix checks that the last word typed matches as a prefix, below a
// whole word, and only when nothing follows it.
func TestPrefix(t *testing.T) {
	ix := seedIndex(t)
	full := ix.Search("infraestructura", 1)
	prefix := ix.Search("infraes", 1)
	if len(full) == 0 || len(prefix) == 0 {
		t.Fatalf("full %v, prefix %v", keys(full), keys(prefix))
	}
	if prefix[0].Score >= full[0].Score {
		t.Errorf("prefix score %v, want below the whole word's %v", prefix[0].Score, full[0].Score)
	}
	for _, q := range []string{"infraes ", "infraes banda", "inf"} {
		for _, r := range ix.Search(q, 0) {
			if slices.ContainsFunc(marked(r.Snippet), func(s string) bool { return strings.EqualFold(fold(s), "infraestructura") }) {
				t.Errorf("Search(%q) matched %q as a prefix", q, "infraestructura")
				break
			}
		}
	}
}

func TestSearchStopWords(t *testing.T) {
	ix := seedIndex(t)
	// Stop words do not change what a query finds…
	if a, b := keys(ix.Search("banda ancha", 0)), keys(ix.Search("la banda de la ancha", 0)); !slices.Equal(a, b) {
		t.Errorf("with stop words %v, without %v", b, a)
	}
	// …unless the query holds nothing else.
	rs := ix.Search("de la", 3)
	if len(rs) != 3 {
		t.Fatalf("Search(de la) = %v, want 3 results", keys(rs))
	}
	// A stop word between the words of a phrase breaks it: the phrase is
	// "banda ancha", not "banda la ancha".
	if a, b := ix.Search("banda ancha", 1), ix.Search("banda la ancha", 1); a[0].Score <= b[0].Score {
		t.Errorf("phrase score %v, want above %v", a[0].Score, b[0].Score)
	}
}

// TestSearchConcurrent runs searches in parallel, for the race detector.
func TestSearchConcurrent(t *testing.T) {
	ix := seedIndex(t)
	want := keys(ix.Search("políticas públicas", 0))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if got := keys(ix.Search("políticas públicas", 0)); !slices.Equal(got, want) {
					t.Error("concurrent search differs")
					return
				}
				ix.Search("infraes", 3)
			}
		})
	}
	wg.Wait()
}

// A word found as typed outranks words that only share its stem: "género"
// (gener-) finds objective 23, "igualdad de género", before the activities
// that "generar" something, with or without the accent typed.
func TestExactWordOutranksStem(t *testing.T) {
	ix := seedIndex(t)
	for _, q := range []string{"género", "genero", "GÉNERO"} {
		got := keys(ix.Search(q, 0))
		if len(got) < 2 || got[0] != "objective:23" {
			t.Fatalf("Search(%q) = %v, want objective:23 first", q, got)
		}
		// The stem still finds the rest.
		for _, k := range []string{"activity:9.1", "activity:5.1"} {
			if !slices.Contains(got, k) {
				t.Errorf("Search(%q) = %v, want %s among them", q, got, k)
			}
		}
	}
}

// Translations are found by the readers of their language only, as one
// result with the original when both match.
func TestTranslationsAreSearchedInTheirLanguage(t *testing.T) {
	doc := seedDocument(t)
	ix := Build([]*bitacora.Document{doc},
		Translation{Programme: doc.Programme.Slug, Subject: "activity:1.3", Field: "text", Lang: "en", Text: "Annual report on the state of broadband"},
		Translation{Programme: doc.Programme.Slug, Subject: "component:1.3:0", Field: "text", Lang: "fr", Text: "Rapport annuel sur le haut débit"})
	for _, tt := range []struct {
		query, lang string
		want        bool
	}{
		{"broadband", "en", true},
		{"broadband", "", false},
		{"broadband", "fr", false},
		{"débit", "fr", true},
		{"debit", "en", false},
	} {
		got := ix.SearchIn(tt.query, tt.lang, 0)
		found := slices.Contains(keys(got), "activity:1.3")
		if found != tt.want {
			t.Errorf("SearchIn(%q, %q) = %v; activity 1.3 found: %v, want %v", tt.query, tt.lang, keys(got), found, tt.want)
		}
		if found && got[0].Lang != tt.lang {
			t.Errorf("SearchIn(%q, %q): result in %q", tt.query, tt.lang, got[0].Lang)
		}
	}
	// Found as written and translated, one result.
	got := keys(ix.SearchIn("1.3 banda broadband", "en", 0))
	n := 0
	for _, k := range got {
		if k == "activity:1.3" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("activity 1.3 found %d times: %v", n, got)
	}
}

// A Set of two programmes' indexes finds both programmes' activities and a
// party they both name once.
func TestSetOfProgrammes(t *testing.T) {
	a := seedDocument(t)
	b := *seedDocument(t)
	b.Programme.Slug = "elac2024"
	set := Set{Build([]*bitacora.Document{a}), Build([]*bitacora.Document{&b})}
	got := set.Search("ISOC")
	parties, programmes := 0, map[string]bool{}
	for _, r := range got {
		if r.Kind == KindParty && r.Key == "isoc" {
			parties++
		}
		if r.Kind == KindActivity {
			programmes[r.Programme] = true
		}
	}
	if parties != 1 || !programmes["elac2020"] || !programmes["elac2024"] {
		t.Errorf("Search(ISOC) over two programmes: party:isoc %d times, activities of %v; want once, both", parties, programmes)
	}
	if len(got) == 0 || got[0].Kind != KindParty {
		t.Errorf("Search(ISOC) starts with %v; want the party", got[:min(1, len(got))])
	}
	if n := len(set.SearchIn("ISOC", "", 3)); n != 3 {
		t.Errorf("limit 3: %d results", n)
	}
}
