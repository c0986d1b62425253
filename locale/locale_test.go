package locale

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/elac/bitacora"
)

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// placeholders returns the distinct placeholders of a message (all its
// plural forms together: languages have different numbers of forms).
func placeholders(s string) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	sort.Strings(out)
	return out
}

// Every catalogue has every key of the default one, no empty message, and
// the same placeholders: a page never shows a missing or broken string.
func TestCataloguesAreComplete(t *testing.T) {
	base, err := IDs(Default)
	if err != nil {
		t.Fatal(err)
	}
	if len(base) < 50 {
		t.Fatalf("the %s catalogue has only %d messages", Default, len(base))
	}
	for _, lang := range Supported {
		msgs, err := IDs(lang)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		for id, want := range base {
			got, ok := msgs[id]
			switch {
			case !ok:
				t.Errorf("%s lacks %q", lang, id)
			case strings.TrimSpace(got) == "" || got == "{}":
				t.Errorf("%s: %q is empty", lang, id)
			case strings.Join(placeholders(got), ",") != strings.Join(placeholders(want), ","):
				t.Errorf("%s: %q has placeholders %v; %s has %v", lang, id, placeholders(got), Default, placeholders(want))
			}
		}
		for id := range msgs {
			if _, ok := base[id]; !ok {
				t.Errorf("%s has %q, which %s lacks", lang, id, Default)
			}
		}
	}
}

func TestEveryLanguageLocalizes(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"es": {"13 de julio de 2018", "1 actividad", "53 actividades", "1.234"},
		"en": {"July 13, 2018", "1 activity", "53 activities", "1,234"},
		"pt": {"13 de julho de 2018", "1 atividade", "53 atividades", "1.234"},
		"fr": {"13 juillet 2018", "1 activité", "53 activités", "1\u00a0234"},
	}
	for _, lang := range Supported {
		l := c.Localizer(lang)
		got := []string{l.Date("2018-07-13"), l.N("count_activities", 1), l.N("count_activities", 53), l.Number(1234)}
		for i := range got {
			if got[i] != want[lang][i] {
				t.Errorf("%s: got %q; want %q", lang, got[i], want[lang][i])
			}
		}
		for _, n := range []int{0, 1, 2, 1000000} {
			if s := l.N("count_objectives", n); strings.Contains(s, "⟦") {
				t.Errorf("%s: count_objectives(%d) = %s", lang, n, s)
			}
		}
		if s := l.T("no_such_key"); s != "⟦no_such_key⟧" {
			t.Errorf("a missing key shows as %q", s)
		}
	}
}

func TestMatch(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for header, want := range map[string]string{
		"":                            "es",
		"en-US,en;q=0.9":              "en",
		"pt-BR":                       "pt",
		"fr-HT,fr;q=0.8,ht;q=0.5":     "fr",
		"de-DE":                       "es",
		"es-CO,es;q=0.9,en;q=0.8":     "es",
		"garbage;;;q=":                "es",
		strings.Repeat("en-US,", 200): "es",
		"en;q=0.1, pt;q=0.9":          "pt",
	} {
		if got := c.Match(header); got != want {
			t.Errorf("Match(%q) = %s; want %s", header, got, want)
		}
	}
}

func TestDateKeepsWhatItCannotRead(t *testing.T) {
	c, _ := Load()
	for _, s := range []string{"", "2018", "2018-13-01", "not a date"} {
		if got := c.Localizer("es").Date(s); got != s {
			t.Errorf("Date(%q) = %q", s, got)
		}
	}
}

// Pages label the change record's entries with keys built at run time
// ("action_" + the action), which TestCataloguesAreComplete cannot see:
// every action the domain declares has its label in every language.
func TestEveryAuditActionHasALabel(t *testing.T) {
	if len(bitacora.AuditActions) == 0 {
		t.Fatal("the domain declares no audit action")
	}
	for _, lang := range Supported {
		msgs, err := IDs(lang)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		for _, a := range bitacora.AuditActions {
			key := bitacora.ActionMessageKey(a)
			if strings.TrimSpace(msgs[key]) == "" {
				t.Errorf("%s has no label for the action %s (%s)", lang, a, key)
			}
		}
	}
}
