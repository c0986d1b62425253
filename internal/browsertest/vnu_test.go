package browsertest

import (
	"strings"
	"testing"
	"time"
)

func TestVNU(t *testing.T) {
	t.Parallel()
	tools := Require(t)
	good, err := testdata.ReadFile("testdata/good.html")
	if err != nil {
		t.Fatal(err)
	}
	bad, err := testdata.ReadFile("testdata/bad.html")
	if err != nil {
		t.Fatal(err)
	}
	// Keys as the web tests will use them, URL paths, with names that clash
	// once made file names.
	docs := map[string][]byte{
		"/":                 good,
		"/activities/A1":    good,
		"/activities?q=a b": good,
		"/activities_q_a_b": good,
		"/bad":              bad,
	}
	start := time.Now()
	got := tools.VNU(t, docs)
	t.Logf("vnu checked %d documents in %v", len(docs), time.Since(start).Round(time.Millisecond))

	for key, doc := range docs {
		errs := Errors(got[key])
		switch {
		case string(doc) == string(good) && len(errs) > 0:
			for _, m := range errs {
				t.Errorf("%s: %v", key, m)
			}
		case string(doc) == string(bad) && len(errs) == 0:
			t.Errorf("%s: no error, want some; messages: %v", key, got[key])
		}
	}
	var nesting bool
	for _, m := range got["/bad"] {
		t.Logf("/bad, as it should: %v", m)
		if m.IsError() && strings.Contains(m.Message, "nesting") {
			nesting = true
			if m.Line != 18 || m.Column == 0 || m.Extract == "" {
				t.Errorf("the nesting error lacks its place: %+v", m)
			}
		}
	}
	if !nesting {
		t.Error("vnu did not report the misnested <b><i>")
	}
}

func TestParseVNU(t *testing.T) {
	report := `{"messages":[
		{"type":"error","url":"file:/tmp/x/bad.html","lastLine":3,"firstColumn":5,"lastColumn":9,"message":"Stray end tag “b”.","extract":"<p></b>"},
		{"type":"info","subType":"warning","url":"file:/tmp/x/index.html","firstLine":1,"lastLine":2,"lastColumn":1,"message":"Consider adding a “lang” attribute."},
		{"type":"non-document-error","subType":"io","message":"Cannot read."}
	]}`
	msgs, err := parseVNU([]byte(report))
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 3 {
		t.Fatalf("got %d messages, want 3", len(msgs))
	}
	if m := msgs[0]; m.file != "bad.html" || m.Line != 3 || m.Column != 5 || !m.IsError() || m.IsWarning() {
		t.Errorf("error: got %+v", m)
	}
	if m := msgs[1]; m.file != "index.html" || m.Line != 1 || m.Column != 1 || m.IsError() || !m.IsWarning() {
		t.Errorf("warning: got %+v", m)
	}
	if m := msgs[2]; m.file != "" || !m.IsError() {
		t.Errorf("non-document error: got %+v", m)
	}
	if s := msgs[0].String(); s != "3:5: error: Stray end tag “b”.\n      <p></b>" {
		t.Errorf("String() = %q", s)
	}
}

func TestFileName(t *testing.T) {
	taken := map[string]string{}
	for _, tc := range []struct{ key, want string }{
		{"/", "index.html"},
		{"", "index-2.html"},
		{"/activities/A1?lang=es", "activities_A1_lang_es.html"},
		{"activities/A1 lang=es", "activities_A1_lang_es-2.html"},
		{"/report.html", "report.html"},
		{"../../etc/passwd", ".._.._etc_passwd.html"},
		{"..", "index-3.html"},
	} {
		got := fileName(tc.key, taken)
		if got != tc.want {
			t.Errorf("fileName(%q) = %q, want %q", tc.key, got, tc.want)
		}
		taken[got] = tc.key
	}
}
