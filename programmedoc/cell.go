package programmedoc

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Cells come out of the PDF extraction as text with HTML fragments in them
// (<p>, <ul style=…>, <li>, <i>, entities). Reducing a cell keeps what the
// markup meant for the table — where a list item starts and where a list
// ends — as two control characters that no accepted document can contain
// (source.go refuses control characters), and drops the rest.
const (
	itemMark    = '\x1e' // a list item starts here: an <li>, or a "– " item
	listEndMark = '\x1f' // a list ends here: </ul>, </ol>
)

// reduceHTML turns a cell's HTML fragments into text. Entities are decoded
// first, so that markup escaped twice (&lt;p&gt;) is removed as well; a lone
// "<" that starts no tag ("< 10 Mbps") stays. A tag left open at the end of
// the cell (a file cut short) is dropped with everything after it, and cut
// reports it.
func reduceHTML(s string) (out string, cut bool) {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	if strings.IndexByte(s, '<') < 0 {
		return s, false
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if s[i] != '<' {
			next := strings.IndexByte(s[i:], '<')
			if next < 0 {
				b.WriteString(s[i:])
				break
			}
			b.WriteString(s[i : i+next])
			i += next
			continue
		}
		name, end, ok := readTag(s, i)
		if !ok {
			if end < 0 { // an unterminated tag: the rest of the cell is lost
				cut = true
				break
			}
			b.WriteByte('<')
			i++
			continue
		}
		b.WriteString(tagReplacement(name))
		i = end
	}
	return b.String(), cut
}

// readTag reads the tag that starts at s[i] == '<' and returns its lower-case
// name ("p", "/p", "!--"), the index after it, and whether it is a tag. A
// tag-like start with no closing '>' at all returns end -1.
func readTag(s string, i int) (name string, end int, ok bool) {
	j := i + 1
	if strings.HasPrefix(s[j:], "!--") {
		k := strings.Index(s[j:], "-->")
		if k < 0 {
			return "", -1, false
		}
		return "!--", j + k + 3, true
	}
	closing := j < len(s) && s[j] == '/'
	if closing {
		j++
	}
	start := j
	for j < len(s) && (isASCIILetter(s[j]) || (j > start && s[j] >= '0' && s[j] <= '9')) {
		j++
	}
	if j == start {
		return "", 0, false // "<" followed by no letter: text
	}
	k := strings.IndexAny(s[j:], "<>")
	if k < 0 {
		return "", -1, false
	}
	if s[j+k] == '<' {
		return "", 0, false
	}
	name = strings.ToLower(s[start:j])
	if closing {
		name = "/" + name
	}
	return name, j + k + 1, true
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// tagReplacement says what a tag leaves in the text. Block tags separate
// words; inline tags (<i>, <b>, <span>) vanish so that "(<i>fintech</i>)"
// reads "(fintech)"; a superscript becomes a footnote mark.
func tagReplacement(name string) string {
	switch name {
	case "li":
		return " " + string(itemMark) + " "
	case "/ul", "/ol":
		return " " + string(listEndMark) + " "
	case "sup":
		return "^"
	case "p", "/p", "br", "div", "/div", "ul", "ol", "/li", "tr", "/tr", "td", "/td", "th", "/th",
		"table", "/table", "tbody", "/tbody", "thead", "/thead", "hr", "blockquote", "/blockquote",
		"h1", "/h1", "h2", "/h2", "h3", "/h3", "h4", "/h4", "h5", "/h5", "h6", "/h6", "/sup":
		return " "
	}
	return ""
}

// plainText reduces a cell to one line of text: markup gone, list marks
// turned into spaces, white space collapsed.
func plainText(s string) string {
	s, _ = reduceHTML(s)
	return collapseSpace(dropMarks(s))
}

// dropMarks turns the list marks of reduceHTML into spaces.
func dropMarks(s string) string {
	if !strings.ContainsAny(s, string(itemMark)+string(listEndMark)) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == itemMark || r == listEndMark {
			return ' '
		}
		return r
	}, s)
}

// itemDashes are the characters that introduce a list item written without
// markup: "– Panel político …" (en dash), also em dash and bullets.
func isItemDash(r rune) bool {
	switch r {
	case '–', '—', '•', '▪':
		return true
	}
	return false
}

// markDashItems marks the list items a cell writes with a dash: a dash at
// the start of the cell or after a space, followed by a space and by what
// starts an item (a capital, a digit, an opening quote). A dash between
// lower-case words ("la red – que …") is punctuation and stays.
func markDashItems(s string) string {
	if !strings.ContainsFunc(s, isItemDash) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	prev := ' '
	for i, r := range s {
		if isItemDash(r) && (unicode.IsSpace(prev) || prev == itemMark || prev == listEndMark) {
			rest := s[i+utf8.RuneLen(r):]
			if startsItem(rest) {
				b.WriteRune(itemMark)
				prev = itemMark
				continue
			}
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// startsItem reports whether the text after a dash starts a list item: a
// space, then a capital, a digit or an opening quote or bracket.
func startsItem(rest string) bool {
	r, size := utf8.DecodeRuneInString(rest)
	if !unicode.IsSpace(r) {
		return false
	}
	r = firstRune(strings.TrimLeftFunc(rest[size:], unicode.IsSpace))
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("“\"«¿¡(", r)
}

// superscriptMarks are footnote marks set as superscript characters.
var superscriptMarks = map[rune]string{
	'ᵃ': "a", 'ᵇ': "b", 'ᶜ': "c", 'ᵈ': "d", 'ᵉ': "e", 'ᶠ': "f", 'ᵍ': "g", 'ʰ': "h", 'ⁱ': "i",
	'ʲ': "j", 'ᵏ': "k", 'ˡ': "l", 'ᵐ': "m", 'ⁿ': "n", 'ᵒ': "o", 'ᵖ': "p", 'ʳ': "r", 'ˢ': "s",
	'ᵗ': "t", 'ᵘ': "u", 'ᵛ': "v", 'ʷ': "w", 'ˣ': "x", 'ʸ': "y", 'ᶻ': "z",
	'¹': "1", '²': "2", '³': "3", '⁴': "4", '⁵': "5", '⁶': "6", '⁷': "7", '⁸': "8", '⁹': "9", '⁰': "0",
}

// extractMarks removes the footnote marks from a cell's text and returns
// them: "^a" (glued or after a space), and with superscripts also "ᵃ" and
// "¹". A mark is one letter, or one or two digits, or "*"; a caret followed
// by a longer word is left alone.
func extractMarks(s string, superscripts bool) (string, []string) {
	hasCaret := strings.IndexByte(s, '^') >= 0
	hasSup := superscripts && strings.ContainsFunc(s, func(r rune) bool { _, ok := superscriptMarks[r]; return ok })
	if !hasCaret && !hasSup {
		return s, nil
	}
	var marks []string
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '^' {
			if mark, n := readMark(s[i+1:]); n > 0 {
				marks = appendUnique(marks, mark)
				i += 1 + n
				continue
			}
		}
		if hasSup {
			if mark, ok := superscriptMarks[r]; ok {
				// Consecutive superscript digits form one mark ("¹²").
				for i+size < len(s) {
					r2, size2 := utf8.DecodeRuneInString(s[i+size:])
					m2, ok := superscriptMarks[r2]
					if !ok || !isDigitMark(mark) || !isDigitMark(m2) {
						break
					}
					mark += m2
					size += size2
				}
				marks = appendUnique(marks, mark)
				i += size
				continue
			}
		}
		b.WriteString(s[i : i+size])
		i += size
	}
	return collapseSpace(b.String()), marks
}

func isDigitMark(m string) bool { return m != "" && m[0] >= '0' && m[0] <= '9' }

// readMark reads a footnote mark at the start of s and returns it with its
// length in bytes, 0 if there is none.
func readMark(s string) (string, int) {
	if s == "" {
		return "", 0
	}
	if s[0] == '*' {
		return "*", 1
	}
	if d := leadingDigits(s); d != "" && len(d) <= 2 {
		return d, len(d)
	}
	r, size := utf8.DecodeRuneInString(s)
	if r < utf8.RuneSelf && isASCIILetter(byte(r)) {
		next := firstRune(s[size:])
		if !unicode.IsLetter(next) && !unicode.IsDigit(next) {
			return strings.ToLower(string(r)), size
		}
	}
	return "", 0
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
