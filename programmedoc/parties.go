package programmedoc

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/elac/bitacora"
)

// A party cell is a list of party names — "Internet Society (ISOC) y
// Alianza para el Internet Asequible (A4AI)" — or the words for nobody.
// Each name may carry parenthesised suffixes: an acronym, the chair
// countries of a working group.

// partyCell is a Responsable or Corresponsable cell as read.
type partyCell struct {
	written string // the cell's text, for messages
	nobody  bool   // "No se aplica"
	parties []int  // register indexes, in document order
	marks   []markUse
}

func (c *partyCell) markUses() []markUse {
	if c == nil {
		return nil
	}
	return c.marks
}

// ids returns the ids of the cell's parties; none for a blank or nobody.
func (c *partyCell) ids(id func(int) string) []string {
	out := []string{}
	if c == nil || c.nobody {
		return out
	}
	for _, i := range c.parties {
		out = appendUnique(out, id(i))
	}
	return out
}

// readPartyCell reads a party cell; nil means blank: the merged cell above
// goes on.
func (p *parser) readPartyCell(ln int, cell string) *partyCell {
	text, marks := extractMarks(plainText(cell), true)
	if text == "" {
		if len(marks) > 0 {
			p.warnf(ln, "a party cell with only the footnote mark %q: read as blank", marks[0])
		}
		return nil
	}
	c := &partyCell{written: text, marks: uses(marks, ln)}
	if isNobody(text) {
		c.nobody = true
		return c
	}
	for _, piece := range p.splitParties(text) {
		switch {
		case isNobody(piece):
			p.warnf(ln, "%q in a list of parties: ignored", piece)
		case !strings.ContainsFunc(piece, unicode.IsLetter):
			p.warnf(ln, "%q is not a party name: ignored", piece)
		default:
			i := p.parties.add(piece, ln)
			if !containsInt(c.parties, i) {
				c.parties = append(c.parties, i)
			}
		}
	}
	return c
}

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

// splitParties splits a list of parties. Lists are joined by ", " and the
// language's conjunctions (" y ", " e "), but names contain those too
// ("Grupo de Trabajo sobre Cultura, Inclusión y Habilidades Digitales
// (México)", "Registro de Direcciones de Internet para América Latina y el
// Caribe (LACNIC)"). So a separator splits only outside parentheses, before
// a piece that starts with a capital, and after a piece that is complete
// (see isCompleteParty) or before one that starts with a party-kind prefix
// ("… y Subgrupo de …"). A semicolon always splits.
func (p *parser) splitParties(text string) []string {
	var pieces []string
	start, depth := 0, 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch c {
		case '(', '[':
			depth++
			continue
		case ')', ']':
			if depth > 0 {
				depth--
			}
			continue
		}
		if depth > 0 {
			continue
		}
		sep, always := 0, false
		switch c {
		case ';':
			sep, always = 1, true
		case ',':
			sep = 1
		case ' ':
			sep = p.conjunctionAt(text[i:])
		}
		if sep == 0 {
			continue
		}
		left := strings.TrimRight(strings.TrimSpace(text[start:i]), ",;")
		right := strings.TrimSpace(text[i+sep:])
		if left == "" || right == "" {
			continue
		}
		r := firstRune(right)
		if always || (unicode.IsUpper(r) || unicode.IsDigit(r)) && (p.isCompleteParty(left) || p.startsParty(right)) {
			pieces = append(pieces, left)
			start = i + sep
			i += sep - 1
		}
	}
	if last := strings.TrimSpace(text[start:]); last != "" {
		pieces = append(pieces, last)
	}
	return pieces
}

// conjunctionAt returns the length of " y " (or another of the language's
// conjunctions between spaces) at the start of s, or 0.
func (p *parser) conjunctionAt(s string) int {
	for _, c := range p.lang.Conjunctions {
		if len(s) > len(c)+1 && strings.HasPrefix(s[1:], c) && s[1+len(c)] == ' ' {
			return len(c) + 2
		}
	}
	return 0
}

// isCompleteParty reports whether the piece of a list before a separator
// is a whole party name: it ends with ")" (an acronym or the countries
// close it), or with an acronym ("CEPAL", "Red GEALC"), or it is a name
// this document has already named. A working group's name is complete only
// with its chair countries: "Grupo de Trabajo sobre TIC y Educación (Chile)"
// is one party.
func (p *parser) isCompleteParty(left string) bool {
	if strings.HasSuffix(left, ")") {
		return true
	}
	words := strings.Fields(left)
	if len(words) == 0 {
		return false
	}
	if isAcronymWord(strings.TrimRight(words[len(words)-1], ".")) {
		if kind, _ := p.classify(left); kind != bitacora.KindWorkingGroup {
			return true
		}
	}
	return p.parties.knows(left)
}

// startsParty reports whether a piece starts with the prefix of a working
// group, sub-group, chair or country group: a new party begins there.
func (p *parser) startsParty(right string) bool {
	switch kind, _ := p.classify(right); kind {
	case bitacora.KindWorkingGroup, bitacora.KindSubGroup, bitacora.KindChair, bitacora.KindCountryGroup:
		return true
	}
	return false
}

// partyRef is one party name of a list, as read.
type partyRef struct {
	name      string // the name as written, without the suffixes read off it
	acronym   string
	bare      bool // written as a bare acronym: "ISOC", "CEPAL"
	countries []string
	codes     []string
	kind      bitacora.PartyKind
	// target is, for a chair or a country group, the party it belongs to
	// as written ("Red GEALC"), and targetAcronym its acronym if given.
	target        string
	targetAcronym string
}

// readPartyRef reads one party name: its parenthesised suffixes from the
// end — a list of countries, an acronym — then its kind from its prefix.
// "Red de Gobierno Electrónico de América Latina y el Caribe (Red GEALC)
// (Panamá)" gives the name, the acronym "Red GEALC", the countries
// ["Panamá"] and the kind network. A bare all-caps name ("CEPAL") is its own
// acronym: Name and Acronym are both "CEPAL", so that a later definition
// ("Comisión Económica … (CEPAL)") finds it.
func (p *parser) readPartyRef(piece string) partyRef {
	var ref partyRef
	s := strings.TrimSpace(piece)
	for {
		open, ok := trailingGroup(s)
		if !ok {
			break
		}
		before := strings.TrimSpace(s[:open])
		inner := strings.TrimSpace(s[open+1 : len(s)-1])
		if before == "" || inner == "" {
			break
		}
		if ref.countries == nil {
			if names, codes, ok := matchCountries(inner); ok {
				ref.countries, ref.codes = names, codes
				s = before
				continue
			}
		}
		if ref.acronym == "" && looksLikeAcronym(inner) {
			ref.acronym = inner
			s = before
			continue
		}
		break
	}
	ref.name = s
	ref.kind, ref.target = p.classify(s)
	switch ref.kind {
	case bitacora.KindChair, bitacora.KindCountryGroup:
		if ref.acronym != "" {
			// "Países integrantes de la Red de Gobierno … (Red GEALC)": the
			// acronym is the network's, not the country group's.
			ref.targetAcronym = ref.acronym
			ref.name = s + " (" + ref.acronym + ")"
			ref.acronym = ""
		}
	default:
		if ref.acronym == "" && looksLikeBareAcronym(s) {
			ref.acronym, ref.bare = s, true
		}
	}
	return ref
}

// trailingGroup returns the index of the "(" that opens the parenthesised
// group s ends with.
func trailingGroup(s string) (int, bool) {
	if !strings.HasSuffix(s, ")") {
		return 0, false
	}
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return i, true
			}
		}
	}
	return 0, false
}

// looksLikeAcronym reports whether a parenthesised suffix is an acronym:
// short, at most three words, one of them with two capitals or a capital
// and a digit ("ISOC", "A4AI", "Red GEALC", "CE-Digital").
func looksLikeAcronym(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 3 || utf8.RuneCountInString(s) > 24 {
		return false
	}
	for _, w := range words {
		if capitals(w) >= 2 || capitals(w) >= 1 && strings.ContainsFunc(w, unicode.IsDigit) {
			return true
		}
	}
	return false
}

// looksLikeBareAcronym reports whether a whole name is an acronym used
// bare: "CEPAL", "A4AI", or a capitalised word and an acronym, "Red GEALC".
func looksLikeBareAcronym(s string) bool {
	words := strings.Fields(s)
	switch len(words) {
	case 1:
		return isAcronymWord(words[0])
	case 2:
		return unicode.IsUpper(firstRune(words[0])) && !strings.ContainsFunc(words[0], unicode.IsDigit) && isAcronymWord(words[1])
	}
	return false
}

// classify tells a party's kind from the prefix of its name, trying the
// document's language first. For a chair or a country group it also
// returns the name of the party referred to: "Presidencia de la Red GEALC"
// gives KindChair and "Red GEALC".
func (p *parser) classify(name string) (bitacora.PartyKind, string) {
	written := splitElisions(strings.Fields(name))
	folded := make([]string, len(written))
	for i, w := range written {
		folded[i] = fold(w)
	}
	for _, l := range p.langOrder {
		words, from := folded, identity(len(folded))
		if len(l.contractions) > 0 {
			words, from = l.expandWords(folded)
		}
		if at, ok := referencePrefix(words, from, l.chair, l.articles); ok {
			return bitacora.KindChair, strings.Join(written[at:], " ")
		}
		if at, ok := referencePrefix(words, from, l.countryGroup, l.articles); ok {
			return bitacora.KindCountryGroup, strings.Join(written[at:], " ")
		}
	}
	for _, l := range p.langOrder {
		switch {
		case anyPrefix(folded, l.subGroup):
			return bitacora.KindSubGroup, ""
		case anyPrefix(folded, l.workingGroup):
			return bitacora.KindWorkingGroup, ""
		case anyPrefix(folded, l.network):
			return bitacora.KindNetwork, ""
		}
	}
	return bitacora.KindOrganisation, ""
}

// identity is 0, 1, … n-1: each folded word from its own written word.
func identity(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func anyPrefix(words []string, prefixes [][]string) bool {
	for _, pre := range prefixes {
		if hasPrefixWords(words, pre) {
			return true
		}
	}
	return false
}

// referencePrefix matches a prefix that refers to another party
// ("Presidencia de", "Países que componen"), an optional article, and
// returns the index of the written word where the party referred to starts.
// words are folded with contractions expanded; from maps them to written
// words, so "Presidencia del Grupo …" matches "Presidencia de" + "el".
func referencePrefix(words []string, from []int, prefixes [][]string, articles map[string]bool) (int, bool) {
	for _, pre := range prefixes {
		if !hasPrefixWords(words, pre) {
			continue
		}
		j := len(pre)
		if j < len(words) && articles[words[j]] {
			j++
		}
		if j >= len(words) || from[j] == from[j-1] {
			continue // nothing referred to, or a contraction cut in two
		}
		return from[j], true
	}
	return 0, false
}

// splitElisions splits the French elided article from its word: "l'Alliance"
// becomes "l'" and "Alliance", so that the article can be matched.
func splitElisions(words []string) []string {
	var out []string
	for _, w := range words {
		f := fold(w)
		if len(f) > 2 && (strings.HasPrefix(f, "l'") || strings.HasPrefix(f, "d'")) {
			if i := strings.IndexAny(w, "'’"); i > 0 {
				_, size := utf8.DecodeRuneInString(w[i:])
				out = append(out, w[:i+size], w[i+size:])
				continue
			}
		}
		out = append(out, w)
	}
	return out
}

// countryName is one way of writing a country, folded into words.
type countryName struct {
	words []string
	code  string
}

// countryNames indexes the names of every country, in every language, by
// their first folded word; longest first, so that "Antigua y Barbuda"
// wins over any shorter name.
var countryNames = func() map[string][]countryName {
	m := map[string][]countryName{}
	for _, c := range countries {
		for _, names := range c.Names {
			for _, n := range names {
				w := countryTokens(n)
				for i := range w {
					w[i] = fold(w[i])
				}
				m[w[0]] = append(m[w[0]], countryName{words: w, code: c.Code})
			}
		}
	}
	for k := range m {
		list := m[k]
		sort.SliceStable(list, func(i, j int) bool { return len(list[i].words) > len(list[j].words) })
	}
	return m
}()

// listSeparators join the items of a list of countries, in any language.
var listSeparators = func() map[string]bool {
	m := map[string]bool{",": true, ";": true, "/": true, "&": true}
	for _, l := range labelSets {
		for _, c := range l.Conjunctions {
			m[fold(c)] = true
		}
	}
	return m
}()

// countryTokens splits a text into words, with commas, semicolons and
// slashes as words of their own.
func countryTokens(s string) []string {
	var out []string
	for _, f := range strings.Fields(strings.ReplaceAll(s, "/", " / ")) {
		trail := ""
		if last := f[len(f)-1]; len(f) > 1 && (last == ',' || last == ';') {
			f, trail = f[:len(f)-1], f[len(f)-1:]
		}
		out = append(out, f)
		if trail != "" {
			out = append(out, trail)
		}
	}
	return out
}

// matchCountries reads a list of country names ("Brasil y México",
// "Argentina, Brasil"), in any language, and returns them as written with
// their ISO codes. Anything in it that is not a country fails the match.
func matchCountries(text string) (names, codes []string, ok bool) {
	toks := countryTokens(text)
	for i := 0; ; {
		if i >= len(toks) {
			return nil, nil, false
		}
		n, code := 0, ""
		for _, c := range countryNames[fold(toks[i])] {
			if len(c.words) > n && matchFolded(toks[i:], c.words) {
				n, code = len(c.words), c.code
			}
		}
		if n == 0 {
			return nil, nil, false
		}
		names = append(names, strings.Join(toks[i:i+n], " "))
		codes = append(codes, code)
		i += n
		if i == len(toks) {
			return names, codes, true
		}
		if !listSeparators[fold(toks[i])] {
			return nil, nil, false
		}
		i++
		if i < len(toks) && listSeparators[fold(toks[i])] {
			i++ // ", y"
		}
	}
}

func matchFolded(toks, words []string) bool {
	if len(toks) < len(words) {
		return false
	}
	for i, w := range words {
		if fold(toks[i]) != w {
			return false
		}
	}
	return true
}
