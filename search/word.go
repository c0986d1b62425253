package search

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// words calls fn with the byte range of each word of s: a run of letters and
// digits, with the combining marks inside it (a decomposed "í" stays one
// word), and with a dot between digits kept so that codes such as "1.3" and
// "17.2" are one word. Invalid UTF-8 separates words.
func words(s string, fn func(start, end int)) {
	start := -1
	prevDigit := false
	for i, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
			prevDigit = isASCIIDigit(r)
		case start >= 0 && unicode.IsMark(r):
			prevDigit = false
		case start >= 0 && r == '.' && prevDigit && i+1 < len(s) && isASCIIDigit(rune(s[i+1])):
			prevDigit = false
		default:
			if start >= 0 {
				fn(start, i)
				start = -1
			}
			prevDigit = false
		}
	}
	if start >= 0 {
		fn(start, len(s))
	}
}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

// hasDigit reports whether a word holds a digit: codes, years and names
// like "5G" or "IPv6" are matched as written, never stemmed.
func hasDigit(w string) bool {
	for _, r := range w {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// folders decomposes, drops the combining marks and recomposes. A
// transform.Transformer keeps state, so each goroutine takes its own.
var folders = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// ligatures are letters that carry no combining mark to drop but that
// people type as two: French "œuvre" is searched as "oeuvre".
var ligatures = strings.NewReplacer("œ", "oe", "æ", "ae", "ß", "ss")

// fold returns a word lower-cased and without diacritics: "PolÍticas" →
// "politicas", "Ñandú" → "nandu", "Açúcar" → "acucar".
func fold(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	w = strings.ToLower(w)
	if ascii {
		return w
	}
	w = ligatures.Replace(w)
	t := folders.Get().(transform.Transformer)
	out, _, err := transform.String(t, w)
	folders.Put(t)
	if err != nil {
		return w
	}
	return out
}

// stopWords are the function words of Spanish, Portuguese, French and
// English, folded. They are dropped from queries (unless the query holds
// nothing else) but kept in the index, so that positions, and with them
// phrases, stay true to the text. The list is short on purpose: articles,
// prepositions, conjunctions. The stemmers' own lists also hold words
// worth searching ("estado" is a form of "estar" to Snowball, and the
// State to a programme).
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		a al ante con contra de del desde e el en entre la las lo los o para por
		que se segun sin sobre su sus u un una unas uno unos y
		ao aos as com da das do dos em na nas no nos os ou pela pelas pelo pelos um uma
		au aux avec d dans des du et l le les ou par pour qu sur une
		an and are at be by for from in into is it its of on or the to with`) {
		m[w] = true
	}
	return m
}()
