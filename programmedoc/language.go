package programmedoc

import (
	"sort"
	"strings"
)

// language is a labelSet made ready for matching: every label folded and
// split into words once, when the package loads. Nothing changes it after.
type language struct {
	labelSet
	areaHeadings [][]string
	columns      [4][][]string
	nobody       map[string]bool
	months       map[string]int
	dateFillers  map[string]bool
	agendaWords  map[string]bool
	chair        [][]string
	countryGroup [][]string
	articles     map[string]bool
	contractions map[string][]string
	workingGroup [][]string
	subGroup     [][]string
	network      [][]string
	deliverables [][]string
	particles    map[string]bool
}

// languages are the compiled labelSets, in the same order.
var languages = compileLanguages(labelSets)

// originalNames maps the folded name of a language, as an "ORIGINAL:" line
// writes it in any of the languages, to its code.
var originalNames = func() map[string]string {
	m := map[string]string{}
	for _, l := range labelSets {
		for code, names := range l.LanguageNames {
			for _, n := range names {
				m[fold(n)] = code
			}
		}
	}
	return m
}()

func compileLanguages(sets []labelSet) []*language {
	out := make([]*language, len(sets))
	for i, s := range sets {
		l := &language{
			labelSet:     s,
			areaHeadings: phrases(s.AreaHeadings),
			nobody:       set(s.Nobody),
			months:       map[string]int{},
			dateFillers:  set(s.DateFillers),
			agendaWords:  set(s.AgendaWords),
			chair:        phrases(s.ChairPrefixes),
			countryGroup: phrases(s.CountryGroupPrefixes),
			articles:     set(s.Articles),
			contractions: map[string][]string{},
			workingGroup: phrases(s.WorkingGroupPrefixes),
			subGroup:     phrases(s.SubGroupPrefixes),
			network:      phrases(s.NetworkPrefixes),
			deliverables: phrases(s.Deliverables),
			particles:    set(s.Particles),
		}
		for c, labels := range [4][]string{s.Objective, s.Activities, s.Responsible, s.CoResponsible} {
			l.columns[c] = phrases(labels)
		}
		for m, names := range s.Months {
			for _, n := range names {
				l.months[fold(n)] = m + 1
			}
		}
		for k, v := range s.Contractions {
			l.contractions[fold(k)] = foldedWords(v)
		}
		out[i] = l
	}
	return out
}

// phrases folds each label into words, longest first, so that the longest
// label wins when one is the prefix of another.
func phrases(labels []string) [][]string {
	out := make([][]string, 0, len(labels))
	for _, s := range labels {
		if w := foldedWords(s); len(w) > 0 {
			out = append(out, w)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

func set(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[fold(w)] = true
	}
	return m
}

// languageByCode returns the language with the given code, or nil.
func languageByCode(code string) *language {
	for _, l := range languages {
		if l.Code == code {
			return l
		}
	}
	return nil
}

// detectLanguage tells the language of a document from its area headings
// and table header rows: the language whose labels match most lines. It
// returns nil when no line matches any language.
func detectLanguage(lines []string) *language {
	counts := make([]int, len(languages))
	for _, s := range lines {
		if h, ok := matchAreaHeading(s); ok {
			counts[h.lang]++
		} else if l, ok := matchHeaderRow(s); ok {
			counts[l]++
		}
	}
	best := -1
	for i, n := range counts {
		if n > 0 && (best < 0 || n > counts[best]) {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	return languages[best]
}

// isNobody reports whether text says "nobody" in any language: "No se
// aplica" is never a party, whatever the language of the document.
func isNobody(text string) bool {
	f := strings.TrimRight(fold(text), ".")
	if f == "" {
		return false
	}
	for _, l := range languages {
		if l.nobody[f] || l.nobody[f+"."] {
			return true
		}
	}
	return false
}

// expandWords splits this language's contractions in folded words ("del"
// → "de", "el"), recording for each word the index of the word it came
// from, so that a match can be mapped back to the text as written.
func (l *language) expandWords(folded []string) (words []string, from []int) {
	words = make([]string, 0, len(folded)+2)
	from = make([]int, 0, len(folded)+2)
	for i, w := range folded {
		if parts, ok := l.contractions[w]; ok {
			for _, p := range parts {
				words = append(words, p)
				from = append(from, i)
			}
			continue
		}
		words = append(words, w)
		from = append(from, i)
	}
	return words, from
}
