package mail

import (
	"bytes"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/store"
)

// A kind says how a message of that kind is written: its catalogue keys
// (mail.LANG.json; each takes the refs' fields as template data) and the
// page it links to. Adding a kind: a constant and a store write that calls
// writer.tell (store/outbox.go), an entry here, and its keys in the four
// catalogues.
type kind struct {
	subject, body, action, why string
	// link is the path (without language) the message points to, or ""
	// for none; password kinds link to a one-time link made at send time.
	link     func(r store.Refs) string
	password bool
	// prefs: the footer links to the preferences page (the kinds a user
	// may turn off).
	prefs bool
}

func reportPath(r store.Refs) string {
	return "/" + url.PathEscape(r.Programme) + "/activities/" + url.PathEscape(r.Activity) + "/reports/" + url.PathEscape(r.Period)
}

var kinds = map[string]kind{
	store.KindInvitation: {subject: "mail_invitation_subject", body: "mail_invitation_body", action: "mail_invitation_action",
		why: "mail_why_invitation", password: true},
	store.KindPasswordReset: {subject: "mail_reset_subject", body: "mail_reset_body", action: "mail_reset_action",
		why: "mail_why_reset", password: true},
	store.KindReportSubmitted: {subject: "mail_submitted_subject", body: "mail_submitted_body", action: "mail_submitted_action",
		why: "mail_why_bureau", link: reportPath, prefs: true},
	store.KindReportToCo: {subject: "mail_submitted_co_subject", body: "mail_submitted_co_body", action: "mail_report_action",
		why: "mail_why_co", link: reportPath, prefs: true},
	store.KindReportReturned: {subject: "mail_returned_subject", body: "mail_returned_body", action: "mail_returned_action",
		why: "mail_why_responsible", link: reportPath, prefs: true},
	store.KindReportAccepted: {subject: "mail_accepted_subject", body: "mail_accepted_body", action: "mail_report_action",
		why: "mail_why_responsible", link: reportPath, prefs: true},
	store.KindRevisionDraft: {subject: "mail_revision_subject", body: "mail_revision_body", action: "mail_revision_action",
		why: "mail_why_bureau", prefs: true, link: func(r store.Refs) string {
			return "/" + url.PathEscape(r.Programme) + "/revisions/" + strconv.FormatInt(r.Revision, 10)
		}},
	store.KindRevisionReturn: {subject: "mail_revision_returned_subject", body: "mail_revision_returned_body", action: "mail_revision_action",
		why: "mail_why_drafter", prefs: true, link: func(r store.Refs) string {
			return "/" + url.PathEscape(r.Programme) + "/revisions/" + strconv.FormatInt(r.Revision, 10)
		}},
	store.KindVersionApproved: {subject: "mail_version_subject", body: "mail_version_body", action: "mail_version_action",
		why: "mail_why_role", prefs: true, link: func(r store.Refs) string {
			return "/" + url.PathEscape(r.Programme) + "/diff?from=" + strconv.Itoa(r.Version-1) + "&to=" + strconv.Itoa(r.Version)
		}},
	store.KindDigest: {subject: "mail_digest_subject", body: "mail_digest_body", why: "mail_why_digest", prefs: true},
	store.KindReminder: {subject: "mail_reminder_subject", body: "mail_reminder_body", action: "mail_reminder_action",
		why: "mail_why_responsible", link: reportPath, prefs: true},
	store.KindReminderOverdue: {subject: "mail_overdue_subject", body: "mail_overdue_body", action: "mail_reminder_action",
		why: "mail_why_responsible", link: reportPath, prefs: true},
	store.KindReminderSummary: {subject: "mail_reminder_summary_subject", body: "mail_reminder_summary_body", action: "mail_reminder_summary_action",
		why: "mail_why_secretariat", prefs: true, link: func(r store.Refs) string { return "/" + url.PathEscape(r.Programme) + "/cycle" }},
}

// Rendered is a message ready to send.
type Rendered struct {
	Subject, Text, HTML string
}

// renderer writes messages in their recipients' languages.
type renderer struct {
	cat  *locale.Catalog
	base string // the site's address, start of every link
}

func (r *renderer) url(lang, path string) string { return r.base + "/" + lang + path }

// PasswordPath is the page a one-time link opens (web/links.go's
// PasswordLink builds the same).
const passwordPath = "/password/set"

// item is a line of a digest, or the one action of a message.
type item struct{ Text, Link string }

// render writes message m. token is the one-time link's token of a
// password kind; items are a digest's messages.
func (r *renderer) render(m *store.Message, token string, items []store.Message) (Rendered, bool) {
	k, ok := kinds[m.Kind]
	if !ok {
		return Rendered{}, false
	}
	lang := m.User.Lang
	if !locale.IsSupported(lang) {
		lang = locale.Supported[0]
	}
	l := r.cat.Localizer(lang)
	data := refsData(l, m.Refs, m.User.Name)
	data = append(data, "Count", len(items))
	v := view{Lang: lang, Greeting: l.T("mail_greeting", "Name", m.User.Name), Body: l.T(k.body, data...),
		Comment: m.Refs.Comment, Why: l.T(k.why)}
	subject := l.T(k.subject, data...)
	switch {
	case k.password:
		v.Action = item{l.T(k.action), r.base + "/" + lang + passwordPath + "?token=" + url.QueryEscape(token)}
	case k.link != nil:
		v.Action = item{l.T(k.action), r.url(lang, k.link(m.Refs))}
	}
	for _, it := range items {
		ik, ok := kinds[it.Kind]
		if !ok {
			continue
		}
		line := item{Text: l.T(ik.subject, refsData(l, it.Refs, m.User.Name)...)}
		if m.Kind == store.KindReminderSummary {
			line.Text += " — " + it.User.Name // who was reminded
		}
		if ik.link != nil {
			line.Link = r.url(lang, ik.link(it.Refs))
		}
		v.Items = append(v.Items, line)
	}
	if k.prefs {
		v.Prefs = item{l.T("mail_prefs_footer"), r.url(lang, "/account/mail")}
	}
	var text strings.Builder
	text.WriteString(v.Greeting + "\n\n" + v.Body + "\n")
	if v.Comment != "" {
		text.WriteString("\n")
		for _, line := range strings.Split(v.Comment, "\n") {
			text.WriteString("> " + line + "\n")
		}
	}
	for _, it := range v.Items {
		text.WriteString("\n- " + it.Text + "\n  " + it.Link + "\n")
	}
	if v.Action.Link != "" {
		text.WriteString("\n" + v.Action.Text + ":\n" + v.Action.Link + "\n")
	}
	text.WriteString("\n-- \n" + v.Why + "\n")
	if v.Prefs.Link != "" {
		text.WriteString(v.Prefs.Text + ": " + v.Prefs.Link + "\n")
	}
	var html bytes.Buffer
	if err := htmlMessage.Execute(&html, v); err != nil {
		return Rendered{}, false
	}
	return Rendered{Subject: subject, Text: text.String(), HTML: html.String()}, true
}

// refsData are what a message's sentences may name; the period as people
// say it ("First half of 2019"), its key staying in the links.
func refsData(l *locale.Localizer, r store.Refs, name string) []any {
	return []any{"Name", name, "Programme", r.Programme, "Activity", r.Activity, "Period", l.Period(r.Period, "", ""),
		"Version", r.Version, "Revision", r.Revision, "Title", r.Title, "Deadline", r.Deadline, "Days", r.Days}
}

type view struct {
	Lang, Greeting, Body, Comment, Why string
	Action, Prefs                      item
	Items                              []item
}

// htmlMessage is the HTML part: simple markup that mail readers show as
// it is, no images, no styles beyond a few inline ones.
var htmlMessage = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Greeting}}</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
<p>{{.Greeting}}</p>
<p>{{.Body}}</p>
{{- if .Comment}}
<blockquote style="border-left: 3px solid #888; margin-left: 0; padding-left: 1em; white-space: pre-line">{{.Comment}}</blockquote>
{{- end}}
{{- if .Items}}
<ul>{{range .Items}}<li>{{if .Link}}<a href="{{.Link}}">{{.Text}}</a>{{else}}{{.Text}}{{end}}</li>{{end}}</ul>
{{- end}}
{{- if .Action.Link}}
<p><a href="{{.Action.Link}}">{{.Action.Text}}</a></p>
{{- end}}
<hr>
<p style="font-size: smaller">{{.Why}}{{if .Prefs.Link}}<br><a href="{{.Prefs.Link}}">{{.Prefs.Text}}</a>{{end}}</p>
</body></html>
`))
