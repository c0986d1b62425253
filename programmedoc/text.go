package programmedoc

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/elac/bitacora"
)

// foldRunes maps the letters that fold changes beyond lower-casing: the
// accented Latin letters of bitacora.FoldAccents (so that matching and
// slugs agree), ligatures, and typographic apostrophes, so that "D’ACTION"
// matches "D'ACTION".
var foldRunes = func() map[rune]string {
	m := map[rune]string{
		'’': "'", '‘': "'", 'ʼ': "'", '´': "'",
		'œ': "oe", 'æ': "ae",
	}
	for r := rune(0xc0); r <= 0x24f; r++ {
		if f := bitacora.FoldAccents(string(r)); f != string(r) {
			m[r] = strings.ToLower(f)
		}
	}
	return m
}()

// fold returns the form in which labels and names are compared: lower case,
// without accents, apostrophes straightened, white space collapsed.
func fold(s string) string {
	if isFolded(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if asciiSpace[r] {
				pending = b.Len() > 0
				continue
			}
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			} else if r == '`' {
				r = '\''
			}
			if pending {
				b.WriteByte(' ')
				pending = false
			}
			b.WriteByte(byte(r))
			continue
		case unicode.IsSpace(r):
			pending = b.Len() > 0
			continue
		case isInvisible(r), isCombining(r):
			// Decomposed accents (a + U+0301) come out of some extractors.
			continue
		default:
			r = unicode.ToLower(r)
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		if f, ok := foldRunes[r]; ok {
			b.WriteString(f)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// isFolded reports whether fold would return s unchanged: ASCII without
// capitals, backquotes or runs of spaces. Most words are.
func isFolded(s string) bool {
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' || c == '`' {
			return false
		}
		space := asciiSpace[c]
		if space && (c != ' ' || prevSpace) {
			return false
		}
		prevSpace = space
	}
	return !prevSpace || s == ""
}

func isCombining(r rune) bool { return r >= 0x300 && r <= 0x36f }

// isInvisible reports the characters that have no place in running text:
// zero-width spaces and joiners, the BOM inside a line, the soft hyphen.
func isInvisible(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return true
	}
	return false
}

// collapseSpace turns every run of white space into one space, drops
// invisible characters and trims both ends.
func collapseSpace(s string) string {
	if isCollapsed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && !asciiSpace[r]:
		case r < utf8.RuneSelf, unicode.IsSpace(r):
			pending = b.Len() > 0
			continue
		case isInvisible(r):
			continue
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isCollapsed reports whether collapseSpace would return s unchanged.
func isCollapsed(s string) bool {
	prevSpace := true // a leading space is not collapsed
	for _, r := range s {
		var space bool
		if r < utf8.RuneSelf {
			space = asciiSpace[r]
		} else if isInvisible(r) {
			return false
		} else {
			space = unicode.IsSpace(r)
		}
		if space && (r != ' ' || prevSpace) {
			return false
		}
		prevSpace = space
	}
	return !prevSpace || s == ""
}

// foldedWords splits a folded phrase into words.
func foldedWords(s string) []string { return strings.Fields(fold(s)) }

// hasPrefixWords reports whether words starts with prefix, word by word.
func hasPrefixWords(words, prefix []string) bool {
	if len(prefix) == 0 || len(words) < len(prefix) {
		return false
	}
	for i, w := range prefix {
		if words[i] != w {
			return false
		}
	}
	return true
}

// firstRune returns the first rune of s, or 0.
func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return 0
	}
	return r
}

// isUpperText reports whether s has letters and none of them is lower case:
// headings and titles are set in capitals.
func isUpperText(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 0
}

// isAcronymWord reports whether w is written like an acronym: upper-case
// letters and digits (and the odd hyphen or ampersand), at least two of them
// capitals: "ISOC", "A4AI", "GEALC", "CE-Digital" is not one (see
// looksLikeAcronym for that).
func isAcronymWord(w string) bool {
	upper := 0
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsDigit(r), r == '-', r == '&':
		default:
			return false
		}
	}
	return upper >= 2
}

// capitals counts the upper-case letters of w.
func capitals(w string) int {
	n := 0
	for _, r := range w {
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n
}

// truncateWords returns the first n words of s, with "…" if it had more.
func truncateWords(s string, n int) string {
	w := strings.Fields(s)
	if len(w) <= n {
		return s
	}
	return strings.Join(w[:n], " ") + "…"
}

// atoiSmall parses a short run of ASCII digits; it refuses anything longer
// than four digits so that no input can overflow it.
func atoiSmall(s string) (int, bool) {
	if s == "" || len(s) > 4 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// leadingDigits returns the ASCII digits at the start of s.
func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}
