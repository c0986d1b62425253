package search

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/elac/bitacora"
)

// BM25 parameters.
const (
	k1 = 1.2
	b  = 0.75
)

// fieldKind is the part of an item a text comes from; it sets the text's
// weight in the score.
type fieldKind uint8

const (
	fieldCode       fieldKind = iota // activity code, objective number
	fieldTitle                       // area title, party name and acronym
	fieldAliases                     // other names of a party
	fieldText                        // objective and activity text, a party's countries
	fieldComponents                  // an activity's components
	fieldParties                     // the parties named on an activity
	numFields
)

// fieldWeight makes a word in a title count three times a word in running
// text, and a party named on an activity count a third of it: "ISOC" finds
// the Internet Society first, then the activities it supports.
var fieldWeight = [numFields]float64{
	fieldCode:       4,
	fieldTitle:      3,
	fieldAliases:    2,
	fieldText:       1,
	fieldComponents: 0.6,
	fieldParties:    0.3,
}

// partGap separates the positions of the parts of a field (two components,
// two party names) so that a phrase never spans them.
const partGap = 4

// Index is a search index over programmes and their parties. It is
// immutable once built and safe for concurrent use.
type Index struct {
	items []item
	// terms maps a stemmer and a stem (see termKey) to a term id, which
	// indexes postings and idf.
	terms    map[string]int32
	postings [][]posting
	idf      []float64
	// surface maps, per stemmer, each folded word of the texts to its
	// term, so that a query word found in the texts needs no stemming; vocab
	// holds the same sorted by word, for matching the prefix of the last
	// word typed.
	surface [numStemmers]map[string]int32
	vocab   [numStemmers][]vocabWord
	// stemmers lists the stemmers some text was stemmed with: a query word
	// is stemmed with each of them.
	stemmers []stemmer
	// order is each item's rank by kind, programme and key, which breaks
	// ties between equal scores.
	order []int32
	// byName and byCode find the items with a name or a code (see item).
	byName map[string][]int32
	byCode map[string][]int32
	// scratch holds the per-search buffers, sized to the index.
	scratch sync.Pool
}

// item is one searchable thing.
type item struct {
	kind      Kind
	programme string
	key       string
	title     string
	lang      string
	// code is the activity code or objective number that a query word
	// equal to it puts on top.
	code string
	// names are the item's names (an area's title, a party's name, acronym
	// and aliases) as folded words joined by spaces: a query that is one of
	// them word for word is looking for this item.
	names  []string
	fields []field
	// reader is the language of the readers who find this item: "" for
	// the programmes' own texts, found by everyone; a language for an
	// item built from the translations into it.
	reader string
}

// field is a text of an item and its words.
type field struct {
	kind  fieldKind
	text  string
	words []word
}

// word is a word of a field: its place in the text, in bytes and in runes,
// its position for phrases, and its term.
type word struct {
	start, end   int32
	rstart, rend int32
	pos          int32
	term         int32
	// exact is the term of the word as written, lower-cased with its
	// accents kept ("género"): a query word equal to it outranks one that
	// only shares its stem ("Generar").
	exact int32
}

// posting says that an item holds a term, with the term's BM25F weight in
// that item, already saturated: tf/(k1+tf).
type posting struct {
	item int32
	w    float32
}

type vocabWord struct {
	word string
	term int32
}

func termKey(s stemmer, stem string) string { return string(rune('0'+s)) + stem }

// exactKey is the key of an exact term: a word folded (case and accents)
// but not stemmed.
// Its prefix is no stemmer's, so exact and stemmed terms never meet.
func exactKey(w string) string { return "=" + fold(w) }

// Translation is a text of a programme translated into a language, keyed
// as the store keys it: subject "area:4", "objective:10", "activity:1.3"
// or "component:1.3:0", field "title" or "text".
type Translation struct {
	Programme, Subject, Field, Lang, Text string
}

// Build indexes the areas, objectives and activities of the documents and
// the parties of their registers. A party that several documents name (by
// the same id) is one item, with the names and countries of all of them.
// The translations are indexed for the readers of their language (see
// SearchIn), each translated area, objective and activity an item of its
// own, stemmed in that language.
func Build(docs []*bitacora.Document, translations ...Translation) *Index {
	bl := builder{ix: &Index{terms: map[string]int32{}}, rawExact: map[string]int32{}}
	for s := range numStemmers {
		bl.raw[s] = map[string]int32{}
		bl.ix.surface[s] = map[string]int32{}
	}
	var parties []*partyEntry
	byID := map[string]*partyEntry{}
	for _, d := range docs {
		if d == nil {
			continue
		}
		bl.addDocument(d)
		bl.addTranslations(d, translations)
		for i := range d.Parties {
			p := &d.Parties[i]
			id := p.ID
			if id == "" {
				id = bitacora.Slugify(p.Name)
			}
			if id == "" {
				continue
			}
			e := byID[id]
			if e == nil {
				e = &partyEntry{id: id, party: *p, lang: d.Programme.Language}
				e.party.Aliases = nil
				e.party.Countries = nil
				byID[id] = e
				parties = append(parties, e)
			}
			e.aliases = appendNew(e.aliases, p.Aliases...)
			if p.Name != e.party.Name {
				e.aliases = appendNew(e.aliases, p.Name)
			}
			if p.Acronym != "" && p.Acronym != e.party.Acronym {
				e.aliases = appendNew(e.aliases, p.Acronym)
			}
			e.countries = appendNew(e.countries, p.Countries...)
		}
	}
	for _, e := range parties {
		bl.addParty(e)
	}
	bl.finish()
	return bl.ix
}

type partyEntry struct {
	id        string
	party     bitacora.Party
	lang      string
	aliases   []string
	countries []string
}

// appendNew appends the strings that are not already in list, ignoring
// case and accents.
func appendNew(list []string, add ...string) []string {
	for _, s := range add {
		s = strings.TrimSpace(s)
		if s == "" || slices.ContainsFunc(list, func(t string) bool { return fold(t) == fold(s) }) {
			continue
		}
		list = append(list, s)
	}
	return list
}

// partyLabel is how a party is written where it is named: "Internet Society
// (ISOC)", or the bare name when the acronym is the name or part of it.
func partyLabel(p *bitacora.Party) string {
	if p.Acronym == "" || strings.Contains(fold(p.Name), fold(p.Acronym)) {
		return p.Name
	}
	return p.Name + " (" + p.Acronym + ")"
}

// builder holds what Build needs only while building.
type builder struct {
	ix *Index
	// raw maps, per stemmer, each word as written to its term: most words
	// recur, and need folding and stemming once.
	raw      [numStemmers]map[string]int32
	rawExact map[string]int32
	used     [numStemmers]bool
}

func (bl *builder) addDocument(d *bitacora.Document) {
	slug, lang := d.Programme.Slug, d.Programme.Language
	st := stemmerFor(lang)
	labels := make(map[string]string, len(d.Parties))
	for i := range d.Parties {
		labels[d.Parties[i].ID] = partyLabel(&d.Parties[i])
	}
	for _, a := range d.Areas {
		n := strconv.Itoa(a.Number)
		bl.add(st, item{kind: KindArea, programme: slug, key: n, title: a.Title, lang: lang, names: foldNames(a.Title)},
			fieldParts{fieldTitle, []string{a.Title}})
	}
	for _, a := range d.Areas {
		for _, o := range a.Objectives {
			n := strconv.Itoa(o.Number)
			bl.add(st, item{kind: KindObjective, programme: slug, key: n, title: n, lang: lang, code: n},
				fieldParts{fieldCode, []string{n}},
				fieldParts{fieldText, []string{o.Text}})
		}
	}
	for _, a := range d.Areas {
		for _, o := range a.Objectives {
			for _, ac := range o.Activities {
				var names []string
				for _, id := range slices.Concat(ac.Responsible, ac.CoResponsible) {
					label, ok := labels[id]
					if !ok {
						label = strings.ReplaceAll(id, "-", " ")
					}
					names = appendNew(names, label)
				}
				bl.add(st, item{kind: KindActivity, programme: slug, key: ac.Code, title: ac.Code, lang: lang, code: fold(ac.Code)},
					fieldParts{fieldCode, []string{ac.Code}},
					fieldParts{fieldText, []string{ac.Text}},
					fieldParts{fieldComponents, ac.Components},
					fieldParts{fieldParties, names})
			}
		}
	}
}

// addTranslations adds, for each language a document is translated into,
// the areas, objectives and activities with a translated text.
func (bl *builder) addTranslations(d *bitacora.Document, translations []Translation) {
	slug := d.Programme.Slug
	byLang := map[string]map[string]string{}
	var langs []string
	for _, t := range translations {
		if t.Programme != slug || strings.TrimSpace(t.Text) == "" {
			continue
		}
		if byLang[t.Lang] == nil {
			byLang[t.Lang] = map[string]string{}
			langs = append(langs, t.Lang)
		}
		byLang[t.Lang][t.Subject+"|"+t.Field] = t.Text
	}
	slices.Sort(langs)
	for _, lang := range langs {
		tr, st := byLang[lang], stemmerFor(lang)
		for _, a := range d.Areas {
			n := strconv.Itoa(a.Number)
			if title, ok := tr["area:"+n+"|title"]; ok {
				bl.add(st, item{kind: KindArea, programme: slug, key: n, title: title, lang: lang, reader: lang, names: foldNames(title)},
					fieldParts{fieldTitle, []string{title}})
			}
			for _, o := range a.Objectives {
				n := strconv.Itoa(o.Number)
				if text, ok := tr["objective:"+n+"|text"]; ok {
					bl.add(st, item{kind: KindObjective, programme: slug, key: n, title: n, lang: lang, reader: lang, code: n},
						fieldParts{fieldCode, []string{n}},
						fieldParts{fieldText, []string{text}})
				}
				for _, ac := range o.Activities {
					text, ok := tr["activity:"+ac.Code+"|text"]
					var components []string
					for i := range ac.Components {
						if c, ok := tr["component:"+ac.Code+":"+strconv.Itoa(i)+"|text"]; ok {
							components = append(components, c)
						}
					}
					if ok || len(components) > 0 {
						bl.add(st, item{kind: KindActivity, programme: slug, key: ac.Code, title: ac.Code, lang: lang, reader: lang, code: fold(ac.Code)},
							fieldParts{fieldCode, []string{ac.Code}},
							fieldParts{fieldText, []string{text}},
							fieldParts{fieldComponents, components})
					}
				}
			}
		}
	}
}

func (bl *builder) addParty(e *partyEntry) {
	names := foldNames(slices.Concat([]string{e.party.Name, e.party.Acronym}, e.aliases)...)
	bl.add(stemmerFor(e.lang), item{kind: KindParty, key: e.id, title: e.party.Name, lang: e.lang, names: names},
		fieldParts{fieldTitle, []string{partyLabel(&e.party)}},
		fieldParts{fieldAliases, e.aliases},
		fieldParts{fieldText, e.countries})
}

// foldNames returns names as their folded words joined by spaces, as
// parseQuery joins the words of a query.
func foldNames(names ...string) []string {
	var out []string
	for _, n := range names {
		var ws []string
		words(n, func(start, end int) { ws = append(ws, fold(n[start:end])) })
		if j := strings.Join(ws, " "); j != "" && !slices.Contains(out, j) {
			out = append(out, j)
		}
	}
	return out
}

// fieldParts is a field as given: its kind and its parts, which are joined
// with "; " into the field's text.
type fieldParts struct {
	kind  fieldKind
	parts []string
}

func (bl *builder) add(st stemmer, it item, fps ...fieldParts) {
	bl.used[st] = true
	for _, fp := range fps {
		f := field{kind: fp.kind}
		var text strings.Builder
		pos, runes := int32(0), int32(0)
		for _, p := range fp.parts {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			if text.Len() > 0 {
				text.WriteString("; ")
				runes += 2
				pos += partGap
			}
			base := int32(text.Len())
			text.WriteString(p)
			last := 0
			words(p, func(start, end int) {
				runes += int32(utf8.RuneCountInString(p[last:start]))
				n := int32(utf8.RuneCountInString(p[start:end]))
				f.words = append(f.words, word{
					start: base + int32(start), end: base + int32(end),
					rstart: runes, rend: runes + n,
					pos:   pos,
					term:  bl.term(st, p[start:end]),
					exact: bl.exact(p[start:end]),
				})
				runes += n
				pos++
				last = end
			})
			runes += int32(utf8.RuneCountInString(p[last:]))
		}
		if len(f.words) == 0 {
			continue
		}
		f.text = text.String()
		it.fields = append(it.fields, f)
	}
	if len(it.fields) > 0 {
		bl.ix.items = append(bl.ix.items, it)
	}
}

// term returns the term id of a word, as written, of a text stemmed by st.
func (bl *builder) term(st stemmer, raw string) int32 {
	if id, ok := bl.raw[st][raw]; ok {
		return id
	}
	w := fold(raw)
	id, ok := bl.ix.surface[st][w]
	if !ok {
		tk := termKey(st, st.stem(w))
		id, ok = bl.ix.terms[tk]
		if !ok {
			id = int32(len(bl.ix.terms))
			bl.ix.terms[tk] = id
		}
		bl.ix.surface[st][w] = id
	}
	bl.raw[st][raw] = id
	return id
}

// exact returns the exact term id of a word as written.
func (bl *builder) exact(raw string) int32 {
	if id, ok := bl.rawExact[raw]; ok {
		return id
	}
	k := exactKey(raw)
	id, ok := bl.ix.terms[k]
	if !ok {
		id = int32(len(bl.ix.terms))
		bl.ix.terms[k] = id
	}
	bl.rawExact[raw] = id
	return id
}

// finish computes the BM25F weights: for each item and term, the weighted
// sum over fields of the term's frequency, each normalised by the field's
// length against the average length of that kind of field.
func (bl *builder) finish() {
	ix := bl.ix
	var sum, count [numFields]float64
	for i := range ix.items {
		for _, f := range ix.items[i].fields {
			sum[f.kind] += float64(len(f.words))
			count[f.kind]++
		}
	}
	var avg [numFields]float64
	for k := range avg {
		avg[k] = 1
		if count[k] > 0 {
			avg[k] = sum[k] / count[k]
		}
	}
	ix.postings = make([][]posting, len(ix.terms))
	tf := map[int32]float64{}
	var order []int32
	for i := range ix.items {
		clear(tf)
		order = order[:0]
		for _, f := range ix.items[i].fields {
			scale := fieldWeight[f.kind] / (1 - b + b*float64(len(f.words))/avg[f.kind])
			for _, w := range f.words {
				for _, t := range [2]int32{w.term, w.exact} {
					if _, ok := tf[t]; !ok {
						order = append(order, t)
					}
					tf[t] += scale
				}
			}
		}
		for _, t := range order {
			ix.postings[t] = append(ix.postings[t], posting{item: int32(i), w: float32(tf[t] / (k1 + tf[t]))})
		}
	}
	n := float64(len(ix.items))
	ix.idf = make([]float64, len(ix.terms))
	for t, ps := range ix.postings {
		df := float64(len(ps))
		ix.idf[t] = math.Log(1 + (n-df+0.5)/(df+0.5))
	}
	for st := range numStemmers {
		if !bl.used[st] {
			continue
		}
		ix.stemmers = append(ix.stemmers, st)
		v := make([]vocabWord, 0, len(ix.surface[st]))
		for w, t := range ix.surface[st] {
			v = append(v, vocabWord{w, t})
		}
		slices.SortFunc(v, func(x, y vocabWord) int { return strings.Compare(x.word, y.word) })
		ix.vocab[st] = v
	}
	ranked := make([]int32, len(ix.items))
	for i := range ranked {
		ranked[i] = int32(i)
	}
	slices.SortStableFunc(ranked, func(x, y int32) int {
		p, q := &ix.items[x], &ix.items[y]
		if c := kindOrder[p.kind] - kindOrder[q.kind]; c != 0 {
			return c
		}
		if c := strings.Compare(p.programme, q.programme); c != 0 {
			return c
		}
		return compareKeys(p.key, q.key)
	})
	ix.order = make([]int32, len(ix.items))
	for rank, i := range ranked {
		ix.order[i] = int32(rank)
	}
	ix.byName, ix.byCode = map[string][]int32{}, map[string][]int32{}
	for i, it := range ix.items {
		for _, n := range it.names {
			ix.byName[n] = append(ix.byName[n], int32(i))
		}
		if it.code != "" {
			ix.byCode[it.code] = append(ix.byCode[it.code], int32(i))
		}
	}
	items, terms := len(ix.items), len(ix.terms)
	ix.scratch.New = func() any {
		return &scratch{sum: make([]float64, items), best: make([]float64, items), matched: make([]uint32, items), marks: make([]uint32, terms)}
	}
}
