package followup

import (
	"bytes"
	_ "embed"
	"html/template"
	"io"
	"strings"

	"github.com/elac/bitacora/locale"
	"github.com/yuin/goldmark"
)

//go:embed report.html
var reportTemplate string

// markdown renders the authors' narratives: goldmark's defaults write no
// raw HTML and no dangerous links, as the report page does.
var markdown = goldmark.New()

// Funcs are the template functions of the report body, for a template
// that includes it (the web page) to add.
var Funcs = template.FuncMap{
	"t": func(l *locale.Localizer, id string, kv ...any) string { return l.T(id, kv...) },
	"lang": func(r *Report, lang string) template.HTMLAttr {
		if lang == "" || lang == r.Lang {
			return ""
		}
		return template.HTMLAttr(` lang="` + template.HTMLEscapeString(lang) + `"`)
	},
	"join": func(list []string) string { return strings.Join(list, "; ") },
	"markdown": func(s string) template.HTML {
		var b bytes.Buffer
		if err := markdown.Convert([]byte(s), &b); err != nil {
			return template.HTML(template.HTMLEscapeString(s))
		}
		return template.HTML(b.String())
	},
	// svg is a chart drawn by the server (Indicator.SVG): trusted markup.
	"svg": func(s string) template.HTML { return template.HTML(s) },
	"ops": func(r *Report, ops []Operation) map[string]any { return map[string]any{"R": r, "Ops": ops} },
}

var bodyTemplate = template.Must(template.New("followup").Funcs(Funcs).Parse(reportTemplate))

// Body writes the report's body (an <article>), for a page to hold.
func Body(r *Report) (template.HTML, error) {
	var b bytes.Buffer
	if err := bodyTemplate.ExecuteTemplate(&b, "body", r); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// OperationsList writes the list of an activity's linked operations, as
// the activity page shows them.
func OperationsList(r *Report, ops []Operation) (template.HTML, error) {
	var b bytes.Buffer
	if err := bodyTemplate.ExecuteTemplate(&b, "operations", map[string]any{"R": r, "Ops": ops}); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

var standalone = template.Must(template.New("doc").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · {{.Symbol}}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;max-width:48rem;margin:0 auto;padding:1rem}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #999;padding:.2rem .5rem;text-align:left}
caption{font-weight:bold;text-align:left}dl.facts dt{font-weight:bold}dl.facts dd{margin:0 0 .3rem 1rem}
.activity{border-left:3px solid #666;padding-left:.8rem;margin:1rem 0}.hint{color:#555}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
ul.inline li{display:inline;margin-right:.5rem}
@media print{body{font:11pt/1.4 Georgia,serif;max-width:none}.followup-area{break-before:page}.activity{break-inside:avoid}h2,h3,h4{break-after:avoid}a{color:#000}}
</style>
</head>
<body>
<main>
{{.Body}}
</main>
</body>
</html>
`))

// HTML writes the report as a document of its own (what `bitacora report
// --format html` prints): the body with its own print stylesheet.
func HTML(w io.Writer, r *Report) error {
	body, err := Body(r)
	if err != nil {
		return err
	}
	return standalone.Execute(w, map[string]any{"Lang": r.Lang, "Title": r.Title, "Symbol": r.Symbol, "Body": body})
}
