package web

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Narratives are the authors' Markdown on everyone's page: whatever the
// text, rendering never panics and what it writes holds no element or
// attribute that runs script — no <script>, <iframe>, <object>, <embed> or
// <style>, no on… handler, no javascript:, vbscript: or data: address.
//
//	go test ./web -run '^$' -fuzz FuzzRenderMarkdown
func FuzzRenderMarkdown(f *testing.F) {
	for _, s := range []string{
		"**Taller** en São Paulo: [acta](https://example.org/acta.pdf)",
		"<script>alert(1)</script>",
		"[x](javascript:alert(1))",
		"![i](data:text/html;base64,PHNjcmlwdD4=)",
		"<img src=x onerror=alert(1)>",
		"[a](<jav&#x09;ascript:alert(1)>)",
		"<iframe src=//example.org></iframe>\n\n<style>*{}</style>",
		"- uno\n- dos\n\n> cita\n\n```\ncódigo\n```",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out := string(renderMarkdown(src))
		z := html.NewTokenizer(strings.NewReader(out))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			switch tok.Data {
			case "script", "iframe", "object", "embed", "style", "frame", "base", "form", "meta", "link":
				t.Fatalf("%q renders a <%s>: %s", src, tok.Data, out)
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				if strings.HasPrefix(a.Key, "on") ||
					(a.Key == "href" || a.Key == "src") && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:")) {
					t.Fatalf("%q renders %s=%q: %s", src, a.Key, a.Val, out)
				}
			}
		}
	})
}
