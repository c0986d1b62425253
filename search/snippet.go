package search

import "math/bits"

const (
	// snippetRunes is the longest snippet, in runes, before its "…".
	snippetRunes = 240
	// snippetLead is how much text, in runes, a snippet may show before
	// the first match it was built around.
	snippetLead = 60
)

const ellipsis = "…"

// window is a run of words of a field, first to last inclusive, and what
// it holds of the query.
type window struct {
	field       int
	first, last int
	distinct    int // query words matched
	matches     int // words matched
}

// better reports whether w is a better excerpt than v: more distinct query
// words, then more matches; otherwise the earlier field and place win.
func (w window) better(v window) bool {
	if w.distinct != v.distinct {
		return w.distinct > v.distinct
	}
	return w.matches > v.matches
}

// snippet returns the excerpt of the item's texts with the most distinct
// query words, its matched words marked. An item that matched only by its
// code shows the start of its first text.
func (it *item) snippet(marks []uint32) []Span {
	best := window{field: -1}
	for fi := range it.fields {
		f := &it.fields[fi]
		if f.kind == fieldCode {
			continue
		}
		if best.field < 0 || f.fits() {
			if c := f.window(fi, 0, marks); best.field < 0 || c.better(best) {
				best = c
			}
			if f.fits() {
				continue
			}
		}
		for i, w := range f.words {
			if marks[w.term] == 0 {
				continue
			}
			// Start a little before the match, so that it reads in context.
			first := i
			for first > 0 && w.rstart-f.words[first-1].rstart <= snippetLead {
				first--
			}
			if c := f.window(fi, first, marks); c.better(best) {
				best = c
			}
		}
	}
	if best.field < 0 {
		return nil
	}
	return it.fields[best.field].spans(best, marks)
}

// fits reports whether the field's words fit in a snippet.
func (f *field) fits() bool {
	return f.words[len(f.words)-1].rend-f.words[0].rstart <= snippetRunes
}

// window returns the longest window of the field that starts at word first
// and fits in snippetRunes.
func (f *field) window(fi, first int, marks []uint32) window {
	w := window{field: fi, first: first, last: first}
	var seen uint32
	for i := first; i < len(f.words); i++ {
		if i > first && f.words[i].rend-f.words[first].rstart > snippetRunes {
			break
		}
		w.last = i
		if m := marks[f.words[i].term]; m != 0 {
			seen |= m
			w.matches++
		}
	}
	w.distinct = bits.OnesCount32(seen)
	return w
}

// spans cuts the window out of the field's text, with "…" where the text
// goes on, and its matched words as Match spans.
func (f *field) spans(w window, marks []uint32) []Span {
	var out []Span
	add := func(s string, match bool) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && !match && !out[n-1].Match {
			out[n-1].Text += s
			return
		}
		out = append(out, Span{Text: s, Match: match})
	}
	start, end := int(f.words[w.first].start), int(f.words[w.last].end)
	if w.first == 0 {
		start = 0
	} else {
		add(ellipsis, false)
	}
	if w.last == len(f.words)-1 {
		end = len(f.text)
	}
	at := start
	for _, word := range f.words[w.first : w.last+1] {
		if marks[word.term] == 0 {
			continue
		}
		add(f.text[at:word.start], false)
		add(f.text[word.start:word.end], true)
		at = int(word.end)
	}
	add(f.text[at:end], false)
	if end < len(f.text) {
		add(ellipsis, false)
	}
	return out
}
