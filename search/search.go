// Package search is the full-text search of the public site: it finds
// areas, objectives, activities and parties across every programme, whatever
// the accents, case and word forms of the query ("politica" finds
// "políticas"), ranks them with BM25 and returns excerpts whose matched words
// the caller can highlight.
//
// An Index is built once from the programme documents and is read-only from
// then on, so one Index serves any number of concurrent searches; rebuild it
// when a programme changes.
package search

// Kind is the kind of thing a result is.
type Kind string

// The kinds of result. An activity's components are searched as part of
// their activity.
const (
	KindArea      Kind = "area"
	KindObjective Kind = "objective"
	KindActivity  Kind = "activity"
	KindParty     Kind = "party"
)

// kindOrder breaks ties between results of equal score.
var kindOrder = map[Kind]int{KindArea: 0, KindObjective: 1, KindActivity: 2, KindParty: 3}

// MaxQuery is the longest query, in runes, that the caller should accept.
// Search does not truncate; it only reads the first maxTerms words.
const MaxQuery = 200

// Result is one thing a search found.
type Result struct {
	Kind Kind
	// Programme is the programme's slug; "" for parties, which the register
	// shares across programmes.
	Programme string
	// Key identifies the item within its programme: the area or objective
	// number, the activity code ("1.1") or the party id.
	Key string
	// Title is the item's short label as written: the area title, the
	// objective number, the activity code or the party name. Wording around
	// it ("Objetivo 4") is the caller's.
	Title string
	// Snippet is the best-matching excerpt of the item's text, at most
	// about 240 characters, cut at word boundaries with "…".
	Snippet []Span
	// Lang is the language of the text (the programme's language).
	Lang  string
	Score float64
}

// Span is a piece of a snippet. Match spans cover exactly the words of the
// original text (with their accents and case) that matched the query.
type Span struct {
	Text  string
	Match bool
}

// Len returns the number of items in the index.
func (ix *Index) Len() int { return len(ix.items) }
