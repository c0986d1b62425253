// Package locale holds the interface strings of Bitácora in Spanish (the
// default), English, Portuguese and French, as data files, and formats
// dates and numbers per language.
package locale

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/elac/bitacora"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed messages/*.json
var messageFS embed.FS

// files returns a language's message files: messages/LANG.json, then any
// messages/TOPIC.LANG.json (one topic's strings kept together).
func files(lang string) ([]string, error) {
	topics, err := fs.Glob(messageFS, "messages/*."+lang+".json")
	if err != nil {
		return nil, err
	}
	sort.Strings(topics)
	return append([]string{"messages/" + lang + ".json"}, topics...), nil
}

// Default is the language used when nothing else is asked for.
const Default = "es"

// Supported lists the interface languages, the default first.
var Supported = []string{"es", "en", "pt", "fr"}

// Catalog holds every language's messages.
type Catalog struct {
	bundle  *i18n.Bundle
	matcher language.Matcher
	tags    []language.Tag
	mu      sync.Mutex
	locs    map[string]*Localizer
}

// Load reads the embedded message files.
func Load() (*Catalog, error) {
	c := &Catalog{bundle: i18n.NewBundle(language.Spanish), locs: map[string]*Localizer{}}
	c.bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
	for _, lang := range Supported {
		names, err := files(lang)
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			if _, err := c.bundle.LoadMessageFileFS(messageFS, name); err != nil {
				return nil, fmt.Errorf("locale: %s: %w", name, err)
			}
		}
		c.tags = append(c.tags, language.MustParse(lang))
	}
	c.matcher = language.NewMatcher(c.tags)
	return c, nil
}

// IsSupported reports whether lang is an interface language.
func IsSupported(lang string) bool {
	for _, l := range Supported {
		if l == lang {
			return true
		}
	}
	return false
}

// SplitPath splits a URL path's language prefix off: "/en/parties" into
// "en" and "/parties". ok is false for a path without one.
func SplitPath(path string) (lang, rest string, ok bool) {
	if len(path) < 3 || path[0] != '/' {
		return "", path, false
	}
	seg, _, found := strings.Cut(path[1:], "/")
	if !IsSupported(seg) {
		return "", path, false
	}
	if !found {
		return seg, "/", true
	}
	return seg, path[1+len(seg):], true // no copy: on every request
}

// Match picks the interface language for an Accept-Language header.
func (c *Catalog) Match(acceptLanguage string) string {
	if acceptLanguage == "" || len(acceptLanguage) > 512 {
		return Default
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Default
	}
	_, i, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return Default
	}
	return Supported[i]
}

// Localizer returns the localizer for a supported language (the default
// for any other).
func (c *Catalog) Localizer(lang string) *Localizer {
	if !IsSupported(lang) {
		lang = Default
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if l, ok := c.locs[lang]; ok {
		return l
	}
	tag := language.MustParse(lang)
	l := &Localizer{Lang: lang, loc: i18n.NewLocalizer(c.bundle, lang), printer: message.NewPrinter(tag)}
	c.locs[lang] = l
	return l
}

// Localizer gives one language's strings.
type Localizer struct {
	Lang    string
	loc     *i18n.Localizer
	printer *message.Printer
}

// T returns the message id, filled with the template data given as
// key-value pairs. A missing message shows as ⟦id⟧, which the tests of
// every page look for.
func (l *Localizer) T(id string, kv ...any) string {
	s, err := l.loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: pairs(kv)})
	if err != nil {
		return "⟦" + id + "⟧"
	}
	return s
}

// N returns the plural form of message id for count n; the template data
// has .Count, formatted for the language, besides the pairs given.
func (l *Localizer) N(id string, n int, kv ...any) string {
	data := pairs(kv)
	data["Count"] = l.Number(n)
	s, err := l.loc.Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateData: data})
	if err != nil {
		return "⟦" + id + "⟧"
	}
	return s
}

// Error says err in the localizer's language: an *Error with a key as
// its catalogue message (plural by its "Count"), one without a key as the
// generic message of its code, invalid fields as "check the fields", and
// any other error as the generic internal one, whose detail stays in the
// log.
func (l *Localizer) Error(err error) string {
	var e *bitacora.Error
	var fe *bitacora.InvalidFields
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		if e.Key == "" {
			return l.T(CodeKey(e.Code))
		}
		args := make([]any, len(e.Args))
		count, plural := 0, false
		for i, v := range e.Args {
			if i%2 == 1 {
				if inner, ok := v.(error); ok {
					v = l.Error(inner)
				}
				if e.Args[i-1] == "Count" {
					count, plural = toInt(v)
				}
			}
			args[i] = v
		}
		if plural {
			return l.N(e.Key, count, args...)
		}
		return l.T(e.Key, args...)
	case errors.As(err, &fe):
		return l.T("form_has_errors")
	}
	return l.T(CodeKey(bitacora.EINTERNAL))
}

// CodeKey is the message id of the generic message for an error code.
func CodeKey(code string) string { return "error_" + code }

func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	}
	return 0, false
}

func pairs(kv []any) map[string]any {
	m := make(map[string]any, len(kv)/2+1)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return m
}

// Number formats an integer with the language's digit grouping.
func (l *Localizer) Number(n int) string { return l.printer.Sprintf("%d", n) }

// Date formats an ISO date (YYYY-MM-DD) in words: "13 de julio de 2018",
// "July 13, 2018". Anything else is returned as it is.
func (l *Localizer) Date(iso string) string {
	parts := strings.Split(iso, "-")
	if len(parts) != 3 {
		return iso
	}
	y, err1 := strconv.Atoi(parts[0])
	m, err2 := strconv.Atoi(parts[1])
	d, err3 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || m < 1 || m > 12 || d < 1 || d > 31 {
		return iso
	}
	return l.T("date_format", "Day", d, "Month", l.T("month_"+strconv.Itoa(m)), "Year", y)
}

// IDs returns the message ids of a language's files, for the completeness
// test. An id defined in two files is an error.
func IDs(lang string) (map[string]string, error) {
	names, err := files(lang)
	if err != nil {
		return nil, err
	}
	m := map[string]any{}
	for _, name := range names {
		raw, err := messageFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var part map[string]any
		if err := json.Unmarshal(raw, &part); err != nil {
			return nil, fmt.Errorf("locale: %s: %w", name, err)
		}
		for k, v := range part {
			if _, dup := m[k]; dup {
				return nil, fmt.Errorf("locale: %s: %q is defined twice", name, k)
			}
			m[k] = v
		}
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		switch v := v.(type) {
		case string:
			out[k] = v
		case map[string]any:
			b, _ := json.Marshal(v)
			out[k] = string(b)
		}
	}
	return out, nil
}

// Period says a reporting period as people say it: "1.er semestre de
// 2019", "First half of 2019", "1º semestre de 2019", "1er semestre 2019".
// It reads the period's dates when it has them (a half, a quarter or a
// whole calendar year), else its key ("2019-H1", "2019-Q3", "2019"); a
// period that is none of these is said by its key, as it was stored. The
// key itself stays for data, URLs and files.
func (l *Localizer) Period(key, startsOn, endsOn string) string {
	year, kind, n := periodOfDates(startsOn, endsOn)
	if kind == "" {
		year, kind, n = periodOfKey(key)
	}
	switch kind {
	case "half", "quarter":
		return l.T("period_"+kind+"_"+strconv.Itoa(n), "Year", strconv.Itoa(year))
	case "year":
		return strconv.Itoa(year)
	}
	return key
}

// periodOfDates finds the calendar half, quarter or year that runs from
// startsOn to endsOn (YYYY-MM-DD), or kind "".
func periodOfDates(startsOn, endsOn string) (year int, kind string, n int) {
	if len(startsOn) != 10 || len(endsOn) != 10 || startsOn[:4] != endsOn[:4] {
		return 0, "", 0
	}
	year, err := strconv.Atoi(startsOn[:4])
	if err != nil {
		return 0, "", 0
	}
	switch startsOn[5:] + "/" + endsOn[5:] {
	case "01-01/12-31":
		return year, "year", 0
	case "01-01/06-30":
		return year, "half", 1
	case "07-01/12-31":
		return year, "half", 2
	case "01-01/03-31":
		return year, "quarter", 1
	case "04-01/06-30":
		return year, "quarter", 2
	case "07-01/09-30":
		return year, "quarter", 3
	case "10-01/12-31":
		return year, "quarter", 4
	}
	return 0, "", 0
}

// periodOfKey reads the keys the programme tools make: "2019-H1",
// "2019-Q3", "2019".
func periodOfKey(key string) (year int, kind string, n int) {
	y, rest, _ := strings.Cut(key, "-")
	year, err := strconv.Atoi(y)
	if err != nil || len(y) != 4 {
		return 0, "", 0
	}
	switch {
	case rest == "":
		return year, "year", 0
	case len(rest) == 2 && rest[0] == 'H' && rest[1] >= '1' && rest[1] <= '2':
		return year, "half", int(rest[1] - '0')
	case len(rest) == 2 && rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4':
		return year, "quarter", int(rest[1] - '0')
	}
	return 0, "", 0
}
