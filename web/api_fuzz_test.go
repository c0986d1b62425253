package web_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
)

// Whatever body a client sends to a write of the API, the answer is never a
// server error and always one the API's description allows: a 2xx, or a
// 4xx in the error shape that says what was wrong. The writes are taken
// from the route table at run time, so one added later is fuzzed too; the
// sender holds every role and speaks for both parties of activity 1.1, so
// bodies get past the permission checks to the decoding and the rules.
//
// Writes that succeed change the database as the run goes on (a fuzz
// worker keeps one server), which is what a long-lived server sees too.
//
//	go test ./web -run '^$' -fuzz FuzzAPIWriteBodies
func FuzzAPIWriteBodies(f *testing.F) {
	_, db, srv := newSite(f, seedtest.SQLite(f))
	ctx := context.Background()
	u := makeUser(f, db, "fuzz@example.org", bitacora.RoleAdmin, bitacora.RoleSecretariat, bitacora.RoleBureau)
	for _, party := range []string{lead11, co11} {
		if _, err := db.AddMembership(ctx, u.ID, party, "2018-01-01", ""); err != nil {
			f.Fatal(err)
		}
	}
	tok, err := db.CreateToken(ctx, u.ID, "fuzz", bitacora.ScopeWrite)
	if err != nil {
		f.Fatal(err)
	}
	d, err := openAPI()
	if err != nil {
		f.Fatal(err)
	}
	writes := apiWrites(f, srv)
	seeds := []string{
		`{"version": 0, "status": "under_way", "completion": "limited", "narrative": "**Avance** en São Paulo", "links": [{"url": "https://example.org", "title": "Acta"}]}`,
		`{"version": 1, "decision": "accept"}`,
		`{"version": 1, "party": "isoc", "text": "Aporte."}`,
		`{"version": 1, "approved_on": "2020-01-01"}`,
		`{"weights": {"1.1": 2, "1.2": 0.5}}`,
		`{"periods": ["2019-H1", "2019-H2"]}`,
		`{"subject": "activity:1.1", "field": "text", "lang": "en", "text": "x"}`,
		`{"code": "i1", "name": {"es": "Indicador"}, "unit": "%"}`,
		`{"links": ["https://example.org"]}`,
		`{"version": "1"}`,
		`{"version": 1e400}`,
		`[]`, `null`, `{`, ``, `{"a":{"b":{"c":[[[[[]]]]]}}}`,
		"{\"text\": \"\xff\"}",
	}
	for i := range writes {
		for _, s := range seeds {
			f.Add(uint8(i), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		w := writes[int(which)%len(writes)]
		r := httptest.NewRequest(w.method, w.path, bytes.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+tok)
		r.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, r)
		if rec.Code >= 500 {
			t.Fatalf("%s %s with %q: %d %s", w.method, w.path, body, rec.Code, rec.Body.String())
		}
		if msg := d.problem(r, rec.Code, rec.Header(), rec.Body.Bytes()); msg != "" {
			t.Fatalf("%s %s with %q: %d, outside the description: %s", w.method, w.path, body, rec.Code, msg)
		}
	})
}
