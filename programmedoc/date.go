package programmedoc

import (
	"strconv"
	"strings"
	"time"
)

// dateWords are the month names and filler words of every language, so that
// a date is read whatever the language of the document ("24 de agosto de
// 2018", "24 August 2018", "August 24, 2018", "1er juillet 2018").
var dateWords = func() (w struct {
	months  map[string]int
	fillers map[string]bool
}) {
	w.months, w.fillers = map[string]int{}, map[string]bool{}
	for _, l := range languages {
		for k, v := range l.months {
			w.months[k] = v
		}
		for k := range l.dateFillers {
			w.fillers[k] = true
		}
	}
	return w
}()

var ordinalSuffixes = map[string]bool{"": true, "er": true, "st": true, "nd": true, "rd": true, "th": true, "o": true, "ro": true}

var datePunctuation = strings.NewReplacer(",", " ", ".", " ", "º", " ", "°", " ")

// parseDate reads a date written in words and returns it as YYYY-MM-DD. The
// whole text must be the date: a day, a month name, a year and filler words.
func parseDate(s string) (string, bool) {
	if len(s) > 60 {
		return "", false
	}
	day, month, year := 0, 0, 0
	for _, w := range strings.Fields(datePunctuation.Replace(fold(s))) {
		if d := leadingDigits(w); d != "" {
			n, ok := atoiSmall(d)
			if !ok || !ordinalSuffixes[w[len(d):]] {
				return "", false
			}
			switch {
			case len(d) == 4 && year == 0:
				year = n
			case len(d) <= 2 && day == 0:
				day = n
			default:
				return "", false
			}
			continue
		}
		if m, ok := dateWords.months[w]; ok && month == 0 {
			month = m
			continue
		}
		if !dateWords.fillers[w] {
			return "", false
		}
	}
	if year < 1900 || year > 2200 || month == 0 || day < 1 || day > 31 {
		return "", false
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day { // 31 de febrero
		return "", false
	}
	return t.Format("2006-01-02"), true
}

// formatDate writes a YYYY-MM-DD date in words, the way the language writes
// it in a document header. A date it cannot read is written as it is.
func formatDate(iso string, l *language) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	return strings.NewReplacer(
		"{day}", strconv.Itoa(t.Day()),
		"{month}", l.Months[t.Month()-1][0],
		"{year}", strconv.Itoa(t.Year()),
	).Replace(l.DateLayout)
}

// parsePeriod reads the years a title ends with ("…, 2018-2020"); a period
// elsewhere in the title is taken when none ends it.
func parsePeriod(title string) (start, end int, ok bool) {
	var found [][2]int
	words := strings.FieldsFunc(title, func(r rune) bool {
		return !(r >= '0' && r <= '9') && r != '-' && r != '–' && r != '—' && r != '/'
	})
	for _, w := range words {
		parts := strings.FieldsFunc(w, func(r rune) bool { return r == '-' || r == '–' || r == '—' || r == '/' })
		if len(parts) != 2 || len(parts[0]) != 4 || (len(parts[1]) != 4 && len(parts[1]) != 2) {
			continue
		}
		a, ok1 := atoiSmall(parts[0])
		b, ok2 := atoiSmall(parts[1])
		if !ok1 || !ok2 {
			continue
		}
		if len(parts[1]) == 2 {
			b += a / 100 * 100
		}
		if a >= 1900 && a <= 2200 && b >= a && b-a <= 50 {
			found = append(found, [2]int{a, b})
		}
	}
	if len(found) == 0 {
		return 0, 0, false
	}
	last := found[len(found)-1]
	return last[0], last[1], true
}
