package search

import (
	"strings"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/spanish"
)

// stemmer names the Snowball stemmer a text is stemmed with. Terms of
// different stemmers never meet: each text's words are looked up only
// among the query's forms made by the same stemmer.
type stemmer uint8

const (
	stemNone stemmer = iota // languages without a stemmer: folded words as they are
	stemSpanish
	stemEnglish
	stemFrench
	numStemmers
)

// stemmerFor picks the stemmer for a BCP 47 language tag. The Snowball
// package has no Portuguese stemmer; Spanish is the closest, and conflates
// Portuguese plurals in -s, -as, -os, -es, though not -ção/-ções nor
// -al/-ais. A programme without a language is taken to be in Spanish, the
// language of most programmes.
func stemmerFor(lang string) stemmer {
	primary, _, _ := strings.Cut(strings.ToLower(lang), "-")
	primary, _, _ = strings.Cut(primary, "_")
	switch primary {
	case "", "es", "pt":
		return stemSpanish
	case "en":
		return stemEnglish
	case "fr":
		return stemFrench
	}
	return stemNone
}

// maxStemBytes is the longest word stemmed. Longer ones are no Spanish,
// English or French word, and the stemmers' time grows with the length.
const maxStemBytes = 64

// stem returns the stem of a folded word. Words with digits are codes and
// names ("1.3", "5G") and stay as they are.
func (s stemmer) stem(w string) (stem string) {
	if s == stemNone || len(w) < 3 || len(w) > maxStemBytes || hasDigit(w) {
		return w
	}
	// The stemmers are third-party code fed user input: a word they cannot
	// handle is matched as written rather than failing the search.
	defer func() {
		if recover() != nil || stem == "" {
			stem = w
		}
	}()
	switch s {
	case stemSpanish:
		return fold(spanish.Stem(respellSpanish(w), true))
	case stemEnglish:
		return english.Stem(w, true)
	case stemFrench:
		return fold(french.Stem(w, true))
	}
	return w
}

// respellSpanish puts back the accent of the two suffixes that Spanish
// Snowball only recognises accented, because words are folded before they
// are stemmed (so that "informacion" and "información" are one word to
// the index). Without it "informacion" would keep its suffix while
// "informaciones" loses it, and the singular would not find the plural.
func respellSpanish(w string) string {
	switch {
	case strings.HasSuffix(w, "acion"):
		return w[:len(w)-len("acion")] + "ación"
	case strings.HasSuffix(w, "ucion"):
		return w[:len(w)-len("ucion")] + "ución"
	}
	return w
}
