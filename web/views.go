package web

import (
	"html/template"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"weak"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/published"
	"github.com/elac/bitacora/store"
)

// The view models below turn domain values into what templates print, so
// that templates stay free of logic: links, language attributes and
// provenance lines are computed here once.

type partyLink struct {
	Href, Name, Acronym, Countries string
	LangAttr                       template.HTMLAttr
}

type sourceLink struct{ Href, Text string }

// text is a programme's text as a page shows it: the secretariat's
// translation into the page's language when there is one, else the
// original, marked with its language.
type text struct {
	Text string
	Lang template.HTMLAttr
	// Stale is the note shown beside a translation of an earlier wording
	// of its original, "" otherwise.
	Stale string
}

type activityView struct {
	L                          *locale.Localizer
	Level                      int // heading level in its page
	Code, Href                 string
	Text                       text
	Components                 []text
	Notes                      []string
	Responsible, CoResponsible []partyLink
	LangAttr                   template.HTMLAttr
	Source                     sourceLink
}

type objectiveView struct {
	Number     int
	Text       text
	Href       string
	Activities []activityView
}

// viewer builds view models for one page: one language, one programme.
type viewer struct {
	l    *locale.Localizer
	snap *published.Snapshot
	doc  *bitacora.Document
}

// text returns a field of the programme in the page's language if it was
// translated, else as written.
func (v viewer) text(subject, field, original string) text {
	key := store.TranslationKey(subject, field, v.l.Lang)
	if t, ok := v.snap.Translations[v.doc.Programme.Slug][key]; ok {
		if v.snap.Stale[v.doc.Programme.Slug][key] {
			return text{Text: t, Stale: v.l.T("translation_stale")}
		}
		return text{Text: t}
	}
	return text{Text: original, Lang: v.langAttr()}
}

func (v viewer) areaTitle(a *bitacora.Area) text {
	return v.text("area:"+strconv.Itoa(a.Number), "title", displayTitle(v.doc, a.Title))
}

func (v viewer) objectiveText(o *bitacora.Objective) text {
	return v.text("objective:"+strconv.Itoa(o.Number), "text", o.Text)
}

func (v viewer) langAttr() template.HTMLAttr { return langAttr(v.l.Lang, v.doc.Programme.Language) }

func (v viewer) url(path string) string { return localURL(v.l.Lang, path) }

func (v viewer) programmePath() string { return "/" + v.doc.Programme.Slug }

func (v viewer) source(src bitacora.Source) sourceLink {
	sym := v.doc.Programme.Symbol
	if sym == "" {
		sym = v.doc.Programme.SourceName
	}
	text := v.l.T("source_line", "Symbol", sym, "Line", src.Line)
	if src.EndLine > src.Line {
		text = v.l.T("source_lines", "Symbol", sym, "Line", src.Line, "EndLine", src.EndLine)
	}
	return sourceLink{Href: v.url(v.programmePath()+"/source") + "#L" + strconv.Itoa(src.Line), Text: text}
}

// party links a party as this programme writes it; a party unknown to the
// register links nowhere rather than failing the page.
func (v viewer) party(id string) partyLink {
	p := v.doc.Party(id)
	if p == nil {
		if p = v.snap.PartyByID[id]; p == nil {
			return partyLink{Name: id, Href: v.url("/parties/" + id)}
		}
	}
	return partyLink{Href: v.url("/parties/" + p.ID), Name: p.Name, Acronym: shownAcronym(p),
		Countries: strings.Join(p.Countries, ", "), LangAttr: v.langAttr()}
}

func (v viewer) activity(a *bitacora.Activity, level int) activityView {
	av := activityView{L: v.l, Level: level, Code: a.Code, Text: v.text("activity:"+a.Code, "text", a.Text),
		Href:  v.url(v.programmePath() + "/activities/" + a.Code),
		Notes: a.Notes, LangAttr: v.langAttr(), Source: v.source(a.Source)}
	for i, c := range a.Components {
		av.Components = append(av.Components, v.text("component:"+a.Code+":"+strconv.Itoa(i), "text", c))
	}
	for _, id := range a.Responsible {
		av.Responsible = append(av.Responsible, v.party(id))
	}
	for _, id := range a.CoResponsible {
		av.CoResponsible = append(av.CoResponsible, v.party(id))
	}
	return av
}

func (v viewer) objective(o *bitacora.Objective, level int) objectiveView {
	ov := objectiveView{Number: o.Number, Text: v.objectiveText(o), Href: v.url(v.programmePath() + "/objectives/" + strconv.Itoa(o.Number))}
	for i := range o.Activities {
		ov.Activities = append(ov.Activities, v.activity(&o.Activities[i], level))
	}
	return ov
}

// displayTitle turns a title written in capitals ("PROGRAMA DE ACTIVIDADES
// … AMÉRICA LATINA Y EL CARIBE, 2018-2020") into sentence case for reading
// and for screen readers, which may spell capitals out. A word keeps its
// capital when the document never writes it in lower case (América,
// Caribe); any title not in capitals is returned as written.
func displayTitle(doc *bitacora.Document, title string) string {
	if title == "" || strings.ToUpper(title) != title || strings.ToLower(title) == title {
		return title
	}
	lowerSeen, capSeen := vocabularyOf(doc)
	words := strings.Fields(strings.ToLower(title))
	for i, w := range words {
		core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		if core == "" {
			continue
		}
		if (i == 0 || (capSeen[core] && !lowerSeen[core])) && utf8.ValidString(core) {
			r, size := utf8.DecodeRuneInString(core)
			capital := string(unicode.ToUpper(r)) + core[size:]
			words[i] = strings.Replace(w, core, capital, 1)
		}
	}
	return strings.Join(words, " ")
}

// vocabularies holds each document's vocabulary, computed once: a page
// shows many titles, and reading a programme of 1,000 activities for each
// took most of a page's rendering. Documents are never changed once read,
// so the vocabulary is kept for as long as its document lives (the key is
// a weak pointer, and the entry leaves with the document).
var vocabularies sync.Map // weak.Pointer[bitacora.Document] → *vocab

type vocab struct{ lower, caps map[string]bool }

func vocabularyOf(doc *bitacora.Document) (lowerSeen, capSeen map[string]bool) {
	key := weak.Make(doc)
	if v, ok := vocabularies.Load(key); ok {
		return v.(*vocab).lower, v.(*vocab).caps
	}
	lowerSeen, capSeen = vocabulary(doc)
	if _, loaded := vocabularies.LoadOrStore(key, &vocab{lowerSeen, capSeen}); !loaded {
		runtime.AddCleanup(doc, func(k weak.Pointer[bitacora.Document]) { vocabularies.Delete(k) }, key)
	}
	return lowerSeen, capSeen
}

// vocabulary returns the words a document writes in lower case and those it
// writes capitalised, from its running text.
func vocabulary(doc *bitacora.Document) (lowerSeen, capSeen map[string]bool) {
	lowerSeen, capSeen = map[string]bool{}, map[string]bool{}
	add := func(text string) {
		for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
			r, _ := utf8.DecodeRuneInString(w)
			switch {
			case strings.ToUpper(w) == w:
				// All capitals: acronyms and headings say nothing.
			case unicode.IsUpper(r):
				capSeen[strings.ToLower(w)] = true
			default:
				lowerSeen[w] = true
			}
		}
	}
	for _, p := range doc.Programme.Preamble {
		add(p.Text)
	}
	add(doc.Programme.Agenda)
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			add(o.Text)
			for _, act := range o.Activities {
				add(act.Text)
				for _, c := range act.Components {
					add(c)
				}
			}
		}
	}
	return lowerSeen, capSeen
}

// historyRow is one entry of the public change record of a page.
type historyRow struct {
	Date, Action string
}

// history returns the public record of changes to a page's subject (the
// first) and the others it shows (an activity page shows its programme's
// import): when and what, without who (focal points' addresses stay
// private), and only what the public may see (AuditEntry.PublicOn).
func (s *Server) history(r *http.Request, l *locale.Localizer, subjects ...string) ([]historyRow, error) {
	entries, err := s.store.History(r.Context(), subjects...)
	if err != nil {
		return nil, err
	}
	var rows []historyRow
	for _, e := range entries {
		if !e.PublicOn(subjects[0]) {
			continue
		}
		action := l.T(bitacora.ActionMessageKey(e.Action))
		if period := e.AcceptedReport(); period != "" {
			action = l.T("history_report_accepted", "Period", l.Period(period, "", ""))
		}
		rows = append(rows, historyRow{Date: l.Date(e.At[:min(10, len(e.At))]), Action: action})
	}
	return rows, nil
}

// kindTitle names a party kind, in the plural for a directory heading.
func kindTitle(l *locale.Localizer, k bitacora.PartyKind, plural bool) string {
	if plural {
		return l.T("kind_" + string(k) + "_plural")
	}
	return l.T("kind_" + string(k))
}

// shownAcronym is the acronym to print after a name: none when the name is
// the acronym ("CEPAL").
func shownAcronym(p *bitacora.Party) string {
	if p.Acronym == p.Name {
		return ""
	}
	return p.Acronym
}
