package search

import (
	"cmp"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

const (
	// maxWords bounds the words of a query read, and maxTerms the distinct
	// words searched, whatever the caller lets through.
	maxWords = 64
	maxTerms = 16
	// maxWordBytes is the longest query word looked up: longer ones are
	// no word of any text, and folding them would only cost time.
	maxWordBytes = 256
	// prefixMin is the shortest last word, in runes, matched as a prefix
	// ("infraes" finds "infraestructura"); prefixFactor discounts such
	// matches against whole words, and maxExpansions bounds them.
	prefixMin     = 4
	prefixFactor  = 0.5
	maxExpansions = 64
	// allTermsBonus rewards an item that matches every word of the query,
	// phraseBonus one that has them in the query's order and spacing, and
	// nameBonus one whose name is the query, word for word ("Red GEALC"),
	// and codeBonus puts the activity or objective whose code was typed on
	// top.
	allTermsBonus = 1.5
	phraseBonus   = 1.5
	nameBonus     = 2
	codeBonus     = 100
	// exactFactor raises a word found as typed, accents included
	// ("género"), above the words that only share its stem ("Generar").
	exactFactor = 2
)

// queryTerm is a distinct word of a query and the terms it matches.
type queryTerm struct {
	word  string // folded
	exact string // lower-cased, accents kept
	// pos is the word's position in the query, stop words counted, so
	// that "banda de ancha" is not the phrase "banda ancha".
	pos    int
	prefix bool
	forms  []form
}

// form is a term a query word matches: a stem of the word by one of the
// stemmers (factor 1), or a word of the texts it is a prefix of.
type form struct {
	term   int32
	factor float64
}

// parseQuery returns the words to search for: folded, without stop words
// (unless there is nothing else), each once. The last word is a prefix
// when nothing follows it, not even a space: the user may be typing it.
// It also returns all the query's words, folded and joined by spaces.
func parseQuery(q string) (terms []queryTerm, whole string) {
	var all []queryTerm
	lastEnd := 0
	words(q, func(start, end int) {
		if len(all) == maxWords || end-start > maxWordBytes {
			return
		}
		all = append(all, queryTerm{word: fold(q[start:end]), exact: exactKey(q[start:end]), pos: len(all)})
		lastEnd = end
	})
	if len(all) == 0 {
		return nil, ""
	}
	open := lastEnd == len(q) && len(all) < maxWords
	onlyStop := !slices.ContainsFunc(all, func(t queryTerm) bool { return !stopWords[t.word] })
	for i, t := range all {
		if (!onlyStop && stopWords[t.word]) ||
			slices.ContainsFunc(terms, func(u queryTerm) bool { return u.word == t.word && u.exact == t.exact }) {
			continue
		}
		if len(terms) == maxTerms {
			break
		}
		t.prefix = open && i == len(all)-1 && utf8.RuneCountInString(t.word) >= prefixMin && !hasDigit(t.word)
		terms = append(terms, t)
	}
	return terms, joinWords(all)
}

func joinWords(ts []queryTerm) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.word)
	}
	return b.String()
}

// expand finds the terms a query word matches.
func (ix *Index) expand(t *queryTerm) {
	add := func(id int32, factor float64) {
		for i := range t.forms {
			if t.forms[i].term == id {
				t.forms[i].factor = max(t.forms[i].factor, factor)
				return
			}
		}
		t.forms = append(t.forms, form{id, factor})
	}
	if id, ok := ix.terms[t.exact]; ok {
		add(id, exactFactor)
	}
	for _, st := range ix.stemmers {
		if id, ok := ix.surface[st][t.word]; ok {
			add(id, 1)
		} else if id, ok := ix.terms[termKey(st, st.stem(t.word))]; ok {
			add(id, 1)
		}
		if !t.prefix {
			continue
		}
		v := ix.vocab[st]
		i, _ := slices.BinarySearchFunc(v, t.word, func(e vocabWord, w string) int { return strings.Compare(e.word, w) })
		for n := 0; i < len(v) && n < maxExpansions && strings.HasPrefix(v[i].word, t.word); i, n = i+1, n+1 {
			add(v[i].term, prefixFactor)
		}
	}
}

// Search returns the items that match the query, best first, at most limit
// of them (all when limit <= 0). A query with no words returns nil.
//
// A query word matches the words of a text that have its stem in the
// text's language (the query's language is not known, so it is stemmed by
// every stemmer the index uses) and, for the last word typed, the words it
// begins. Stop words are left out unless the query holds nothing else.
//
// An item's score is the BM25F score of the query's words (each word
// counting by its best form), scaled by the share of words it matches,
// raised when it matches them all, again when it has them as a phrase and
// again when the query is its name; an activity or objective whose code is
// a word of the query comes first.
func (ix *Index) Search(query string, limit int) []Result {
	return ix.SearchIn(query, "", limit)
}

// SearchIn is Search for a reader of the language lang: it finds the
// programmes' texts and their translations into lang. A thing found both
// as written and translated is one result, the better one.
func (ix *Index) SearchIn(query, lang string, limit int) []Result {
	terms, whole := parseQuery(query)
	if len(terms) == 0 || len(ix.items) == 0 {
		return nil
	}
	sc := ix.scratch.Get().(*scratch)
	defer ix.scratch.Put(sc)
	defer sc.reset(terms)

	// marks maps each matching term to the query words it is a form of: for
	// phrases and for highlighting.
	marks := sc.marks
	found := false
	for k := range terms {
		ix.expand(&terms[k])
		for _, f := range terms[k].forms {
			marks[f.term] |= 1 << k
			found = true
		}
	}
	if !found {
		return nil
	}

	for k, t := range terms {
		for _, f := range t.forms {
			w := f.factor * ix.idf[f.term]
			for _, p := range ix.postings[f.term] {
				if r := ix.items[p.item].reader; r != "" && r != lang {
					continue
				}
				if sc.best[p.item] == 0 {
					sc.now = append(sc.now, p.item)
				}
				sc.best[p.item] = max(sc.best[p.item], w*float64(p.w))
			}
		}
		for _, i := range sc.now {
			if sc.matched[i] == 0 {
				sc.touched = append(sc.touched, i)
			}
			sc.sum[i] += sc.best[i]
			sc.matched[i] |= 1 << k
			sc.best[i] = 0
		}
		sc.now = sc.now[:0]
	}

	all := uint32(1)<<len(terms) - 1
	for _, i := range sc.touched {
		m := sc.matched[i]
		sc.sum[i] *= float64(bits.OnesCount32(m)) / float64(len(terms))
		if m == all && len(terms) > 1 {
			sc.sum[i] *= allTermsBonus
			if ix.items[i].hasPhrase(terms, marks) {
				sc.sum[i] *= phraseBonus
			}
		}
	}
	for _, i := range ix.byName[whole] {
		sc.sum[i] *= nameBonus // 0 when not matched
	}
	for _, t := range terms {
		for _, i := range ix.byCode[t.word] {
			if sc.matched[i] != 0 {
				sc.sum[i] += codeBonus
			}
		}
	}
	hits := sc.hits[:0]
	var seen map[string]int // with translations: a thing's place in hits
	if lang != "" {
		seen = map[string]int{}
	}
	for _, i := range sc.touched {
		h := hit{score: sc.sum[i], item: i, order: ix.order[i]}
		if seen != nil {
			it := &ix.items[i]
			id := string(it.kind) + "|" + it.programme + "|" + it.key
			if j, ok := seen[id]; ok {
				if compareHits(h, hits[j]) < 0 {
					hits[j] = h
				}
				continue
			}
			seen[id] = len(hits)
		}
		hits = append(hits, h)
	}
	sc.hits = hits
	hits = best(hits, limit)
	results := make([]Result, len(hits))
	for r, h := range hits {
		it := &ix.items[h.item]
		results[r] = Result{
			Kind:      it.kind,
			Programme: it.programme,
			Key:       it.key,
			Title:     it.title,
			Snippet:   it.snippet(marks),
			Lang:      it.lang,
			Score:     h.score,
		}
	}
	return results
}

// scratch holds the buffers of one search, indexed by item or by term.
// Only what a search touched is cleared after it.
type scratch struct {
	sum, best    []float64
	matched      []uint32
	marks        []uint32
	touched, now []int32
	hits         []hit
}

func (sc *scratch) reset(terms []queryTerm) {
	for _, i := range sc.touched {
		sc.sum[i], sc.matched[i] = 0, 0
	}
	for _, t := range terms {
		for _, f := range t.forms {
			sc.marks[f.term] = 0
		}
	}
	sc.touched = sc.touched[:0]
}

// hit is a scored item.
type hit struct {
	score float64
	item  int32
	order int32
}

// compareHits orders hits best first; equal scores go by kind, programme
// and key, numbers in numeric order ("2.1" before "10.1").
func compareHits(x, y hit) int {
	if x.score != y.score {
		if x.score > y.score {
			return -1
		}
		return 1
	}
	return cmp.Compare(x.order, y.order)
}

// best sorts the best limit hits first and drops the others; all of them
// when limit <= 0. A bounded heap keeps a long list of hits from being
// sorted whole.
func best(hits []hit, limit int) []hit {
	if limit <= 0 || limit >= len(hits) {
		slices.SortFunc(hits, compareHits)
		return hits
	}
	// top is a heap whose root is the worst of the best so far.
	top := hits[:limit]
	worse := func(i, j int) bool { return compareHits(top[i], top[j]) > 0 }
	down := func(i int) {
		for {
			c := 2*i + 1
			if c >= len(top) {
				return
			}
			if c+1 < len(top) && worse(c+1, c) {
				c++
			}
			if !worse(c, i) {
				return
			}
			top[i], top[c] = top[c], top[i]
			i = c
		}
	}
	for i := len(top)/2 - 1; i >= 0; i-- {
		down(i)
	}
	for _, h := range hits[limit:] {
		if compareHits(h, top[0]) < 0 {
			top[0] = h
			down(0)
		}
	}
	slices.SortFunc(top, compareHits)
	return top
}

// hasPhrase reports whether a field of the item holds the query's words in
// the query's order and spacing.
func (it *item) hasPhrase(terms []queryTerm, marks []uint32) bool {
	for _, f := range it.fields {
		if f.kind == fieldCode {
			continue
		}
	words:
		for i, w := range f.words {
			if marks[w.term]&1 == 0 {
				continue
			}
			for k := 1; k < len(terms); k++ {
				d := terms[k].pos - terms[0].pos
				j := i + d
				if j >= len(f.words) || int(f.words[j].pos) != int(w.pos)+d || marks[f.words[j].term]&(1<<k) == 0 {
					continue words
				}
			}
			return true
		}
	}
	return false
}

// compareKeys compares keys part by part between dots, numerically where
// both parts are numbers.
func compareKeys(a, b string) int {
	for a != "" || b != "" {
		if a == "" {
			return -1
		}
		if b == "" {
			return 1
		}
		pa, ra, _ := strings.Cut(a, ".")
		pb, rb, _ := strings.Cut(b, ".")
		na, ea := strconv.Atoi(pa)
		nb, eb := strconv.Atoi(pb)
		var c int
		switch {
		case ea == nil && eb == nil:
			c = cmp.Compare(na, nb)
		case ea == nil:
			c = -1
		case eb == nil:
			c = 1
		default:
			c = strings.Compare(pa, pb)
		}
		if c != 0 {
			return c
		}
		a, b = ra, rb
	}
	return 0
}

// Set is several indexes searched as one: each published programme keeps
// its own, Build of its document (with its parties) and translations, so
// that a change to one programme builds its index again and no other.
// Each index weighs words by their rarity in its programme, whose ranking
// is then exactly that of an index of it alone; programmes of one family
// use the same words alike, and their results are merged by score, equal
// ones by kind, programme and key, as in one index. A party that several
// programmes name is one result, its best.
type Set []*Index

// Search is SearchIn for every reader, all results.
func (s Set) Search(query string) []Result { return s.SearchIn(query, "", 0) }

// SearchIn searches every index of the set for a reader of lang and keeps
// the best limit results (all with limit <= 0).
func (s Set) SearchIn(query, lang string, limit int) []Result {
	var all []Result
	party := map[string]int{} // a party's place in all
	for _, ix := range s {
		if ix == nil {
			continue
		}
		for _, r := range ix.SearchIn(query, lang, limit) {
			if r.Kind == KindParty {
				if i, ok := party[r.Key]; ok {
					if r.Score > all[i].Score {
						all[i] = r
					}
					continue
				}
				party[r.Key] = len(all)
			}
			all = append(all, r)
		}
	}
	slices.SortStableFunc(all, func(x, y Result) int {
		if x.Score != y.Score {
			if x.Score > y.Score {
				return -1
			}
			return 1
		}
		if c := kindOrder[x.Kind] - kindOrder[y.Kind]; c != 0 {
			return c
		}
		if c := strings.Compare(x.Programme, y.Programme); c != 0 {
			return c
		}
		return compareKeys(x.Key, y.Key)
	})
	if limit > 0 && len(all) > limit {
		all = all[:limit]
	}
	return all
}
