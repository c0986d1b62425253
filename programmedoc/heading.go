package programmedoc

import (
	"strings"
)

// heading is an area heading as read: "ÁREA DE ACCIÓN 1. INFRAESTRUCTURA
// DIGITAL" gives number 1 and the title as written.
type heading struct {
	number int
	title  string
	lang   int // index in languages
}

// Lines longer than these are running text, never a heading or a header
// row; the limits keep the per-line matching cheap on long table rows.
const (
	maxHeadingLen   = 400
	maxHeaderRowLen = 200
)

// matchAreaHeading reads an area heading in any language. It tolerates the
// markup an extraction may leave around it ("## ", "**", <p>), extra spaces
// and a number written "1.", "1:", "1 –" or "1".
func matchAreaHeading(line string) (heading, bool) {
	s := strings.TrimSpace(line)
	if s == "" || len(s) > maxHeadingLen || strings.ContainsRune(s, '\t') || !mayStart(s, headingFirstWords) {
		return heading{}, false
	}
	s = strings.TrimSpace(strings.TrimLeft(stripMarkup(s), "#"))
	written := strings.Fields(s)
	folded := make([]string, len(written))
	for i, w := range written {
		folded[i] = fold(w)
	}
	for li, l := range languages {
		for _, h := range l.areaHeadings {
			if !hasPrefixWords(folded, h) || len(written) == len(h) {
				continue
			}
			rest := written[len(h):]
			digits := leadingDigits(rest[0])
			n, ok := atoiSmall(digits)
			if !ok || n == 0 || len(digits) > 3 {
				continue
			}
			// What follows the number in its own word: "", ".", ":", ")"
			// or, when the extraction lost a space, the title's first word.
			tail := strings.TrimLeft(rest[0][len(digits):], ".:)")
			var title []string
			if tail != "" {
				if tail[0] >= '0' && tail[0] <= '9' {
					continue // "1.2": a numbered paragraph, not a heading
				}
				title = append(title, tail)
			}
			title = append(title, rest[1:]...)
			if len(title) > 0 && isSeparatorWord(title[0]) {
				title = title[1:]
			}
			return heading{number: n, title: strings.Join(title, " "), lang: li}, true
		}
	}
	return heading{}, false
}

func isSeparatorWord(w string) bool {
	switch w {
	case "-", "–", "—", ":", ".":
		return true
	}
	return false
}

// matchHeaderRow reads a table header row ("Objetivo\tActividades\t
// Responsable\tCorresponsable") in any language and returns the language's
// index. The cells may be separated by tabs or spaces; at least the
// objective and activities columns must be there, in order, and nothing
// else.
func matchHeaderRow(line string) (int, bool) {
	if len(line) > maxHeaderRowLen || !mayStart(strings.TrimSpace(line), headerFirstWords) {
		return 0, false
	}
	words := foldedWords(stripMarkup(strings.ReplaceAll(line, "\t", " ")))
	if len(words) < 2 {
		return 0, false
	}
	for li, l := range languages {
		rest := words
		matched := 0
		for _, column := range l.columns {
			found := false
			for _, label := range column {
				if hasPrefixWords(rest, label) {
					rest = rest[len(label):]
					found = true
					break
				}
			}
			if !found {
				break
			}
			matched++
		}
		if matched >= 2 && len(rest) == 0 {
			return li, true
		}
	}
	return 0, false
}

// stripMarkup removes what an extraction may wrap a heading in: HTML tags
// and Markdown bold markers.
func stripMarkup(s string) string {
	if strings.ContainsRune(s, '<') {
		s = plainText(s)
	}
	return strings.TrimSpace(strings.ReplaceAll(s, "**", ""))
}

// The first words of every heading and of every objective column label:
// a line that starts with none of them is neither a heading nor a header
// row, and most lines are told so without folding them whole.
var headingFirstWords, headerFirstWords = func() (h, c map[string]bool) {
	h, c = map[string]bool{}, map[string]bool{}
	for _, l := range languages {
		for _, p := range l.areaHeadings {
			h[p[0]] = true
		}
		for _, p := range l.columns[0] {
			c[p[0]] = true
		}
	}
	return h, c
}()

// mayStart reports whether a trimmed line may start with one of the words:
// it does, or it starts with markup that hides its first word.
func mayStart(s string, words map[string]bool) bool {
	s = strings.TrimLeft(s, "#* ")
	if strings.HasPrefix(s, "<") {
		return true
	}
	end := strings.IndexAny(s, " \t")
	if end < 0 {
		end = len(s)
	}
	return words[fold(s[:end])]
}
